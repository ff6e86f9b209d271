package io.beamwise.stats;

import java.util.Objects;

/**
 * One-pass summary statistics of a stream of doubles: count, sum, min, max, mean and variance.
 *
 * <p>Numerically stable: values are added with Welford's update (Welford 1962; Knuth TAOCP vol. 2,
 * 4.2.2) and two summaries are merged with the pairwise formula of Chan, Golub and LeVeque
 * ("Updating Formulae and a Pairwise Algorithm for Computing Sample Variances", 1979). The mean
 * and variance therefore stay accurate for large offsets (1e9 + small noise), where the naive
 * sum-of-squares formula loses every significant digit.
 *
 * <p>NaN inputs are not part of the statistics: they are counted in {@link #nanCount()} only.
 * Infinite inputs are accepted and make the sum, mean and variance infinite or NaN, as arithmetic
 * says.
 *
 * <p>Mutable, for use as a combiner accumulator ({@link StatsFn}); not thread-safe. An empty
 * summary has count 0, NaN mean and variance, min +∞ and max −∞.
 */
public final class Stats {

  private long count;
  private long nanCount;
  private double sum;
  private double mean;
  private double m2;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;

  public Stats() {}

  /** A summary restored from its parts (used by {@link StatsCoder}). */
  static Stats of(
      long count, long nanCount, double sum, double mean, double m2, double min, double max) {
    Stats s = new Stats();
    s.count = count;
    s.nanCount = nanCount;
    s.sum = sum;
    s.mean = mean;
    s.m2 = m2;
    s.min = min;
    s.max = max;
    return s;
  }

  /** A summary of the given values. */
  public static Stats of(double... values) {
    Stats s = new Stats();
    for (double v : values) {
      s.add(v);
    }
    return s;
  }

  /** Adds one value (Welford's update). Returns this summary. */
  public Stats add(double x) {
    if (Double.isNaN(x)) {
      nanCount++;
      return this;
    }
    count++;
    sum += x;
    double delta = x - mean;
    mean += delta / count;
    m2 += delta * (x - mean);
    if (x < min) {
      min = x;
    }
    if (x > max) {
      max = x;
    }
    return this;
  }

  /** Merges {@code other} into this summary (Chan et al.'s pairwise update). Returns this. */
  public Stats merge(Stats other) {
    nanCount += other.nanCount;
    if (other.count == 0) {
      return this;
    }
    if (count == 0) {
      count = other.count;
      sum = other.sum;
      mean = other.mean;
      m2 = other.m2;
      min = other.min;
      max = other.max;
      return this;
    }
    long n = count + other.count;
    double delta = other.mean - mean;
    mean += delta * ((double) other.count / n);
    m2 += other.m2 + delta * delta * ((double) count * other.count / n);
    count = n;
    sum += other.sum;
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
    return this;
  }

  /** An independent copy. */
  public Stats copy() {
    return of(count, nanCount, sum, mean, m2, min, max);
  }

  /** Number of non-NaN values. */
  public long count() {
    return count;
  }

  /** Number of NaN values seen (and left out). */
  public long nanCount() {
    return nanCount;
  }

  public double sum() {
    return sum;
  }

  /** Smallest value, or +∞ when empty. */
  public double min() {
    return min;
  }

  /** Largest value, or −∞ when empty. */
  public double max() {
    return max;
  }

  /** Arithmetic mean, or NaN when empty. */
  public double mean() {
    return count == 0 ? Double.NaN : mean;
  }

  /** Population variance (divides by n), or NaN when empty. */
  public double populationVariance() {
    return count == 0 ? Double.NaN : Math.max(0.0, m2 / count);
  }

  /** Sample variance (divides by n − 1), or NaN with fewer than two values. */
  public double sampleVariance() {
    return count < 2 ? Double.NaN : Math.max(0.0, m2 / (count - 1));
  }

  public double populationStdDev() {
    return Math.sqrt(populationVariance());
  }

  public double sampleStdDev() {
    return Math.sqrt(sampleVariance());
  }

  /** Sum of squared deviations from the mean (Welford's M2). */
  double m2() {
    return m2;
  }

  /** The raw running mean, 0 when empty (for the coder). */
  double rawMean() {
    return mean;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Stats)) {
      return false;
    }
    Stats s = (Stats) o;
    return count == s.count
        && nanCount == s.nanCount
        && Double.compare(sum, s.sum) == 0
        && Double.compare(mean, s.mean) == 0
        && Double.compare(m2, s.m2) == 0
        && Double.compare(min, s.min) == 0
        && Double.compare(max, s.max) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(count, nanCount, sum, mean, m2, min, max);
  }

  @Override
  public String toString() {
    return String.format(
        "Stats{count=%d, min=%s, max=%s, mean=%s, sampleVariance=%s, nanCount=%d}",
        count, min, max, mean(), sampleVariance(), nanCount);
  }
}
