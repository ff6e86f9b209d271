package io.beamwise.anomaly.detectors;

/** The score mapping the detectors share. */
final class Scores {

  private Scores() {}

  /**
   * Maps a non-negative distance (a z-score, a number of IQRs, ...) to [0, 1]: {@code d / (d +
   * half)}, so a distance of {@code half} scores 0.5 and the score keeps its resolution near 1 (it
   * reaches 1 only for an infinite distance). An infinite or NaN distance (overflow, or a NaN
   * query) scores 1: maximal.
   */
  static double saturating(double distance, double half) {
    if (!(distance < Double.POSITIVE_INFINITY)) {
      return 1.0;
    }
    return distance / (distance + half);
  }

  /**
   * {@link Detector#details} as a map sorted by name (so that its JSON form is stable), from
   * alternating names and values.
   */
  static java.util.Map<String, Double> details(Object... namesAndValues) {
    java.util.Map<String, Double> map = new java.util.TreeMap<>();
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      map.put((String) namesAndValues[i], (Double) namesAndValues[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }
}
