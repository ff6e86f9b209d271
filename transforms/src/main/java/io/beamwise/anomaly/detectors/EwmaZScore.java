package io.beamwise.anomaly.detectors;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.beam.sdk.coders.CoderException;

/**
 * Z-score of each point against an exponentially weighted moving mean and variance of the points
 * before it, with the incremental recurrences of Finch, "Incremental calculation of weighted mean
 * and variance" (University of Cambridge, 2009), section 9 (after West, "Updating mean and
 * variance estimates: an improved method", CACM 22(9), 1979):
 *
 * <pre>{@code
 * diff     = x - mean
 * incr     = alpha * diff
 * mean     = mean + incr
 * variance = (1 - alpha) * (variance + diff * incr)
 * }</pre>
 *
 * starting from {@code mean = x}, {@code variance = 0} at the first point.
 *
 * <p>Parameter {@code alpha} in (0, 1] is the weight of the newest point (dimensionless); the
 * weight of a point {@code k} points old is {@code alpha (1 - alpha)^k}, so the half-life in
 * points is {@code ln 2 / -ln(1 - alpha)} (about {@code 0.693 / alpha} for small alpha; {@link
 * #alphaForHalfLife} converts). {@code alpha = 1} forgets everything but the last point (variance
 * 0).
 *
 * <p>Score mapping: {@code score = z / (z + zScale)} with {@code z = |x − mean| / max(std,
 * minStd)}, exactly as {@link RollingZScore}: with the default {@code zScale = 3}, 3 sigma scores
 * 0.5, 6 sigma 0.667, 27 sigma 0.9. A point that differs from a perfectly constant history (std =
 * minStd = 0) scores 1, a repeat of it 0; NaN and ±Infinity score 1.
 *
 * <p>Warm-up: the variance starts at 0 and the weight of that start after {@code n} points is
 * {@code (1 - alpha)^n}, so early standard deviations are too small. By default the detector is
 * ready once that weight is below 5%: {@code minPoints = ceil(ln 0.05 / ln(1 - alpha))} (about
 * {@code 3 / alpha}), at least 2 and at most {@value #MAX_DEFAULT_MIN_POINTS}.
 *
 * <p>Memory: O(1), a count and two doubles. {@link #learn} ignores NaN and ±Infinity (the parser
 * dead-letters them), and saturates the variance at {@link Double#MAX_VALUE} when squares of
 * values beyond about 1e154 overflow, so that one huge point cannot poison the state forever.
 */
public final class EwmaZScore implements Detector {

  /** Upper bound of the default warm-up. */
  static final int MAX_DEFAULT_MIN_POINTS = 100_000;

  private final Spec spec;
  private long count;
  private double mean;
  private double variance;

  EwmaZScore(Spec spec) {
    this.spec = spec;
  }

  /**
   * Configuration with weight {@code alpha} in (0, 1], the default warm-up (see the class
   * documentation), zScale 3, minStd 0.
   */
  public static Spec spec(double alpha) {
    checkArgument(alpha > 0 && alpha <= 1, "alpha must be in (0, 1], got %s", alpha);
    return new Spec(alpha, defaultMinPoints(alpha), 3.0, 0.0);
  }

  /**
   * The {@code alpha} whose weights halve every {@code halfLife} points: {@code 1 − 2^(−1 /
   * halfLife)}.
   *
   * @throws IllegalArgumentException unless {@code halfLife} is positive and finite
   */
  public static double alphaForHalfLife(double halfLife) {
    SpecChecks.positive("halfLife", halfLife);
    return -Math.expm1(-Math.log(2) / halfLife);
  }

  /** {@code ceil(ln 0.05 / ln(1 − alpha))}, clamped to [2, MAX_DEFAULT_MIN_POINTS]. */
  static int defaultMinPoints(double alpha) {
    if (alpha >= 1) {
      return 2;
    }
    double points = Math.ceil(Math.log(0.05) / Math.log1p(-alpha));
    return (int) Math.max(2, Math.min(MAX_DEFAULT_MIN_POINTS, points));
  }

