package io.beamwise.stats;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * A {@link CombineFn} from doubles to their {@link Stats}, usable on its own:
 *
 * <pre>{@code
 * PCollection<KV<String, Stats>> perKey = values.apply(Combine.perKey(new StatsFn()));
 * }</pre>
 *
 * <p>The accumulator is the {@link Stats} itself, encoded with {@link StatsCoder}; the output is
 * a copy, so it is safe to keep. {@link #of} is the same combine over any record, through a
 * function that reads its value.
 */
public final class StatsFn extends CombineFn<Double, Stats, Stats> {

  /** Stats of {@code value.apply(record)} over records of type {@code V}. */
  public static <V> CombineFn<V, Stats, Stats> of(SerializableFunction<V, Double> value) {
    return new OfValues<>(value);
  }

  private static final class OfValues<V> extends CombineFn<V, Stats, Stats> {
    private final SerializableFunction<V, Double> value;

    OfValues(SerializableFunction<V, Double> value) {
      this.value = value;
    }

    @Override
    public Stats createAccumulator() {
      return new Stats();
    }

    @Override
    public Stats addInput(Stats accumulator, V input) {
      return accumulator.add(value.apply(input));
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
