package io.beamwise.stats;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine.CombineFn;

/**
 * A {@link CombineFn} from doubles to their {@link Stats}, usable on its own:
 *
 * <pre>{@code
 * PCollection<KV<String, Stats>> perKey = values.apply(Combine.perKey(new StatsFn()));
 * }</pre>
 *
 * <p>The accumulator is the {@link Stats} itself, encoded with {@link StatsCoder}; the output is
 * a copy, so it is safe to keep.
 */
public final class StatsFn extends CombineFn<Double, Stats, Stats> {

  @Override
  public Stats createAccumulator() {
    return new Stats();
  }

  @Override
  public Stats addInput(Stats accumulator, Double input) {
    return accumulator.add(input);
  }

  @Override
  public Stats mergeAccumulators(Iterable<Stats> accumulators) {
    Stats merged = new Stats();
    for (Stats s : accumulators) {
      merged.merge(s);
    }
    return merged;
  }

  @Override
  public Stats extractOutput(Stats accumulator) {
    return accumulator.copy();
  }

  @Override
  public Coder<Stats> getAccumulatorCoder(CoderRegistry registry, Coder<Double> inputCoder) {
    return StatsCoder.of();
  }

  @Override
  public Coder<Stats> getDefaultOutputCoder(CoderRegistry registry, Coder<Double> inputCoder) {
    return StatsCoder.of();
  }
}
