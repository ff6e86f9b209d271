package io.beamwise.stats;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine.CombineFn;

/** {@link StatsFn}'s combine over records of type {@code V}, whatever reads their value. */
abstract class StatsOverFn<V> extends CombineFn<V, Stats, Stats> {

  abstract double valueOf(V input);

  @Override
  public Stats createAccumulator() {
    return new Stats();
  }

  @Override
  public Stats addInput(Stats accumulator, V input) {
    return accumulator.add(valueOf(input));
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
  public Coder<Stats> getAccumulatorCoder(CoderRegistry registry, Coder<V> inputCoder) {
    return StatsCoder.of();
  }

  @Override
  public Coder<Stats> getDefaultOutputCoder(CoderRegistry registry, Coder<V> inputCoder) {
    return StatsCoder.of();
  }
}
