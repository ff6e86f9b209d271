package io.beamwise.anomaly.detectors;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.beam.sdk.coders.CoderException;

/**
 * Mahalanobis distance of each point from an online, exponentially forgetting mean and covariance
 * of the points before it (Mahalanobis, "On the generalised distance in statistics", 1936).
 *
 * <p>Online covariance: Welford's update (Welford, "Note on a method for calculating corrected
 * sums of squares and products", Technometrics 4(3), 1962), in the weighted form of West (CACM
 * 22(9), 1979) and Finch ("Incremental calculation of weighted mean and variance", 2009, section
 * 9), applied to the covariance matrix as in the pairwise/online co-moment formulas of Chan, Golub
 * and LeVeque ("Updating formulae and a pairwise algorithm for computing sample variances", 1979)
 * and Pébay ("Formulas for robust, one-pass parallel computation of covariances and arbitrary-order
 * statistical moments", Sandia report SAND2008-6212, 2008). With {@code w} the weight of the new
 * point:
 *
 * <pre>{@code
 * diff = x - mean
 * mean = mean + w * diff
 * C    = (1 - w) * (C + w * diff * diff^T)
 * }</pre>
 *
 * <p>Forgetting: the {@code n}-th point learned gets weight {@code w = max(alpha, 1 / n)}, with
 * {@code alpha} in (0, 1] (dimensionless). While {@code 1 / n >= alpha} this is exactly the equal
 * weight Welford update (mean and population covariance {@code M2 / n} of all points so far);
 * afterwards older points decay by {@code (1 − alpha)} per point, as in {@link EwmaZScore} (half
 * life about {@code 0.693 / alpha} points; {@link EwmaZScore#alphaForHalfLife} converts). A tiny
 * alpha such as 1e-9 is all data with equal weights. {@code alpha = 1} keeps only the last point
 * (covariance 0). Exponential forgetting rather than a sliding window keeps memory at O(d²): a
 * count, the mean and the lower triangle of C, independent of the number of points.
 *
 * <p>Regularisation: distances use {@code S = C + ridge * I} with {@code ridge = lambda *
 * trace(C) / d} (default lambda 1e-6, relative to the mean variance so that it is unit-free),
 * which makes S positive definite whenever C is not zero, e.g. when fewer than d + 1 points were
 * learned or components are collinear. {@code D² = diff^T S^-1 diff} is computed by a Cholesky
 * factorisation {@code S = L L^T} and one forward substitution, {@code D² = |L^-1 diff|²}, in
 * O(d³) time per score. If S is not positive definite (C = 0, or lambda = 0 and C singular), a
 * point equal to the mean scores 0 and any other point 1, as for a constant univariate history.
 *
 * <p>Score mapping: for Gaussian data D² is chi-square with d degrees of freedom, mean d. The score
 * is {@code m / (m + zScale)} with the per-dimension RMS distance {@code m = sqrt(D² / d)}; in one
 * dimension m is exactly {@code |x − mean| / std}, so the score has the shape of {@link
 * RollingZScore}'s {@code z / (z + 3)} (with the weighted population std). With the default {@code
 * zScale = 3}, m = 3 scores 0.5, 9 scores 0.75, 27 scores 0.9, keeping resolution near 1.
 *
 * <p>Warm-up: ready after {@code minPoints} points, by default {@code max(2d + 2, 30)}.
 *
 * <p>Non-finite input: {@link #score} returns 1 for a point with a NaN or infinite component, and
 * for a point so far away that D² overflows; {@link #learn} ignores such points (the parser
 * dead-letters them), and also ignores a finite point whose update would overflow the mean or
 * covariance (components beyond about 1e154), so one huge point cannot poison the state forever.
 */
public final class MahalanobisDetector implements MultivariateDetector {

  /** Largest accepted dimension: a score costs O(d³). */
  static final int MAX_DIMENSION = 64;

  private final Spec spec;
  private final int d;
  private long count;
  private final double[] mean;
  /** Lower triangle of C, row-major: element (i, j), j <= i, is at i * (i + 1) / 2 + j. */
  private final double[] cov;

