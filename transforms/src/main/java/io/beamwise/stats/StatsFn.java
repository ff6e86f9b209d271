package io.beamwise.stats;

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
public final class StatsFn extends StatsOverFn<Double> {

  @Override
  double valueOf(Double input) {
    return input;
  }

  /** Stats of {@code value.apply(record)} over records of type {@code V}. */
  public static <V> CombineFn<V, Stats, Stats> of(SerializableFunction<V, Double> value) {
    return new StatsOverFn<V>() {
      @Override
      double valueOf(V input) {
        return value.apply(input);
      }
    };
  }
}
