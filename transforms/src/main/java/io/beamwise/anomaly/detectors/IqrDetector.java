package io.beamwise.anomaly.detectors;

/**
 * Tukey's fences (Tukey, Exploratory Data Analysis, Addison-Wesley, 1977, ch. 2) over the
 * previous {@code window} points (a sliding window): the first and third quartiles Q1 and Q3, the
 * interquartile range {@code IQR = Q3 − Q1}, and the distance of a point outside [Q1, Q3] in IQRs.
 *
 * <p>Quartiles: linear interpolation between order statistics, Hyndman and Fan (1996) type 7, the
 * default of R's {@code quantile} and numpy's {@code percentile}: with the window sorted as {@code
 * s[0..n−1]} and {@code h = (n − 1) p}, {@code Q(p) = s[⌊h⌋] + (h − ⌊h⌋)(s[⌊h⌋ + 1] − s[⌊h⌋])}; Q1
 * = Q(0.25), Q3 = Q(0.75).
 *
 * <p>Score mapping: {@code d = (Q1 − x) / IQR} below Q1, {@code (x − Q3) / IQR} above Q3, 0 inside
 * (dimensionless, in IQRs), and {@code score = d / (d + k)}. With Tukey's default {@code k = 1.5}
 * a point on the inner fence {@code Q3 + 1.5 IQR} scores 0.5, one on the outer ("far out") fence
 * {@code Q3 + 3 IQR} 0.667, and 13.5 IQRs out 0.9. NaN and ±Infinity score 1.
 *
 * <p>Scale floor: the scale is {@code max(IQR, minIqr, rangeFraction · (max − min))}, {@code
 * minIqr} in the value's units (default 0) and {@code max − min} the window's range (default
 * {@code rangeFraction = 0.05}). Without a floor, a window where at least half the points hold one
 * value (a mostly constant or zero-inflated series, such as NAB's rogue-agent key timings) has IQR
 * 0 and every point outside [Q1, Q3] scores 1. The range is the one spread the window still has
 * then, and it is in the value's units whatever the level (a floor relative to the median fails
 * on series that are mostly 0). For normal data the range of a few hundred points is about 6
 * sigma and the IQR 1.35 sigma (0.22 range), so the default floor leaves ordinary windows
 * unchanged and only binds when the middle half of the window spans under 5% of its range; then
 * a value within the window's range scores at most {@code 20 / (20 + k)} (0.93), and only values
 * far beyond it approach 1. The price: the range is not robust, so spikes inside the window raise
 * the floor (an outlier of size A raises it to 0.05 A) and make the detector less sensitive until
 * they leave the window. {@code withRangeFraction(0)} restores the unfloored IQR; a constant
 * window (range 0) still scores any other value 1 unless {@code minIqr} is positive. The range
 * is read from the sorted window, O(1). (Tried on NAB's realKnownCause files, a floor at the
 * smallest gap between values, at a fraction of |median|, at half the IQR of the values off the
 * median, or at the central 90% range all scored lower than the full range.)
 *
 * <p>Ready after {@code minPoints} points. Memory: {@code 2 · window} doubles, the window in
 * arrival order and a sorted copy ({@link SortedWindow}); {@link #learn} costs a binary search and
 * one array shift, O(window); {@link #score} is O(1). Only the window, in arrival order, is
 * encoded. {@link #learn} ignores NaN and ±Infinity (the parser dead-letters them).
 */
public final class IqrDetector extends SortedWindowDetector {

  private final Spec spec;

  IqrDetector(Spec spec) {
    super(spec.window, spec.minPoints);
    this.spec = spec;
  }

  /**
   * Configuration with {@code window} points, ready after {@code min(window, 30)} points, k 1.5,
   * minIqr 0, rangeFraction 0.05.
   */
  public static Spec spec(int window) {
    return new Spec(window, Math.min(window, 30), 1.5, 0.0, DEFAULT_RANGE_FRACTION);
  }

  /** Default floor under the scale, as a fraction of the window's range ({@code max − min}). */
  public static final double DEFAULT_RANGE_FRACTION = 0.05;

  @Override
  public double score(double x) {
    if (window.size() == 0) {
      return 0.0;
    }
    if (Double.isNaN(x)) {
      return 1.0;
    }
    double q1 = q1();
    double q3 = q3();
    double outside;
    if (x < q1) {
      outside = q1 - x;
    } else if (x > q3) {
      outside = x - q3;
    } else {
      return 0.0;
    }
    double scale = Math.max(q3 - q1, spec.minIqr);
    scale = Math.max(scale, window.rangeFloor(spec.rangeFraction));
    if (scale == 0.0) {
      return 1.0;
    }
    return Scores.saturating(outside / scale, spec.k);
  }

  /** The window's quartiles {@code q1} and {@code q3}. */
  @Override
  public java.util.Map<String, Double> details(double x) {
    if (!isReady()) {
      return java.util.Collections.emptyMap();
    }
    return Scores.details("q1", q1(), "q3", q3());
  }

  /** First quartile of the current window (type 7); NaN when empty. */
  double q1() {
    return window.size() == 0 ? Double.NaN : window.quantile(0.25);
  }

  /** Third quartile of the current window (type 7); NaN when empty. */
  double q3() {
    return window.size() == 0 ? Double.NaN : window.quantile(0.75);
  }

  /** Configuration of an {@link IqrDetector}. Immutable. */
  public record Spec(int window, int minPoints, double k, double minIqr, double rangeFraction)
      implements DetectorSpec {
    private static final long serialVersionUID = 1L;

    public Spec {
      SpecChecks.window(window, minPoints);
      SpecChecks.positive("k", k);
      SpecChecks.nonNegative("minIqr", minIqr);
      SpecChecks.nonNegative("rangeFraction", rangeFraction);
    }

    /** Points needed before scoring; in [2, window]. */
    public Spec withMinPoints(int minPoints) {
      return new Spec(window, minPoints, k, minIqr, rangeFraction);
    }

    /** The fence, in IQRs outside [Q1, Q3], at which the score is 0.5; positive. */
    public Spec withK(double k) {
      return new Spec(window, minPoints, k, minIqr, rangeFraction);
    }

    /** A floor under the IQR, in the value's units; at least 0. */
    public Spec withMinIqr(double minIqr) {
      return new Spec(window, minPoints, k, minIqr, rangeFraction);
    }

    /** A floor under the IQR as a fraction of the window's range; at least 0, 0 for none. */
    public Spec withRangeFraction(double rangeFraction) {
      return new Spec(window, minPoints, k, minIqr, rangeFraction);
    }

    @Override
    public Detector create() {
      return new IqrDetector(this);
    }

    @Override
    public String describe() {
      return String.format(
          "iqr(window=%d, minPoints=%d, k=%s, minIqr=%s, rangeFraction=%s)",
          window, minPoints, k, minIqr, rangeFraction);
    }

    @Override
    public String toString() {
      return describe();
    }
  }
}
