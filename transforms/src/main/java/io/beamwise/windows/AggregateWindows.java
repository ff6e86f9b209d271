package io.beamwise.windows;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VoidCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Aggregates {@code KV<key, value>} elements per key over event-time windows described by a
 * {@link WindowSpec}, with any Beam {@link Combine.CombineFn}, and keeps too-late data instead of
 * losing it.
 *
 * <p>{@link #globally} does the same without keys.
 *
 * <pre>{@code
 * WindowedAggregation<String, Double, Stats> agg = values.apply(
 *     AggregateWindows.perKey(WindowSpec.parse("tumbling:1m,lateness=5m,early=10s"), new StatsFn()));
 * agg.results();  // WindowResult<String, Stats>: key, window, pane timing/index/final, value
 * agg.late();     // KV<String, Double> beyond the allowed lateness
 * }</pre>
 *
 * <p>Empty panes are never emitted. For unbounded input the elements that the windowing would
 * drop are separated beforehand (see {@link SplitLateData} for how, and its exact guarantees);
 * bounded input is never late. Metrics (namespace {@value ComputeWindowStats#METRICS_NAMESPACE}
 * unless {@link #withMetricsNamespace}): {@code panes}, {@code late_dropped}.
 */
public final class AggregateWindows<K, InputT, OutputT>
    extends PTransform<PCollection<KV<K, InputT>>, WindowedAggregation<K, InputT, OutputT>> {

  private final WindowSpec spec;
  private final Combine.CombineFn<InputT, ?, OutputT> combineFn;
  private final int lateShards;
  private final String metricsNamespace;

  private AggregateWindows(
      WindowSpec spec,
      Combine.CombineFn<InputT, ?, OutputT> combineFn,
      int lateShards,
      String metricsNamespace) {
    this.spec = spec;
    this.combineFn = combineFn;
    this.lateShards = lateShards;
    this.metricsNamespace = metricsNamespace;
  }

  /** Aggregates each key's values in the windows of {@code spec} with {@code combineFn}. */
  public static <K, InputT, OutputT> AggregateWindows<K, InputT, OutputT> perKey(
      WindowSpec spec, Combine.CombineFn<InputT, ?, OutputT> combineFn) {
    checkArgument(spec != null, "spec must not be null");
    checkArgument(combineFn != null, "combineFn must not be null");
    return new AggregateWindows<>(spec, combineFn, 16, ComputeWindowStats.METRICS_NAMESPACE);
  }

  /**
   * Aggregates all values together (no key) in the windows of {@code spec}: results have a null
   * key, late elements a null key.
   */
  public static <InputT, OutputT>
      PTransform<PCollection<InputT>, WindowedAggregation<Void, InputT, OutputT>> globally(
          WindowSpec spec, Combine.CombineFn<InputT, ?, OutputT> combineFn) {
    AggregateWindows<Void, InputT, OutputT> perKey = perKey(spec, combineFn);
    return new PTransform<PCollection<InputT>, WindowedAggregation<Void, InputT, OutputT>>() {
      @Override
      public WindowedAggregation<Void, InputT, OutputT> expand(PCollection<InputT> input) {
        return input
            .apply(
                "Without key",
                MapElements.via(
                    new SimpleFunction<InputT, KV<Void, InputT>>() {
                      @Override
                      public KV<Void, InputT> apply(InputT value) {
                        return KV.of(null, value);
                      }
                    }))
            .setCoder(KvCoder.of(VoidCoder.of(), input.getCoder()))
            .apply("Aggregate", perKey);
      }
    };
  }

  /**
   * How many shards (parallel keys) the late-data split of unbounded input uses; in [1, 4096],
   * default 16.
   */
  public AggregateWindows<K, InputT, OutputT> withLateDataShards(int shards) {
    checkArgument(shards >= 1 && shards <= 4096, "shards must be in [1, 4096], got %s", shards);
    return new AggregateWindows<>(spec, combineFn, shards, metricsNamespace);
  }

  /**
   * The namespace of the {@code panes} and {@code late_dropped} metrics (default {@value
   * ComputeWindowStats#METRICS_NAMESPACE}), so that two aggregations of one pipeline can be told
   * apart.
   *
   * @throws IllegalArgumentException if namespace is null or blank
   */
  public AggregateWindows<K, InputT, OutputT> withMetricsNamespace(String namespace) {
    checkArgument(namespace != null && !namespace.isBlank(), "namespace must not be blank, got '%s'", namespace);
    return new AggregateWindows<>(spec, combineFn, lateShards, namespace);
  }

  public WindowSpec getSpec() {
    return spec;
  }

  @Override
  public WindowedAggregation<K, InputT, OutputT> expand(PCollection<KV<K, InputT>> input) {
    KvCoder<K, InputT> coder = (KvCoder<K, InputT>) input.getCoder();
    PCollection<KV<K, InputT>> toWindow;
    PCollection<KV<K, InputT>> late;
    if (input.isBounded() == PCollection.IsBounded.BOUNDED) {
      toWindow = input;
      late = input.getPipeline().apply("No late data (bounded)", Create.empty(coder));
    } else {
      LateSplit<K, InputT> split =
          input.apply(
              "Split late data",
              new SplitLateData<>(spec.windowFn(), spec.getAllowedLateness(), lateShards, metricsNamespace));
      toWindow = split.onTime();
      late = split.late();
    }
    PCollection<KV<K, OutputT>> combined =
        toWindow
            .apply("Window " + spec, spec.<KV<K, InputT>>toWindow())
            .apply("Combine per key", Combine.perKey(combineFn));
    Coder<OutputT> outputCoder = ((KvCoder<K, OutputT>) combined.getCoder()).getValueCoder();
    PCollection<WindowResult<K, OutputT>> results =
        combined
            .apply("To results", ParDo.of(new ToResultFn<K, OutputT>(metricsNamespace)))
            .setCoder(WindowResultCoder.of(coder.getKeyCoder(), outputCoder));
    return new WindowedAggregation<>(results, late);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("windows", spec.toString()).withLabel("Window spec"))
        .add(DisplayData.item("combineFn", combineFn.getClass().getName()));
  }


  private static final class ToResultFn<K, V> extends DoFn<KV<K, V>, WindowResult<K, V>> {
    private final Counter panes;

    ToResultFn(String metricsNamespace) {
      this.panes = Metrics.counter(metricsNamespace, "panes");
    }

    @ProcessElement
    public void process(
        @Element KV<K, V> kv,
        BoundedWindow window,
        PaneInfo pane,
        OutputReceiver<WindowResult<K, V>> out) {
      IntervalWindow w = (IntervalWindow) window;
      panes.inc();
      out.output(
          new WindowResult<>(
              kv.getKey(), w.start(), w.end(), timingOf(pane), pane.getIndex(), pane.isLast(), kv.getValue()));
    }
  }

  /**
   * The pane's timing, with {@code UNKNOWN} read as {@code ON_TIME}: runners that combine bounded
   * input without running triggers (Flink batch) emit each window once, after all input, with
   * {@link PaneInfo#NO_FIRING}, where the DirectRunner says {@code ON_TIME} for the same pane.
   */
  static PaneInfo.Timing timingOf(PaneInfo pane) {
    return pane.getTiming() == PaneInfo.Timing.UNKNOWN ? PaneInfo.Timing.ON_TIME : pane.getTiming();
  }
}
