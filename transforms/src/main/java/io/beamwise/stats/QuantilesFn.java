package io.beamwise.stats;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;
import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkNotNull;

import java.util.Arrays;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.kll.KllSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * A {@link CombineFn} from doubles to estimated {@link Quantiles}, in bounded memory, usable on
 * its own:
 *
 * <pre>{@code
 * PCollection<KV<String, Quantiles>> latency =
 *     millisPerEndpoint.apply(Combine.perKey(QuantilesFn.of(0.5, 0.95, 0.99)));
 * // then, for one KV<String, Quantiles> kv: kv.getValue().value(0.99) is the estimated p99
 * }</pre>
 *
 * <p>The accumulator is an Apache DataSketches KLL sketch ({@link KllDoublesSketch}), the
 * algorithm of Karnin, Lang and Liberty, "Optimal Quantile Approximation in Streams" (FOCS 2016,
 * arXiv:1603.05346), as implemented and documented by DataSketches
 * (https://datasketches.apache.org/docs/KLL/KLLSketch.html). Sketches merge without losing the
 * guarantee, so the result does not depend on how the runner splits the input beyond the random
 * choices inside the sketch (see below). The accumulator is encoded with {@link KllSketchCoder}
 * and the output with {@link QuantilesCoder}.
 *
 * <p><b>Error.</b> The error is in rank, not in value: for a requested rank r the returned value
 * v has a true normalized rank (fraction of inputs ≤ v) within r ± ε, with 99% confidence, where
 * ε is {@code KllSketch.getNormalizedRankError(k, false)} (the "single-sided" error, reported in
 * {@link Quantiles#normalizedRankError()}). With the default k = 200, ε = 0.013294757464848584,
 * about 1.33%; the often-quoted 1.65% for k = 200 is the double-sided error of PMF queries, which
 * this function does not make. ε shrinks roughly as 1/k: k = 8 gives 0.304, k = 65535 gives 4.8e-5.
 * The sketch keeps O(k · log(n/k)) values (about 4.7 KB serialized for k = 200 at n = 10⁵). While
 * it still holds every input (n ≤ k) the results are exact. Count, min and max are always exact.
 *
 * <p><b>Rank definition.</b> Quantiles use {@link QuantileSearchCriteria#INCLUSIVE}: the value at
 * rank r is the smallest retained value v whose estimated fraction of inputs ≤ v is at least r.
 * For the values 1..100 the median is 50 (not 51) and rank 0.99 is 99; rank 0 is the min and rank
 * 1 the max. Returned values are always actual input values, never interpolated.
 *
 * <p><b>Randomness.</b> KLL compaction flips coins from a random generator inside DataSketches
 * that cannot be seeded, so once n exceeds k, the same input may give slightly different
 * (equally valid) answers from run to run and for different merge orders.
 *
 * <p><b>NaN and infinities.</b> NaN inputs are ignored by the sketch: they are not counted in
 * {@link Quantiles#n()} and do not affect any rank (unlike {@link Stats}, no NaN count is kept).
 * ±∞ are ordinary values. An input of nothing, or of NaN only, gives {@link
 * Quantiles#empty(double[], double) empty} quantiles: n = 0 and NaN values, min and max.
 */
public final class QuantilesFn extends CombineFn<Double, KllDoublesSketch, Quantiles> {

  /** The DataSketches default k: ε ≈ 1.33% single-sided at 99% confidence. */
  public static final int DEFAULT_K = KllSketch.DEFAULT_K;

  /** The smallest k DataSketches accepts. */
  public static final int MIN_K = 8;

  /** The largest k DataSketches accepts. */
  public static final int MAX_K = KllSketch.MAX_K;

  private final double[] ranks;
  private final int k;

  private QuantilesFn(double[] ranks, int k) {
    this.ranks = ranks;
    this.k = k;
  }

  /**
   * Quantiles at the given normalized ranks (e.g. 0.5, 0.95, 0.99), with the default k = 200.
   *
   * @param ranks one or more fractions in [0, 1]; the output keeps their order
   * @throws IllegalArgumentException when no rank is given or a rank is outside [0, 1] or NaN
   */
  public static QuantilesFn of(double... ranks) {
    checkNotNull(ranks, "ranks must not be null");
    checkArgument(ranks.length > 0, "ranks must not be empty: give at least one rank in [0, 1]");
    for (int i = 0; i < ranks.length; i++) {
      checkArgument(
          ranks[i] >= 0.0 && ranks[i] <= 1.0,
          "ranks[%s] must be a normalized rank in [0, 1] (e.g. 0.99 for the 99th percentile), got %s",
          i,
          Double.valueOf(ranks[i]));
    }
    return new QuantilesFn(ranks.clone(), DEFAULT_K);
  }

  /**
   * The same ranks with sketch size parameter {@code k}: larger k, smaller error and bigger
   * sketches (see the class documentation).
   *
   * @param k in [8, 65535], the range DataSketches KLL accepts
   * @throws IllegalArgumentException when {@code k} is out of range
   */
  public QuantilesFn withK(int k) {
    checkArgument(
        k >= MIN_K && k <= MAX_K, "k must be in [%s, %s] (DataSketches KLL), got %s", MIN_K, MAX_K, k);
    return new QuantilesFn(ranks, k);
  }

  /** The ranks asked for (a copy). */
  public double[] ranks() {
    return ranks.clone();
  }

  /** The sketch size parameter. */
  public int k() {
    return k;
  }

  /** ε for this k: the single-sided normalized rank error at 99% confidence. */
  public double normalizedRankError() {
    return KllSketch.getNormalizedRankError(k, false);
  }

  @Override
  public KllDoublesSketch createAccumulator() {
    return KllDoublesSketch.newHeapInstance(k);
  }

  @Override
  public KllDoublesSketch addInput(KllDoublesSketch accumulator, Double input) {
    accumulator.update(input); // ignores NaN
    return accumulator;
  }

  @Override
  public KllDoublesSketch mergeAccumulators(Iterable<KllDoublesSketch> accumulators) {
    KllDoublesSketch merged = KllDoublesSketch.newHeapInstance(k);
    for (KllDoublesSketch sketch : accumulators) {
      merged.merge(sketch);
    }
    return merged;
  }

  @Override
  public Quantiles extractOutput(KllDoublesSketch accumulator) {
    double error = accumulator.getNormalizedRankError(false);
    if (accumulator.isEmpty()) {
      return Quantiles.empty(ranks, error);
    }
    return Quantiles.of(
        ranks,
        accumulator.getQuantiles(ranks, QuantileSearchCriteria.INCLUSIVE),
        accumulator.getN(),
        accumulator.getMinItem(),
        accumulator.getMaxItem(),
        error);
  }

  @Override
  public Coder<KllDoublesSketch> getAccumulatorCoder(
      CoderRegistry registry, Coder<Double> inputCoder) {
    return KllSketchCoder.of();
  }

  @Override
  public Coder<Quantiles> getDefaultOutputCoder(CoderRegistry registry, Coder<Double> inputCoder) {
    return QuantilesCoder.of();
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("ranks", Arrays.toString(ranks)).withLabel("Ranks"))
        .add(DisplayData.item("k", k).withLabel("KLL k"));
  }
}