  // Scratch space, not state.
  private final double[] diff;
  private final double[] newMean;
  private final double[] newCov;
  private final double[] chol;

  MahalanobisDetector(Spec spec) {
    this.spec = spec;
    this.d = spec.dimension;
    this.mean = new double[d];
    this.cov = new double[packedSize(d)];
    this.diff = new double[d];
    this.newMean = new double[d];
    this.newCov = new double[packedSize(d)];
    this.chol = new double[packedSize(d)];
  }

  static int packedSize(int d) {
    return d * (d + 1) / 2;
  }

  private static int at(int i, int j) {
    return i * (i + 1) / 2 + j;
  }

  /**
   * Configuration for points of {@code dimension} components in [1, 64], newest-point weight
   * {@code alpha} in (0, 1], minPoints {@code max(2 * dimension + 2, 30)}, zScale 3, lambda 1e-6.
   */
  public static Spec spec(int dimension, double alpha) {
    checkArgument(
        dimension >= 1 && dimension <= MAX_DIMENSION,
        "dimension must be in [1, %s], got %s",
        MAX_DIMENSION,
        dimension);
    return new Spec(dimension, alpha, Math.max(2 * dimension + 2, 30), 3.0, 1e-6);
  }

  @Override
  public int dimension() {
    return d;
  }

  @Override
  public boolean isReady() {
    return count >= spec.minPoints;
  }

  private void checkLength(double[] x) {
    checkArgument(x != null, "x must not be null");
    checkArgument(
        x.length == d, "x must have dimension=%s components, got %s", d, x.length);
  }

  @Override
  public double score(double[] x) {
    checkLength(x);
    for (double v : x) {
      if (!Double.isFinite(v)) {
        return 1.0;
      }
    }
    if (count == 0) {
      return 0.0;
    }
    boolean zero = true;
    for (int i = 0; i < d; i++) {
      diff[i] = x[i] - mean[i];
      if (!Double.isFinite(diff[i])) {
        return 1.0;
      }
      zero &= diff[i] == 0.0;
    }
    if (zero) {
      return 0.0;
    }
    // Not positive definite (NaN) or overflow (infinite): maximal.
    return Scores.saturating(Math.sqrt(squaredDistance(diff) / d), spec.zScale);
  }