  @Override
  public boolean isReady() {
    return count >= spec.minPoints;
  }

  @Override
  public double score(double x) {
    if (count == 0) {
      return 0.0;
    }
    return Scores.deviation(x, mean, Math.max(Math.sqrt(variance), spec.minStd), spec.zScale);
  }

  /** The exponentially weighted {@code mean} and {@code std}, and {@code z} of {@code x}. */
  @Override
  public java.util.Map<String, Double> details(double x) {
    if (!isReady()) {
      return java.util.Collections.emptyMap();
    }
    double std = Math.sqrt(variance);
    return Scores.details("mean", mean, "std", std, "z", Math.abs(x - mean) / Math.max(std, spec.minStd));
  }

  @Override
  public void learn(double x) {
    if (!Double.isFinite(x)) {
      return;
    }
    if (count == 0) {
      mean = x;
      variance = 0.0;
    } else {
      double oneMinusAlpha = 1.0 - spec.alpha;
      double diff = x - mean;
      if (Double.isFinite(diff)) {
        double incr = spec.alpha * diff;
        mean += incr;
        // diff * incr may overflow to +Infinity: saturate (0 when alpha = 1).
        variance =
            oneMinusAlpha == 0.0
                ? 0.0
                : Math.min(oneMinusAlpha * (variance + diff * incr), Double.MAX_VALUE);
      } else {
        // x and mean are huge with opposite signs: the convex form of the mean cannot overflow.
        mean = oneMinusAlpha * mean + spec.alpha * x;
        variance = oneMinusAlpha == 0.0 ? 0.0 : Double.MAX_VALUE;
      }
    }
    if (count < Long.MAX_VALUE) {
      count++;
    }
  }

  /** The moving mean (for tests). */
  double mean() {
    return mean;
  }

  /** The moving standard deviation (for tests); NaN before the first point. */
  double stdDev() {
    return count == 0 ? Double.NaN : Math.sqrt(variance);
  }

  /** Points learned (for tests). */
  long count() {
    return count;
  }

  /** Configuration of an {@link EwmaZScore}. Immutable. */
  public record Spec(double alpha, int minPoints, double zScale, double minStd)
      implements DetectorSpec {
    private static final long serialVersionUID = 1L;

    public Spec {
      checkArgument(alpha > 0 && alpha <= 1, "alpha must be in (0, 1], got %s", alpha);
      checkArgument(minPoints >= 2, "minPoints must be at least 2, got %s", minPoints);
      SpecChecks.positive("zScale", zScale);
      SpecChecks.nonNegative("minStd", minStd);
    }

    /** Points needed before scoring; at least 2. */
    public Spec withMinPoints(int minPoints) {
      return new Spec(alpha, minPoints, zScale, minStd);
    }

    /** The z at which the score is 0.5; positive. */
    public Spec withZScale(double zScale) {
      return new Spec(alpha, minPoints, zScale, minStd);
    }

    /** A floor under the standard deviation, in the value's units; at least 0. */
    public Spec withMinStd(double minStd) {
      return new Spec(alpha, minPoints, zScale, minStd);
    }

    @Override
    public Detector create() {
      return new EwmaZScore(this);
    }

    @Override
    public String describe() {
      return String.format(
          "ewma-zscore(alpha=%s, minPoints=%d, zScale=%s, minStd=%s)",
          alpha, minPoints, zScale, minStd);
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /**
   * Writes the count, the moving mean and the moving variance exactly (24 bytes), so a decoded
   * detector continues bit-for-bit as the original would.
   */
  @Override
  public void writeState(DataOutputStream data) throws IOException {
    data.writeLong(this.count);
    data.writeDouble(this.mean);
    data.writeDouble(this.variance);
  }

  @Override
  public void readState(DataInputStream data) throws IOException {
    long count = data.readLong();
    if (count < 0) {
      throw new CoderException("encoded count " + count + " is negative");
    }
    this.count = count;
    this.mean = data.readDouble();
    this.variance = data.readDouble();
  }
}
