package io.beamwise.anomaly.detectors;

import org.apache.beam.sdk.annotations.Internal;

/**
 * The score mapping and the details map the detectors share. Public only so that detectors in
 * their own packages (such as {@code detectors.cad}) share it too: not part of the library's API.
 */
@Internal
public final class Scores {

  private Scores() {}

  /**
   * Maps a non-negative distance (a z-score, a number of IQRs, ...) to [0, 1]: {@code d / (d +
   * half)}, so a distance of {@code half} scores 0.5 and the score keeps its resolution near 1 (it
   * reaches 1 only for an infinite distance). An infinite or NaN distance (overflow, or a NaN
   * query) scores 1: maximal.
   */
  public static double saturating(double distance, double half) {
    if (!(distance < Double.POSITIVE_INFINITY)) {
      return 1.0;
    }
    return distance / (distance + half);
  }

  /**
   * The score of {@code x} against a {@code center} and a {@code scale}: 0 at the center, 1
   * anywhere else when the scale is 0, else {@link #saturating} of {@code |x − center| / scale}
   * with {@code half} (NaN and ±Infinity score 1). The mapping of the z-score detectors.
   */
  public static double deviation(double x, double center, double scale, double half) {
    double deviation = Math.abs(x - center);
    if (deviation == 0.0) {
      return 0.0;
    }
    if (scale == 0.0) {
      return 1.0;
    }
    return saturating(deviation / scale, half);
  }

  /**
   * {@link Detector#details} as a map sorted by name (so that its JSON form is stable), from
   * alternating names and values.
   */
  public static java.util.Map<String, Double> details(Object... namesAndValues) {
    return detailsOver(java.util.Collections.emptyMap(), namesAndValues);
  }

  /**
   * A wrapper's {@link Detector#details}: the wrapped detector's {@code inner} details plus
   * alternating names and values (which win on a clash), sorted by name.
   */
  public static java.util.Map<String, Double> detailsOver(
      java.util.Map<String, Double> inner, Object... namesAndValues) {
    java.util.Map<String, Double> map = new java.util.TreeMap<>(inner);
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      map.put((String) namesAndValues[i], (Double) namesAndValues[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }
}
