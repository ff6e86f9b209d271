package io.beamwise.windows;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.stats.Stats;
import io.beamwise.stats.StatsFn;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.collect.ImmutableMap;
import org.joda.time.Duration;

/**
 * Per-key {@link Stats} over event-time windows: from {@code KV<key, V>} elements (timestamped by
 * event time) to one {@link WindowStats} per key and non-empty pane, and the elements too late for
 * any window in {@link Result#late()}. {@code V} is the value itself ({@link #of(WindowSpec)}) or
 * any record with a function that reads its value ({@link #of(WindowSpec, SerializableFunction)}),
 * so that late elements keep everything the record had (e.g. its source position).
 *
 * <pre>{@code
 * ComputeWindowStats.Result<Double> r =
 *     values.apply(ComputeWindowStats.of(WindowSpec.parse("tumbling:1h,lateness=10m")));
 * r.stats();  // PCollection<WindowStats>
 * r.late();   // PCollection<KV<String, Double>>
 *
 * ComputeWindowStats.Result<SensorReading> byReading =
 *     readingsBySensor.apply(ComputeWindowStats.of(spec, SensorReading::getValue));
 * }</pre>
 *
 * <p>Built on {@link AggregateWindows} with {@link StatsFn}. Metrics (namespace {@value
 * #METRICS_NAMESPACE}): {@code windows} counts emitted results, {@code window_readings} the values
 * they summarize (discarding mode only, where panes partition the values), {@code late_dropped}
 * the values routed to {@link Result#late()}.
 */
public final class ComputeWindowStats<V>
    extends PTransform<PCollection<KV<String, V>>, ComputeWindowStats.Result<V>> {

  public static final String METRICS_NAMESPACE = "beamwise.windows";

  private final WindowSpec spec;
  private final CombineFn<V, Stats, Stats> stats;

  private ComputeWindowStats(WindowSpec spec, CombineFn<V, Stats, Stats> stats) {
    this.spec = spec;
    this.stats = stats;
  }

  /** Statistics of the values over the windows of {@code spec}. */
  public static ComputeWindowStats<Double> of(WindowSpec spec) {
    checkArgument(spec != null, "spec must not be null");
    return new ComputeWindowStats<>(spec, new StatsFn());
  }

  /**
   * Statistics of {@code value(record)} over the windows of {@code spec}; late records come out
   * whole.
   */
  public static <V> ComputeWindowStats<V> of(WindowSpec spec, SerializableFunction<V, Double> value) {
    checkArgument(spec != null, "spec must not be null");
    checkArgument(value != null, "value must not be null");
    return new ComputeWindowStats<>(spec, StatsFn.of(value));
  }

  /**
   * Tumbling windows of {@code size}, fired once when the watermark passes their end.
   *
   * @throws IllegalArgumentException if size is not in [1ms, 366d]
   */
  public static ComputeWindowStats<Double> tumbling(Duration size) {
    checkArgument(size != null && size.getMillis() > 0, "window size must be positive, got %s", size);
    return of(WindowSpec.tumbling(size));
  }

  public WindowSpec getSpec() {
    return spec;
  }

  @Override
  public Result<V> expand(PCollection<KV<String, V>> input) {
    WindowedAggregation<String, V, Stats> agg =
        input.apply("Aggregate", AggregateWindows.perKey(spec, stats));
    PCollection<WindowStats> stats =
        agg.results()
            .apply("To WindowStats", ParDo.of(new ToWindowStatsFn(spec.isAccumulating())))
            .setCoder(WindowStatsCoder.of());
    return new Result<>(stats, agg.late());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("windows", spec.toString()).withLabel("Window spec"));
  }

  /** Window statistics and late elements. */
  public static final class Result<V> implements POutput {
    private final PCollection<WindowStats> stats;
    private final PCollection<KV<String, V>> late;

    Result(PCollection<WindowStats> stats, PCollection<KV<String, V>> late) {
      this.stats = stats;
      this.late = late;
    }

    /** One per key and non-empty pane, timestamped at the end of the window. */
    public PCollection<WindowStats> stats() {
      return stats;
    }

    /** Elements beyond the allowed lateness, with their own event time. */
    public PCollection<KV<String, V>> late() {
      return late;
    }

    @Override
    public Pipeline getPipeline() {
      return stats.getPipeline();
    }

    @Override
    public Map<TupleTag<?>, PValue> expand() {
      return ImmutableMap.of(new TupleTag<>("stats"), stats, new TupleTag<>("late"), late);
    }

    @Override
    public void finishSpecifyingOutput(
        String transformName, PInput input, PTransform<?, ?> transform) {}
  }

  private static final class ToWindowStatsFn extends DoFn<WindowResult<String, Stats>, WindowStats> {
    private final Counter windows = Metrics.counter(METRICS_NAMESPACE, "windows");
    private final Counter windowReadings = Metrics.counter(METRICS_NAMESPACE, "window_readings");
    private final boolean accumulating;

    ToWindowStatsFn(boolean accumulating) {
      this.accumulating = accumulating;
    }

    @ProcessElement
    public void process(@Element WindowResult<String, Stats> r, OutputReceiver<WindowStats> out) {
      windows.inc();
      if (!accumulating) {
        // Discarding panes partition the values; accumulating panes repeat them.
        windowReadings.inc(r.getValue().count());
      }
      out.output(WindowStats.of(r));
    }
  }
}
