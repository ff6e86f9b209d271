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
import org.apache.beam.sdk.transforms.ParDo;
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
 * Per-key {@link Stats} over event-time windows: from {@code KV<key, value>} elements
 * (timestamped by event time) to one {@link WindowStats} per key and non-empty pane, and the
 * values too late for any window in {@link Result#late()}.
 *
 * <pre>{@code
 * ComputeWindowStats.Result r =
 *     values.apply(ComputeWindowStats.of(WindowSpec.parse("tumbling:1h,lateness=10m")));
 * r.stats();  // PCollection<WindowStats>
 * r.late();   // PCollection<KV<String, Double>>
 * }</pre>
 *
 * <p>Built on {@link AggregateWindows} with {@link StatsFn}. Metrics (namespace {@value
 * #METRICS_NAMESPACE}): {@code windows} counts emitted results, {@code window_readings} the values
 * they summarize (discarding mode only, where panes partition the values), {@code late_dropped}
 * the values routed to {@link Result#late()}.
 */
public final class ComputeWindowStats
    extends PTransform<PCollection<KV<String, Double>>, ComputeWindowStats.Result> {

  public static final String METRICS_NAMESPACE = "beamwise.windows";

  private final WindowSpec spec;

  private ComputeWindowStats(WindowSpec spec) {
    this.spec = spec;
  }

  /** Statistics over the windows of {@code spec}. */
  public static ComputeWindowStats of(WindowSpec spec) {
    checkArgument(spec != null, "spec must not be null");
    return new ComputeWindowStats(spec);
  }

  /**
   * Tumbling windows of {@code size}, fired once when the watermark passes their end.
   *
   * @throws IllegalArgumentException if size is not in [1ms, 366d]
   */
  public static ComputeWindowStats tumbling(Duration size) {
    checkArgument(size != null && size.getMillis() > 0, "window size must be positive, got %s", size);
    return of(WindowSpec.tumbling(size));
  }

  public WindowSpec getSpec() {
    return spec;
  }

  @Override
  public Result expand(PCollection<KV<String, Double>> input) {
    WindowedAggregation<String, Double, Stats> agg =
        input.apply("Aggregate", AggregateWindows.perKey(spec, new StatsFn()));
    PCollection<WindowStats> stats =
        agg.results().apply("To WindowStats", ParDo.of(new ToWindowStatsFn(spec.isAccumulating())));
    return new Result(stats, agg.late());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("windows", spec.toString()).withLabel("Window spec"));
  }

  /** Window statistics and late values. */
  public static final class Result implements POutput {
    private final PCollection<WindowStats> stats;
    private final PCollection<KV<String, Double>> late;

    Result(PCollection<WindowStats> stats, PCollection<KV<String, Double>> late) {
      this.stats = stats;
      this.late = late;
    }

    /** One per key and non-empty pane, timestamped at the end of the window. */
    public PCollection<WindowStats> stats() {
      return stats;
    }

    /** Values beyond the allowed lateness, with their own event time. */
    public PCollection<KV<String, Double>> late() {
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
