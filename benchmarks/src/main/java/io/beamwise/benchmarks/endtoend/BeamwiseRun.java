package io.beamwise.benchmarks.endtoend;

import io.beamwise.anomaly.AnomalyResult;
import io.beamwise.anomaly.ScoreAnomalies;
import io.beamwise.anomaly.ScoringResult;
import io.beamwise.failure.Failure;
import io.beamwise.io.files.ReadLinesWithPosition;
import io.beamwise.parse.ParseResult;
import io.beamwise.parse.ParseSensorReadings;
import io.beamwise.parse.SensorReading;
import io.beamwise.parse.SensorReadingCoder;
import io.beamwise.windows.ComputeWindowStats;
import io.beamwise.windows.WindowSpec;
import io.beamwise.windows.WindowStats;
import java.time.ZoneOffset;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Variants 3 and 4: the workload as a beamwise pipeline, on whichever runner {@code options}
 * name: {@code ReadLinesWithPosition} → {@code ParseSensorReadings.jsonLines} → {@code
 * ScoreAnomalies} ({@link Workload#DETECTOR}, threshold {@link Workload#THRESHOLD}) with {@code
 * withWindowStats(tumbling:10s)}, the window statistics computed in the scoring's keyed pass (or
 * by {@code ComputeWindowStats} beside it with {@value #SEPARATE_WINDOW_STATS}) → DoFns that add each result to
 * counters (namespace {@value #NAMESPACE}). Dead letters and late data are counted too and must
 * be zero.
 */
public final class BeamwiseRun {

  static final String NAMESPACE = "beamwise.bench";

  /**
   * System property: {@code true} computes the window statistics with {@code ComputeWindowStats}
   * beside the scoring (two shuffles of the readings), as beamwise did before the scoring could
   * compute them in its keyed pass; for before/after measurements.
   */
  static final String SEPARATE_WINDOW_STATS = "beamwise.bench.separateWindowStats";

  /**
   * System property: {@code true} gives the parsed readings the compact {@code SensorReadingCoder}
   * instead of their schema coder, to measure what the schema coder costs between parsing and
   * keying.
   */
  static final String COMPACT_READINGS = "beamwise.bench.compactReadings";

  private BeamwiseRun() {}

  /**
   * Builds and runs the pipeline, waits for it and reads its counters.
   *
   * @throws IllegalStateException if any line was dead-lettered or any reading was late
   */
  public static Outcome run(String input, PipelineOptions options) {
    Pipeline p = Pipeline.create(options);
    ParseResult<SensorReading> parsed =
        p.apply("Read", ReadLinesWithPosition.from(input))
            .apply("Parse", ParseSensorReadings.jsonLines(ZoneOffset.UTC));
    parsed.failures().apply("Count dead letters", ParDo.of(new CountFn<Failure>("dead_letters")));
    if (Boolean.getBoolean(COMPACT_READINGS)) {
      parsed.output().setCoder(SensorReadingCoder.of());
    }

    WindowSpec windows = WindowSpec.parse("tumbling:" + Workload.WINDOW_SECONDS + "s");
    ScoreAnomalies<SensorReading> score =
        ScoreAnomalies.with(Workload.detector()).withThreshold(Workload.THRESHOLD);
    PCollection<WindowStats> stats;
    ScoringResult<SensorReading> scored;
    if (Boolean.getBoolean(SEPARATE_WINDOW_STATS)) {
      // The shape before the shared keyed pass: the statistics shuffle the readings a second time.
      PCollection<KV<String, Double>> values =
          parsed
              .output()
              .apply(
                  "Values",
                  MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.doubles()))
                      .via((SensorReading r) -> KV.of(r.getSensor(), r.getValue())))
              .setCoder(KvCoder.of(StringUtf8Coder.of(), DoubleCoder.of()));
      ComputeWindowStats.Result<Double> separate = values.apply("Window stats", ComputeWindowStats.of(windows));
      separate.late().apply("Count late values", ParDo.of(new CountFn<KV<String, Double>>("late_values")));
      stats = separate.stats();
      scored = parsed.output().apply("Score", score);
    } else {
      scored = parsed.output().apply("Score", score.withWindowStats(windows));
      stats = scored.windowStats();
      scored.lateForWindows().apply("Count late values", ParDo.of(new CountFn<SensorReading>("late_values")));
    }
    stats.apply("Window checksum", ParDo.of(new WindowChecksumFn()));
    scored.scores().apply("Score checksum", ParDo.of(new ScoreChecksumFn()));
    scored.late().apply("Count late readings", ParDo.of(new CountFn<SensorReading>("late_readings")));

    PipelineResult result = p.run();
    result.waitUntilFinish();
    long deadLetters = counter(result, "dead_letters");
    long late = counter(result, "late_values") + counter(result, "late_readings");
    if (deadLetters != 0 || late != 0) {
      throw new IllegalStateException(
          "expected no dead letters and no late data, got " + deadLetters + " and " + late);
    }
    Outcome o = new Outcome();
    o.windows = counter(result, "windows");
    o.windowChecksum = counter(result, "window_checksum");
    o.scores = counter(result, "scores");
    o.scoreChecksum = counter(result, "score_checksum");
    o.alerts = counter(result, "alerts");
    return o;
  }

  private static long counter(PipelineResult result, String name) {
    long total = 0;
    for (MetricResult<Long> c :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder().addNameFilter(MetricNameFilter.named(NAMESPACE, name)).build())
            .getCounters()) {
      total += c.getAttempted();
    }
    return total;
  }

  private static final class CountFn<T> extends DoFn<T, Void> {
    private final Counter counter;

    CountFn(String name) {
      counter = Metrics.counter(NAMESPACE, name);
    }

    @ProcessElement
    public void process() {
      counter.inc();
    }
  }

  private static final class WindowChecksumFn extends DoFn<WindowStats, Void> {
    private final Counter windows = Metrics.counter(NAMESPACE, "windows");
    private final Counter checksum = Metrics.counter(NAMESPACE, "window_checksum");

    @ProcessElement
    public void process(@Element WindowStats w) {
      windows.inc();
      checksum.inc(
          Outcome.windowHash(
              w.getKey(), w.getWindowStart().getMillis(), w.getCount(), w.getMin(), w.getMax(), w.getSum()));
    }
  }

  private static final class ScoreChecksumFn extends DoFn<AnomalyResult, Void> {
    private final Counter scores = Metrics.counter(NAMESPACE, "scores");
    private final Counter checksum = Metrics.counter(NAMESPACE, "score_checksum");
    private final Counter alerts = Metrics.counter(NAMESPACE, "alerts");

    @ProcessElement
    public void process(@Element AnomalyResult s) {
      scores.inc();
      checksum.inc(
          Outcome.scoreHash(
              s.getSensor(), s.getTimestamp().getMillis(), s.getLine(), s.getScore(), s.getIsAnomaly()));
      if (s.getIsAnomaly()) {
        alerts.inc();
      }
    }
  }
}
