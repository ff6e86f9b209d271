package io.beamwise.anomaly;

import io.beamwise.parse.SensorReading;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Comparator;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Combines one key's alerts into an {@link AlertEpisode}: the first alert (earliest by event time,
 * then source, then line), the peak (highest score, the first of equal scores) and the count. Every
 * choice is a total order, so the result does not depend on the order in which a runner adds or
 * merges accumulators: episodes are identical on every runner.
 */
final class EpisodeFn extends Combine.CombineFn<AnomalyResult, EpisodeFn.Acc, AlertEpisode> {

  private static final long serialVersionUID = 1L;

  /** The order in which a key's readings are scored, {@link SensorReading#EVENT_ORDER}'s rule. */
  static final Comparator<AnomalyResult> SCORING_ORDER =
      SensorReading.eventOrder(
          AnomalyResult::getTimestamp, AnomalyResult::getSource, AnomalyResult::getLine);

  /** Higher score first; equal scores in scoring order. */
  private static final Comparator<AnomalyResult> PEAK_ORDER =
      Comparator.comparingDouble(AnomalyResult::getScore).reversed().thenComparing(SCORING_ORDER);

  /** Mutable accumulator: nulls while empty. */
  static final class Acc {
    @Nullable AnomalyResult first;
    @Nullable AnomalyResult peak;
    @Nullable AnomalyResult last;
    long count;
  }

  @Override
  public Acc createAccumulator() {
    return new Acc();
  }

  @Override
  public Acc addInput(Acc acc, AnomalyResult alert) {
    acc.first = earlier(acc.first, alert, SCORING_ORDER);
    acc.peak = earlier(acc.peak, alert, PEAK_ORDER);
    acc.last = earlier(acc.last, alert, SCORING_ORDER.reversed());
    acc.count++;
    return acc;
  }

  @Override
  public Acc mergeAccumulators(Iterable<Acc> accs) {
    Acc merged = new Acc();
    for (Acc a : accs) {
      merged.first = earlier(merged.first, a.first, SCORING_ORDER);
      merged.peak = earlier(merged.peak, a.peak, PEAK_ORDER);
      merged.last = earlier(merged.last, a.last, SCORING_ORDER.reversed());
      merged.count += a.count;
    }
    return merged;
  }

  /**
   * The episode.
   *
   * @throws IllegalStateException for an empty accumulator (Beam never extracts one for a
   *     non-empty session window)
   */
  @Override
  public AlertEpisode extractOutput(Acc acc) {
    if (acc.count == 0 || acc.first == null || acc.peak == null || acc.last == null) {
      throw new IllegalStateException("an episode needs at least one alert");
    }
    return AlertEpisode.of(acc.first, acc.peak, acc.last.getTimestamp(), acc.count);
  }

  @Override
  public Coder<Acc> getAccumulatorCoder(CoderRegistry registry, Coder<AnomalyResult> inputCoder) {
    return AccCoder.INSTANCE;
  }

  @Override
  public Coder<AlertEpisode> getDefaultOutputCoder(CoderRegistry registry, Coder<AnomalyResult> inputCoder) {
    return AlertEpisodeCoder.of();
  }

  private static @Nullable AnomalyResult earlier(
      @Nullable AnomalyResult a, @Nullable AnomalyResult b, Comparator<AnomalyResult> order) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return order.compare(b, a) < 0 ? b : a;
  }

  /** first, peak, last (each nullable, as {@link AnomalyResultCoder}), count. */
  static final class AccCoder extends AtomicCoder<Acc> {
    static final AccCoder INSTANCE = new AccCoder();
    private static final Coder<AnomalyResult> RESULT = NullableCoder.of(AnomalyResultCoder.of());
    private static final VarLongCoder COUNT = VarLongCoder.of();

    @Override
    public void encode(Acc acc, OutputStream out) throws IOException {
      RESULT.encode(acc.first, out);
      RESULT.encode(acc.peak, out);
      RESULT.encode(acc.last, out);
      COUNT.encode(acc.count, out);
    }

    @Override
    public Acc decode(InputStream in) throws IOException {
      Acc acc = new Acc();
      acc.first = RESULT.decode(in);
      acc.peak = RESULT.decode(in);
      acc.last = RESULT.decode(in);
      acc.count = COUNT.decode(in);
      return acc;
    }

    @Override
    public void verifyDeterministic() {}
  }
}
