package io.beamwise.stats;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;
import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkNotNull;

import java.util.Arrays;
import java.util.Objects;

/**
 * Estimated quantiles of a stream of doubles, as computed by {@link QuantilesFn}: for each
 * requested normalized rank (a fraction in [0, 1], e.g. 0.5 for the median, 0.99 for the 99th
 * percentile) the estimated value at that rank, together with the exact count, min and max.
 *
 * <p>Values are in the units of the input. Ranks follow the inclusive definition (DataSketches
 * {@code QuantileSearchCriteria.INCLUSIVE}): the value at rank r is the smallest retained value v
 * such that the fraction of inputs ≤ v is at least r; rank 0 gives the min and rank 1 the max.
 *
 * <p>{@link #normalizedRankError()} is the sketch's a-priori "single-sided" rank error at 99%
 * confidence ({@code KllDoublesSketch.getNormalizedRankError(false)}): with that confidence the
 * true rank of {@code value(r)} in the input lies within r ± error. While the sketch still holds
 * every input (n ≤ k) the values are exact, but the figure reported is always the a-priori bound.
 *
 * <p>An empty input (or one of only NaN, which the sketch ignores) gives n = 0 and NaN for every
 * value, the min and the max.
 *
 * <p>Immutable: arrays are copied on the way in and out.
 */
public final class Quantiles {

  private final double[] ranks;
  private final double[] values;
  private final long n;
  private final double min;
  private final double max;
  private final double normalizedRankError;

  private Quantiles(
      double[] ranks, double[] values, long n, double min, double max, double normalizedRankError) {
    this.ranks = ranks;
    this.values = values;
    this.n = n;
    this.min = min;
    this.max = max;
    this.normalizedRankError = normalizedRankError;
  }

  /**
   * Quantiles from their parts.
   *
   * @param ranks the normalized ranks asked for, each in [0, 1]
   * @param values the estimated value at each rank, same length as {@code ranks}
   * @param n the number of (non-NaN) values summarized, ≥ 0
   * @param min the smallest value, NaN when {@code n} is 0
   * @param max the largest value, NaN when {@code n} is 0
   * @param normalizedRankError the single-sided normalized rank error, in [0, 1]
   * @throws IllegalArgumentException when a parameter is out of range or the lengths differ
   */
  public static Quantiles of(
      double[] ranks, double[] values, long n, double min, double max, double normalizedRankError) {
    checkNotNull(ranks, "ranks must not be null");
    checkNotNull(values, "values must not be null");
    checkArgument(
        ranks.length == values.length,
        "ranks and values must have the same length, got %s ranks and %s values",
        ranks.length,
        values.length);
    for (int i = 0; i < ranks.length; i++) {
      checkArgument(
          ranks[i] >= 0.0 && ranks[i] <= 1.0,
          "ranks[%s] must be in [0, 1], got %s",
          i,
          Double.valueOf(ranks[i]));
    }
    checkArgument(n >= 0, "n must be >= 0, got %s", n);
    checkArgument(
        normalizedRankError >= 0.0 && normalizedRankError <= 1.0,
        "normalizedRankError must be in [0, 1], got %s",
        normalizedRankError);
    return new Quantiles(ranks.clone(), values.clone(), n, min, max, normalizedRankError);
  }

  /** The result for no input: n = 0 and NaN values, min and max. */
  public static Quantiles empty(double[] ranks, double normalizedRankError) {
    checkNotNull(ranks, "ranks must not be null");
    double[] nans = new double[ranks.length];
    Arrays.fill(nans, Double.NaN);
    return of(ranks, nans, 0, Double.NaN, Double.NaN, normalizedRankError);
  }

  /** The normalized ranks asked for, in the order given (a copy). */
  public double[] ranks() {
    return ranks.clone();
  }

  /** The estimated value at each of {@link #ranks()}, in the same order (a copy). */
  public double[] values() {
    return values.clone();
  }

  /** Number of ranks (and values). */
  public int size() {
    return ranks.length;
  }

  /**
   * The estimated value at {@code rank}, which must be one of the ranks asked for (compared with
   * {@code ==}). NaN when {@link #n()} is 0.
   *
   * @throws IllegalArgumentException when {@code rank} was not asked for
   */
  public double value(double rank) {
    for (int i = 0; i < ranks.length; i++) {
      if (ranks[i] == rank) {
        return values[i];
      }
    }
    throw new IllegalArgumentException(
        String.format(
            "rank must be one of the ranks asked for %s, got %s", Arrays.toString(ranks), rank));
  }

  /** Number of non-NaN values summarized. */
  public long n() {
    return n;
  }

  /** Smallest value (exact), or NaN when empty. */
  public double min() {
    return min;
  }

  /** Largest value (exact), or NaN when empty. */
  public double max() {
    return max;
  }

  /**
   * The sketch's single-sided normalized rank error at 99% confidence, a fraction in [0, 1]
   * (0.0133 for k = 200).
   */
  public double normalizedRankError() {
    return normalizedRankError;
  }

  public boolean isEmpty() {
    return n == 0;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Quantiles)) {
      return false;
    }
    Quantiles q = (Quantiles) o;
    return n == q.n
        && Arrays.equals(ranks, q.ranks)
        && Arrays.equals(values, q.values)
        && Double.compare(min, q.min) == 0
        && Double.compare(max, q.max) == 0
        && Double.compare(normalizedRankError, q.normalizedRankError) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        Arrays.hashCode(ranks), Arrays.hashCode(values), n, min, max, normalizedRankError);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Quantiles{n=").append(n);
    sb.append(", min=").append(min).append(", max=").append(max).append(", ");
    for (int i = 0; i < ranks.length; i++) {
      sb.append('q').append(ranks[i]).append('=').append(values[i]).append(", ");
    }
    return sb.append("normalizedRankError=").append(normalizedRankError).append('}').toString();
  }
}
