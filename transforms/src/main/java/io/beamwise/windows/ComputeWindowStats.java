package io.beamwise.windows;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.stats.Stats;
import io.beamwise.stats.StatsFn;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * Per-key {@link Stats} over event-time tumbling windows: from {@code KV<key, value>} elements
 * (timestamped by event time) to one {@link WindowStats} per key and window that has data.
 *
 * <pre>{@code
 * PCollection<WindowStats> hourly =
 *     values.apply(ComputeWindowStats.tumbling(Duration.standardHours(1)));
 * }</pre>
 *
 * <p>Windows are aligned to the epoch (UTC) and fire once, when the watermark passes their end.
 * The allowed lateness is zero for now, so data behind the watermark is dropped by the runner
 * (counted by the runner as dropped due to lateness); in bounded (batch) input nothing is late.
 * Metrics (namespace {@value #METRICS_NAMESPACE}): {@code windows} counts emitted results,
 * {@code window_readings} the values they summarize.
 */
public final class ComputeWindowStats
    extends PTransform<PCollection<KV<String, Double>>, PCollection<WindowStats>> {

  public static final String METRICS_NAMESPACE = "beamwise.windows";

  private final Duration size;

  private ComputeWindowStats(Duration size) {
    this.size = size;
  }

  /**
   * Tumbling windows of {@code size}.
   *
   * @throws IllegalArgumentException if size is not positive
   */
  public static ComputeWindowStats tumbling(Duration size) {
    checkArgument(
        size != null && size.getMillis() > 0,
        "window size must be positive, got %s",
        size);
    return new ComputeWindowStats(size);
  }

  public Duration getSize() {
    return size;
  }

  @Override
  public PCollection<WindowStats> expand(PCollection<KV<String, Double>> input) {
    return input
        .apply("Tumbling " + Durations.format(size), Window.into(FixedWindows.of(size)))
        .apply("Stats per key", Combine.perKey(new StatsFn()))
        .apply("To WindowStats", ParDo.of(new ToWindowStatsFn()));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("size", size).withLabel("Window size"));
  }

  private static final class ToWindowStatsFn extends DoFn<KV<String, Stats>, WindowStats> {
    private final Counter windows = Metrics.counter(METRICS_NAMESPACE, "windows");
    private final Counter windowReadings = Metrics.counter(METRICS_NAMESPACE, "window_readings");

    @ProcessElement
    public void process(
        @Element KV<String, Stats> kv, BoundedWindow window, OutputReceiver<WindowStats> out) {
      IntervalWindow w = (IntervalWindow) window;
      windows.inc();
      windowReadings.inc(kv.getValue().count());
      out.output(WindowStats.of(kv.getKey(), w.start(), w.end(), kv.getValue()));
    }
  }
}