  /**
   * {@code v^T (C + ridge I)^-1 v} by Cholesky; +Infinity if the regularised matrix is not
   * (numerically) positive definite.
   */
  private double squaredDistance(double[] v) {
    double trace = 0;
    for (int i = 0; i < d; i++) {
      trace += cov[at(i, i)];
    }
    double ridge = spec.lambda * (trace / d);
    // Cholesky–Banachiewicz, row by row, on the packed lower triangle.
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        double s = cov[at(i, j)];
        if (i == j) {
          s += ridge;
        }
        for (int k = 0; k < j; k++) {
          s -= chol[at(i, k)] * chol[at(j, k)];
        }
        if (i == j) {
          if (!(s > 0) || !Double.isFinite(s)) {
            return Double.POSITIVE_INFINITY;
          }
          chol[at(i, i)] = Math.sqrt(s);
        } else {
          chol[at(i, j)] = s / chol[at(j, j)];
        }
      }
    }
    // Forward substitution L y = v; D² = |y|².
    double sum = 0;
    double[] y = newMean; // scratch reuse, not touched by score otherwise
    for (int i = 0; i < d; i++) {
      double s = v[i];
      for (int k = 0; k < i; k++) {
        s -= chol[at(i, k)] * y[k];
      }
      y[i] = s / chol[at(i, i)];
      sum += y[i] * y[i];
    }
    return Double.isNaN(sum) ? Double.POSITIVE_INFINITY : sum;
  }

  @Override
  public void learn(double[] x) {
    checkLength(x);
    for (double v : x) {
      if (!Double.isFinite(v)) {
        return;
      }
    }
    long n = count == Long.MAX_VALUE ? count : count + 1;
    double w = Math.max(spec.alpha, 1.0 / n);
    double keep = 1.0 - w;
    for (int i = 0; i < d; i++) {
      diff[i] = x[i] - mean[i];
      newMean[i] = n == 1 ? x[i] : mean[i] + w * diff[i];
      if (!Double.isFinite(diff[i]) || !Double.isFinite(newMean[i])) {
        return;
      }
    }
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        double c = keep == 0.0 ? 0.0 : keep * (cov[at(i, j)] + w * diff[i] * diff[j]);
        if (!Double.isFinite(c)) {
          return;
        }
        newCov[at(i, j)] = c;
      }
    }
    System.arraycopy(newMean, 0, mean, 0, d);
    System.arraycopy(newCov, 0, cov, 0, cov.length);
    count = n;
  }

  /** Number of points learned (for tests). */
  long count() {
    return count;
  }

  /** Copy of the mean (for tests). */
  double[] mean() {
    return mean.clone();
  }

  /** Element (i, j) of the unregularised covariance C (for tests). */
  double covariance(int i, int j) {
    return i >= j ? cov[at(i, j)] : cov[at(j, i)];
  }

  /** Configuration of a {@link MahalanobisDetector}. Immutable. */
  public record Spec(int dimension, double alpha, int minPoints, double zScale, double lambda)
      implements MultivariateDetectorSpec {
    private static final long serialVersionUID = 1L;

    public Spec {
      checkArgument(
          dimension >= 1 && dimension <= MAX_DIMENSION,
          "dimension must be in [1, %s], got %s",
          MAX_DIMENSION,
          dimension);
      checkArgument(alpha > 0 && alpha <= 1, "alpha must be in (0, 1], got %s", alpha);
      checkArgument(minPoints >= 2, "minPoints must be at least 2, got %s", minPoints);
      SpecChecks.positive("zScale", zScale);
      SpecChecks.nonNegative("lambda", lambda);
    }

    /** Points needed before scoring; at least 2. */
    public Spec withMinPoints(int minPoints) {
      return new Spec(dimension, alpha, minPoints, zScale, lambda);
    }

    /** The RMS per-dimension distance m at which the score is 0.5; positive and finite. */
    public Spec withZScale(double zScale) {
      return new Spec(dimension, alpha, minPoints, zScale, lambda);
    }

    /** Ridge added to the covariance diagonal, relative to trace(C) / d; >= 0 and finite. */
    public Spec withLambda(double lambda) {
      return new Spec(dimension, alpha, minPoints, zScale, lambda);
    }

    @Override
    public MultivariateDetector create() {
      return new MahalanobisDetector(this);
    }

    @Override
    public String describe() {
      return String.format(
          "mahalanobis(dimension=%d, alpha=%s, minPoints=%d, zScale=%s, lambda=%s)",
          dimension, alpha, minPoints, zScale, lambda);
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /**
   * Writes the dimension, the count, the mean and the lower triangle of the covariance exactly
   * ({@code 12 + 8 * (d + d(d+1)/2)} bytes, whatever the number of points learned), so a decoded
   * detector continues bit-for-bit as the original would.
   */
  @Override
  public void writeState(DataOutputStream data) throws IOException {
    data.writeInt(d);
    data.writeLong(count);
    for (double v : mean) {
      data.writeDouble(v);
    }
    for (double v : cov) {
      data.writeDouble(v);
    }
  }

  @Override
  public void readState(DataInputStream data) throws IOException {
    int dimension = data.readInt();
    if (dimension != spec.dimension) {
      throw new CoderException(
          "encoded dimension " + dimension + " does not match dimension=" + spec.dimension);
    }
    long count = data.readLong();
    if (count < 0) {
      throw new CoderException("encoded count " + count + " is negative");
    }
    this.count = count;
    for (int i = 0; i < mean.length; i++) {
      mean[i] = data.readDouble();
    }
    for (int i = 0; i < cov.length; i++) {
      cov[i] = data.readDouble();
    }
  }
}
