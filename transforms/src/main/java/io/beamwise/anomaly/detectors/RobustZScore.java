package io.beamwise.anomaly.detectors;

/**
 * Robust z-score of each point against the median and the median absolute deviation (MAD) of the
 * previous {@code window} points (a sliding window), after the modified z-score of Iglewicz and
 * Hoaglin, "How to Detect and Handle Outliers" (ASQC Basic References in Quality Control, vol. 16,
 * 1993), {@code M = 0.6745 (x − median) / MAD}.
 *
 * <p>Form used: {@code z = |x − median| / (1.4826 · MAD)}, where {@code 1.4826 ≈ 1 / 0.6745 = 1 /
 * Φ⁻¹(3/4)} makes {@code 1.4826 · MAD} a consistent estimator of the standard deviation of normal
 * data; so {@code z} is |M| up to the rounding of the constants, in units of (robust) standard
 * deviations. When more than half the window equals the median, MAD is 0: the scale falls back
 * to {@code 1.2533 · MeanAD} ({@code 1.2533 ≈ √(π/2)}, MeanAD the mean absolute deviation from
 * the median, as in IBM SPSS's modified z-score).
 *
 * <p>Scale floor: the scale is then raised to at least {@code rangeFraction · (max − min)}, the
 * window's range (default {@code rangeFraction = 0.05}). Without it, a mostly constant or
 * zero-inflated window (NAB's rogue-agent key timings) has a tiny MeanAD, and a value off the
 * median scores nearly 1; a constant window scores every other value 1. For normal data the range
 * of a few hundred points is about 6 sigma, so the default floor (about 0.3 sigma) leaves ordinary
 * windows unchanged; when it binds, a value within the window's range is at most 20 scales out
 * (score 0.87 with zScale 3). The price: the range is not robust, so spikes inside the window
 * raise the floor (an outlier of size A raises it to 0.05 A) and blunt the detector until they
 * leave the window, which the median and MAD alone would not; {@code withRangeFraction(0)} keeps
 * the fully robust scale. A constant window (range 0) still scores a point equal to the median 0
 * and any other point 1. See {@link IqrDetector} for the floors tried and rejected.
 *
 * <p>Score mapping: {@code score = z / (z + zScale)}, as {@link RollingZScore}: with the default
 * {@code zScale = 3}, 3 robust sigma scores 0.5, 6 sigma 0.667 and 27 sigma 0.9; Iglewicz and
 * Hoaglin's outlier cut-off |M| > 3.5 is a score of 0.538. NaN and ±Infinity score 1.
 *
 * <p>Ready after {@code minPoints} points. The median of an even count is the midpoint of the two
 * middle values, and likewise for MAD. Memory: {@code 2 · window} doubles, the window in arrival
 * order and a sorted copy ({@link SortedWindow}); {@link #learn} costs a binary search and one
 * array shift, O(window), and the first {@link #score} after it a binary search in the two
 * sorted runs of deviations left and right of the median, O(log window), or O(window) when MAD is
 * 0 and the mean absolute deviation is needed. Only the window, in arrival order, is encoded. {@link
 * #learn} ignores NaN and ±Infinity (the parser dead-letters them).
 */
public final class RobustZScore extends SortedWindowDetector {

  /** {@code 1 / Φ⁻¹(3/4)}: MAD times this estimates the standard deviation of normal data. */
  public static final double MAD_TO_SIGMA = 1.4826;

  /** {@code √(π/2)}: the mean absolute deviation times this estimates the normal sd. */
  public static final double MEAN_AD_TO_SIGMA = 1.2533;

  private final Spec spec;
  // Derived from the window, recomputed lazily after each learn; never encoded.
  private boolean stale = true;
  private double median;
  private double scale;

  RobustZScore(Spec spec) {
    super(spec.window, spec.minPoints);
    this.spec = spec;
  }

  /**
   * Configuration with {@code window} points, ready after {@code min(window, 30)} points, zScale
   * 3, rangeFraction 0.05.
   */
  public static Spec spec(int window) {
    return new Spec(window, Math.min(window, 30), 3.0, DEFAULT_RANGE_FRACTION);
  }

  /** Default floor under the scale, as a fraction of the window's range ({@code max − min}). */
  public static final double DEFAULT_RANGE_FRACTION = 0.05;

  @Override
  public double score(double x) {
    if (window.size() == 0) {
      return 0.0;
    }
    refresh();
    return Scores.deviation(x, median, scale, spec.zScale);
  }

  /** The window's {@code median}, the robust {@code scale} used and {@code z} of {@code x}. */
  @Override
  public java.util.Map<String, Double> details(double x) {
    if (!isReady()) {
      return java.util.Collections.emptyMap();
    }
    refresh();
    return Scores.details("median", median, "scale", scale, "z", Math.abs(x - median) / scale);
  }

  @Override
  void learned() {
    stale = true;
  }

  private void refresh() {
    if (!stale) {
      return;
    }
    median = window.median();
    double mad = window.medianAbsoluteDeviation(median);
    scale =
        mad > 0.0
            ? MAD_TO_SIGMA * mad
            : MEAN_AD_TO_SIGMA * window.meanAbsoluteDeviation(median);
    scale = Math.max(scale, window.rangeFloor(spec.rangeFraction));
    stale = false;
  }

  /** Median of the current window (for tests); NaN when empty. */
  double median() {
    if (window.size() == 0) {
      return Double.NaN;
    }
    refresh();
    return median;
  }

  /** The robust standard deviation, 1.4826 MAD or its fallback (for tests); NaN when empty. */
  double scale() {
    if (window.size() == 0) {
      return Double.NaN;
    }
    refresh();
    return scale;
  }

  /** Configuration of a {@link RobustZScore}. Immutable. */
  public record Spec(int window, int minPoints, double zScale, double rangeFraction)
      implements DetectorSpec {
    private static final long serialVersionUID = 1L;

    public Spec {
      SpecChecks.window(window, minPoints);
      SpecChecks.positive("zScale", zScale);
      SpecChecks.nonNegative("rangeFraction", rangeFraction);
    }

    /** Points needed before scoring; in [2, window]. */
    public Spec withMinPoints(int minPoints) {
      return new Spec(window, minPoints, zScale, rangeFraction);
    }

    /** The robust z at which the score is 0.5; positive. */
    public Spec withZScale(double zScale) {
      return new Spec(window, minPoints, zScale, rangeFraction);
    }

    /** A floor under the scale as a fraction of the window's range; at least 0, 0 for none. */
    public Spec withRangeFraction(double rangeFraction) {
      return new Spec(window, minPoints, zScale, rangeFraction);
    }

    @Override
    public Detector create() {
      return new RobustZScore(this);
    }

    @Override
    public String describe() {
      return String.format(
          "robust-zscore(window=%d, minPoints=%d, zScale=%s, rangeFraction=%s)",
          window, minPoints, zScale, rangeFraction);
    }

    @Override
    public String toString() {
      return describe();
    }
  }
}
