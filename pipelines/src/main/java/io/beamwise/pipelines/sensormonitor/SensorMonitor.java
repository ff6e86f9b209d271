package io.beamwise.pipelines.sensormonitor;

import io.beamwise.anomaly.ExpectedRange;
import io.beamwise.anomaly.ScoreAnomalies;
import io.beamwise.anomaly.GroupAlertsIntoEpisodes;
import io.beamwise.anomaly.Threshold;
import io.beamwise.anomaly.detectors.DetectorSpec;
import io.beamwise.anomaly.detectors.Detectors;
import io.beamwise.anomaly.detectors.ValueRange;
import io.beamwise.io.generator.GeneratorOptions;
import io.beamwise.io.generator.InjectedAnomaly;
import io.beamwise.io.files.WriteResultFiles;
import io.beamwise.io.generator.SensorGenerator;
import io.beamwise.io.nab.WriteNabResults;
import io.beamwise.io.parquet.WriteResultParquet;
import io.beamwise.monitor.MonitorResult;
import io.beamwise.monitor.MonitorSensors;
import io.beamwise.parse.EventTime;
import io.beamwise.parse.JsonReadingParser;
import io.beamwise.parse.ParseResult;
import io.beamwise.parse.ParseSensorReadings;
import io.beamwise.parse.SensorReading;
import io.beamwise.windows.Durations;
import io.beamwise.windows.WindowSpec;
import org.joda.time.Duration;

import java.io.IOException;

import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.beam.sdk.values.PDone;

/**
 * {@code sensor-monitor}: the main job. Reads sensor readings (NAB CSV, JSON Lines or Parquet
 * files, a named dataset such as {@code nab:realKnownCause/nyc_taxi}, a Kafka topic of JSON Lines
 * values via {@link KafkaInput}, or the built-in generator; see {@link SensorIo}), then, through
 * the library's {@link MonitorSensors},
 *
 * <ol>
 *   <li>parses them with event time from the payload; bad lines become dead letters;
 *   <li>computes count, min, max and mean per sensor per event-time tumbling window;
 *   <li>scores each reading per sensor in event-time order with {@code --detector} (default {@link
 *       Detectors#DEFAULT}) and alerts above {@code --threshold};
 *   <li>groups each sensor's alerts into episodes ({@code --episodeGap});
 * </ol>
 *
 * <p>and writes with the library's sinks ({@link WriteResultFiles}, {@link WriteResultParquet})
 * into {@code --output}: {@code window-stats.jsonl}, {@code scores.jsonl}, {@code
 * alerts.jsonl}, {@code episodes.jsonl} (alerts grouped per sensor, {@code --episodeGap}), {@code
 * dead-letter.jsonl} ({@code .parquet} with {@code --outputFormat=parquet}),
 * for file input {@code nab/<sensor>.csv} (NAB results format), and {@code summary.json}; with
 * {@code --kafkaOutput} also to Kafka topics ({@link KafkaOutputs}, {@code WriteResultsToKafka}). An unbounded Kafka input runs
 * in streaming mode and writes only to Kafka. The run fails (non-zero exit) when the counts do not
 * reconcile; see {@link Summary}.
 */
public final class SensorMonitor {

  public static final String NAME = "sensor-monitor";

  private SensorMonitor() {}

  /** Parses options, runs, prints the summary; exits 1 when the counts do not reconcile. */
  public static void main(String[] args) {
    PipelineOptionsFactory.register(SensorMonitorOptions.class);
    SensorMonitorOptions options =
        PipelineOptionsFactory.fromArgs(args).withValidation().as(SensorMonitorOptions.class);
    Summary summary = runAndSummarize(options);
    System.out.println(summary.toJson());
    summary.warning().ifPresent(w -> System.err.println("sensor-monitor: WARNING: " + w));
    if (!summary.reconciles()) {
      System.err.println("sensor-monitor: counts do not reconcile: " + summary.mismatch());
      System.exit(1);
    }
  }

  /**
   * Builds the pipeline (options → source → {@code MonitorSensors} → sinks) and starts it, as
   * DataflowTemplates' {@code run(Options)} does: the runner's result is returned at once, to wait
   * for, cancel or read metrics from; no summary, report or {@code _SUCCESS} is written ({@link
   * #runAndSummarize} does that).
   *
   * @throws IllegalArgumentException for an invalid option, naming it and its valid values
   */
  public static PipelineResult run(SensorMonitorOptions options) {
    Settings settings = Settings.from(options);
    return pipeline(options, settings).run();
  }

  /** The pipeline of {@code settings}, with a streaming Kafka input's runner settings applied. */
  private static Pipeline pipeline(SensorMonitorOptions options, Settings settings) {
    if (settings.kafka != null && !settings.kafka.bounded) {
      options.as(StreamingOptions.class).setStreaming(true);
      FlinkStreamingSettings.applyForStreaming(options)
          .ifPresent(set -> System.err.println("sensor-monitor: unbounded job on Flink: " + set));
    }
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, settings);
    return pipeline;
  }

  /**
   * Runs the pipeline to completion with progress lines, builds the summary beside it from the
   * run's metrics, writes {@code summary.json} (and the report with {@code --report}), then {@code
   * _SUCCESS} if the counts reconcile, and returns the summary. A streaming (unbounded Kafka) job
   * that the runner submits detached, such as Flink with {@code --attachedMode=false}, is not
   * waited for: the summary then holds its job id and state only ({@link DetachedJob}), and no
   * {@code summary.json} is written.
   *
   * @throws IllegalArgumentException for an invalid option, naming it and its valid values
   */
  public static Summary runAndSummarize(SensorMonitorOptions options) {
    Settings settings = Settings.from(options);
    Pipeline pipeline = pipeline(options, settings);
    if (settings.writesFiles()) {
      // A run's outputs are complete when _SUCCESS is there (written last): remove the marker and
      // the summary of an earlier run into the same directory first.
      deleteIfExists(outputFile(settings.output, SUCCESS));
      deleteIfExists(outputFile(settings.output, "summary.json"));
    }
    long started = System.nanoTime();
    Progress progress = Progress.start(options, settings.kafka != null && !settings.kafka.bounded);
    PipelineResult result = progress.follow(pipeline.run());
    if (settings.kafka != null && !settings.kafka.bounded) {
      java.util.Optional<DetachedJob> detached = DetachedJob.of(result);
      if (detached.isPresent()) {
        return submitted(detached.get(), options, settings);
      }
    }
    result.waitUntilFinish();
    progress.finish();
    double seconds = (System.nanoTime() - started) / 1e9;
    Summary summary =
        Summary.of(
                result,
                // Only discarding, non-overlapping panes hold each reading exactly once.
                !settings.window.isAccumulating()
                    && settings.window.getKind() != WindowSpec.Kind.SLIDING)
            .with("input", settings.input == null ? "generator(" + settings.generator.config() + ")" : settings.input)
            .with("output", settings.output)
            .with("output_format", settings.outputFormat.toString())
            .with("runner", options.getRunner().getSimpleName())
            .with("window", settings.window.toString())
            .with("detector", settings.detector.describe())
            .with("value_range", settings.valueRange.describe())
            .with("threshold", settings.threshold.describe())
            .with("pipeline_seconds", Math.round(seconds * 100) / 100.0);
    if (settings.generator != null) {
      addGeneratorRecall(summary, settings);
    }
    if (settings.kafkaOutputs != null) {
      summary.with("kafka_written", settings.kafkaOutputs.written(result));
    }
    writeSummary(summary, settings.output);
    AfterRun.run(options, settings);
    if (summary.reconciles()) {
      writeFile(outputFile(settings.output, SUCCESS), new byte[0]); // last: the outputs are complete
    }
    return summary;
  }

  /**
   * A streaming job left running on a cluster ({@code --attachedMode=false}): says how to find,
   * watch and cancel it; no metrics, no files (the results go to {@code --kafkaOutput}).
   */
  private static Summary submitted(DetachedJob job, SensorMonitorOptions options, Settings s) {
    String id = job.jobId().orElse(null);
    String ref = id == null ? "JOB_ID" : id;
    System.err.println(
        "sensor-monitor: submitted "
            + (id == null ? "a detached streaming job (id unknown: see `scripts/flink-cluster flink list`"
                + " or GET /jobs/overview on the Flink REST API)" : "detached streaming job " + id)
            + "; it runs until cancelled and writes to " + s.kafkaOutputs.prefix() + ".*\n"
            + "  watch:      curl -s 127.0.0.1:8081/jobs/" + ref + "   (or scripts/flink-cluster status)\n"
            + "  savepoint:  scripts/flink-cluster flink savepoint " + ref + "\n"
            + "  cancel:     scripts/flink-cluster flink cancel " + ref);
    return Summary.submitted()
        .with("submitted", true)
        .with("job_id", id)
        .with("state", job.state())
        .with("input", s.input)
        .with("kafka_output", s.kafkaOutputs.prefix())
        .with("runner", options.getRunner().getSimpleName())
        .with("window", s.window.toString())
        .with("detector", s.detector.describe())
        .with("value_range", s.valueRange.describe())
        .with("threshold", s.threshold.describe());
  }

  /** Adds the pipeline's transforms to {@code pipeline}. */
  static void build(Pipeline pipeline, Settings s) {
    ParseResult<SensorReading> parsed =
        s.kafka != null
            ? pipeline.apply("Read Kafka", s.kafka.read()).apply("Parse", s.parse)
            : SensorIo.read(pipeline, s.generator, s.input, s.zone, s.parse);
    // The library's composite: window stats, scores, alerts and every failure (parse, late).
    MonitorResult r =
        parsed.apply(
            "Monitor",
            episodes(MonitorSensors.readings().withWindows(s.window).withScoring(scoreAnomalies(s)), s));
    // Episodes turned off (--episodeGap=none): no episodes file or topic rather than an empty one.
    MonitorResult.Part[] leftOut =
        s.episodeGap == null ? new MonitorResult.Part[] {MonitorResult.Part.EPISODES} : new MonitorResult.Part[0];
    if (s.writesFiles()) {
      r.apply("Write results", fileSink(s, leftOut));
    }
    if (s.generator == null && s.kafka == null) {
      r.scores().apply("Write NAB results", WriteNabResults.to(s.output + "/nab", s.zone));
    }
    if (s.generator != null) {
      r.alerts()
          .apply(
              "Injected anomalies alerted",
              ParDo.of(new InjectedAlertsFn(s.generator.anomalies(), s.generator.config().sensors())));
    }
    if (s.kafkaOutputs != null) {
      r.apply("Write results to Kafka", s.kafkaOutputs.sink().without(leftOut));
    }
  }

  /** {@code --outputFormat}'s writer of the whole result into {@code --output}. */
  private static PTransform<MonitorResult, PDone> fileSink(Settings s, MonitorResult.Part[] leftOut) {
    return s.outputFormat == SensorIo.Format.PARQUET
        ? WriteResultParquet.to(s.output).without(leftOut)
        : WriteResultFiles.to(s.output).without(leftOut);
  }

  private static MonitorSensors<SensorReading> episodes(MonitorSensors<SensorReading> m, Settings s) {
    return s.episodeGap == null ? m.withoutEpisodes() : m.withEpisodeGap(s.episodeGap);
  }

  private static ScoreAnomalies<SensorReading> scoreAnomalies(Settings s) {
    ScoreAnomalies<SensorReading> score =
        ScoreAnomalies.with(s.detector).withThreshold(s.threshold).withExpectedRange(s.valueRange);
    score = s.learnFromAnomalies ? score : score.withoutLearningFromAnomalies();
    return s.details ? score.withDetails() : score;
  }

  private static void addGeneratorRecall(Summary summary, Settings s) {
    List<InjectedAnomaly> injected = s.generator.anomalies();
    long caught = 0;
    Map<String, String> byKind = new TreeMap<>();
    for (int i = 0; i < injected.size(); i++) {
      boolean hit = summary.counter(InjectedAlertsFn.NAMESPACE, InjectedAlertsFn.counterName(i)) > 0;
      caught += hit ? 1 : 0;
      byKind.merge(injected.get(i).kind().label(), (hit ? 1 : 0) + "/1", (x, y) -> sumFraction(x, y));
    }
    summary
        .with("injected_anomalies", injected.size())
        .with("injected_anomalies_alerted", caught)
        .with("injected_anomalies_alerted_by_kind", byKind);
    GeneratorReconciliation.check(summary, s.generator.census());
  }


  /** {@code "a/b" + "c/d" = "(a+c)/(b+d)"}: alerted / injected. */
  private static String sumFraction(String x, String y) {
    String[] a = x.split("/");
    String[] b = y.split("/");
    return (Long.parseLong(a[0]) + Long.parseLong(b[0])) + "/" + (Long.parseLong(a[1]) + Long.parseLong(b[1]));
  }

  /** The empty file that marks a finished, reconciled run's outputs as complete. */
  static final String SUCCESS = "_SUCCESS";

  // Through Beam's FileSystems, so that --output may be gs:// (any filesystem the jar registers).
  private static void writeSummary(Summary summary, String output) {
    writeFile(outputFile(output, "summary.json"), (summary.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void writeFile(ResourceId file, byte[] content) {
    try (WritableByteChannel channel = FileSystems.create(file, MimeTypes.TEXT)) {
      channel.write(ByteBuffer.wrap(content));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void deleteIfExists(ResourceId file) {
    try {
      FileSystems.delete(List.of(file), org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot remove " + file + " of an earlier run", e);
    }
  }

  private static ResourceId outputFile(String output, String name) {
    return FileSystems.matchNewResource(output, true)
        .resolve(name, ResolveOptions.StandardResolveOptions.RESOLVE_FILE);
  }

  /** Validated options. */
  static final class Settings {
    final String input;
    final String output;
    final ZoneId zone;
    final WindowSpec window;
    final Threshold threshold;
    /** Null: no episodes. */
    final Duration episodeGap;
    final boolean learnFromAnomalies;
    final boolean details;
    final DetectorSpec detector;
    final ExpectedRange valueRange;
    final int sensors;
    final SensorGenerator generator;
    final SensorIo.Format outputFormat;
    final KafkaInput kafka;
    final KafkaOutputs kafkaOutputs;
    /** Text input's parser: NAB CSV, or JSON Lines under --keyField/--valueField/--timeField. */
    final ParseSensorReadings parse;

    /**
     * False for an unbounded (streaming) Kafka input: its results go to {@code --kafkaOutput} only
     * (files would need windowed writes).
     */
    boolean writesFiles() {
      return kafka == null || kafka.bounded;
    }

    private Settings(SensorMonitorOptions o) {
      // Dataset names become files; local paths become absolute (a cluster's workers run elsewhere).
      this.input =
          o.getInput() == null || o.getInput().isBlank()
              ? null
              : absoluteLocal(SensorIo.resolveInput(o.getInput(), o.getDataDir()));
      this.outputFormat = SensorIo.Format.parse(o.getOutputFormat());
      this.output = absoluteLocal(o.getOutput());
      try {
        this.zone = ZoneId.of(o.getTimeZone());
      } catch (DateTimeException e) {
        throw new IllegalArgumentException(
            "--timeZone=" + o.getTimeZone() + " is not a time zone; use e.g. UTC, +02:00 or Europe/Paris", e);
      }
      try {
        this.window = WindowSpec.parse(o.getWindow());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--window: " + e.getMessage(), e);
      }
      this.threshold = parseThreshold(o.getThreshold());
      this.episodeGap = parseEpisodeGap(o.getEpisodeGap());
      this.learnFromAnomalies = !o.getNoLearnOnAnomaly();
      this.details = o.getDetails();
      try {
        this.detector = Detectors.parse(o.getDetector());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--detector: " + e.getMessage(), e);
      }
      this.valueRange = parseValueRange(o.getValueRange());
      this.sensors = o.getSensors();
      this.generator = input == null ? boundedGenerator(o) : null;
      EventTime eventTime = TimeFormats.eventTime(o.getTimeField(), o.getTimeFormat(), zone);
      try {
        this.parse =
            ParseSensorReadings.byExtension(
                zone, new JsonReadingParser(o.getKeyField(), o.getValueField(), eventTime));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--keyField/--valueField/--timeField: " + e.getMessage(), e);
      }
      this.kafka = KafkaInput.isKafka(input) ? KafkaInput.from(input, eventTime, o) : null;
      KafkaOutputs outputs = KafkaOutputs.from(o);
      boolean unbounded = kafka != null && !kafka.bounded;
      if (valueRange.kind() == ExpectedRange.Kind.INPUT && unbounded) {
        throw new IllegalArgumentException(
            "--valueRange=input needs bounded input (it reads every reading before scoring any), but --input="
                + input + " is read unbounded; give --maxRecords or --maxReadTime, or use learned, MIN:MAX or file:PATH");
      }
      if (unbounded && outputs == null) {
        throw new IllegalArgumentException(
            "--input=" + input + " without --maxRecords or --maxReadTime is read unbounded (streaming),"
                + " which writes no files: give --kafkaOutput=kafka://HOST:PORT/PREFIX for the results");
      }
      this.kafkaOutputs =
          unbounded && o.getKafkaExactlyOnce() ? outputs.exactlyOnce(o.getKafkaSinkGroupId()) : outputs;
      if (kafka != null) {
        try (KafkaPreflight check =
            KafkaPreflight.connect("--input", kafka.uri.bootstrapServers(), kafka.read().consumerProperties())) {
          check.requireTopics(kafka.uri.topics());
        }
      }
      if (kafkaOutputs != null) {
        try (KafkaPreflight check =
            KafkaPreflight.connect("--kafkaOutput", kafkaOutputs.bootstrapServers(), kafkaOutputs.properties())) {
          check.requireUnusedSinkGroups(
              KafkaOutputs.outputs().stream()
                  .flatMap(out -> kafkaOutputs.sinkGroup(out).stream())
                  .toList(),
              FlinkStreamingSettings.savepointPath(o));
        }
      }
      if (input != null && kafka == null) {
        PreflightChecks.checkInput(input);
      }
      if (writesFiles()) {
        PreflightChecks.checkOutput(output);
      }
    }

    private static SensorGenerator boundedGenerator(SensorMonitorOptions o) {
      if (o.getDays() == 0) {
        throw new IllegalArgumentException(
            "--days=0 (an unbounded generator) is not supported by sensor-monitor, whose outputs"
                + " are written once; use --days in [1, 3650]");
      }
      return SensorGenerator.of(GeneratorOptions.toConfig(o));
    }

    /** {@code learned}, {@code input}, {@code MIN:MAX} or {@code file:PATH}. */
    static ExpectedRange parseValueRange(String text) {
      String t = text == null ? "" : text.trim();
      if (t.startsWith("file:")) {
        return ExpectedRange.perSensor(readRanges(t.substring("file:".length())));
      }
      try {
        return ExpectedRange.parse(t);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--valueRange=" + text + ": " + e.getMessage() + "; or file:PATH, a CSV of sensor,min,max", e);
      }
    }

    /**
     * A CSV of {@code sensor,min,max} lines (blank lines, {@code #} comments and a {@code
     * sensor,min,max} header are skipped), through Beam's file systems.
     */
    static Map<String, ValueRange> readRanges(String path) {
      Map<String, ValueRange> ranges = new TreeMap<>();
      List<String> lines;
      try {
        MatchResult.Metadata file = FileSystems.matchSingleFileSpec(path);
        try (java.io.Reader reader =
            Channels.newReader(FileSystems.open(file.resourceId()), StandardCharsets.UTF_8)) {
          lines = new java.io.BufferedReader(reader).lines().collect(java.util.stream.Collectors.toList());
        }
      } catch (IOException e) {
        throw new IllegalArgumentException("--valueRange=file:" + path + " cannot be read: " + e, e);
      }
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).trim();
        if (line.isEmpty() || line.startsWith("#") || (i == 0 && line.toLowerCase(java.util.Locale.ROOT).startsWith("sensor,"))) {
          continue;
        }
        String[] parts = line.split(",");
        try {
          if (parts.length != 3 || parts[0].isBlank()) {
            throw new IllegalArgumentException("expected sensor,min,max");
          }
          ValueRange r = ValueRange.of(Double.parseDouble(parts[1].trim()), Double.parseDouble(parts[2].trim()));
          if (ranges.put(parts[0].trim(), r) != null) {
            throw new IllegalArgumentException("sensor " + parts[0].trim() + " is listed twice");
          }
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "--valueRange=file:" + path + " line " + (i + 1) + " '" + line + "': " + e.getMessage(), e);
        }
      }
      return ranges;
    }

    /** {@code 0.7}, or {@code adaptive[:QUANTILE[:WINDOW[:FLOOR]]]}. */
    /** {@code none}: null; else a duration in [1 ms, 366 days]. */
    static Duration parseEpisodeGap(String text) {
      if (text != null && text.trim().equalsIgnoreCase("none")) {
        return null;
      }
      try {
        Duration gap = Durations.parse("--episodeGap", text);
        GroupAlertsIntoEpisodes.withGap(gap); // validates the range
        return gap;
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            e.getMessage().startsWith("--episodeGap") ? e.getMessage() : "--episodeGap=" + text + ": " + e.getMessage()
                + "; give a duration such as 30m or 1h, or none",
            e);
      }
    }

    static Threshold parseThreshold(String text) {
      String t = text == null ? "" : text.trim();
      try {
        if (t.startsWith("adaptive")) {
          String[] p = t.split(":");
          double quantile = p.length > 1 ? Double.parseDouble(p[1]) : 0.995;
          int window = p.length > 2 ? Integer.parseInt(p[2]) : 2016;
          double floor = p.length > 3 ? Double.parseDouble(p[3]) : 0.5;
          return Threshold.adaptive(quantile, window, floor);
        }
        return Threshold.fixed(Double.parseDouble(t));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--threshold=" + text + ": " + e.getMessage()
                + "; expected a number in [0, 1) or adaptive[:QUANTILE[:WINDOW[:FLOOR]]]",
            e);
      }
    }

    /**
     * A local path made absolute against this JVM's working directory, because a runner's workers
     * (e.g. a Flink TaskManager) resolve relative paths against their own; URLs ({@code
     * scheme://...}) are returned as given.
     */
    static String absoluteLocal(String path) {
      if (path.contains("://")) {
        return path;
      }
      return java.nio.file.Paths.get(path).toAbsolutePath().normalize().toString();
    }

    static Settings from(SensorMonitorOptions options) {
      FileSystems.setDefaultPipelineOptions(options);
      return new Settings(options);
    }

  }
}
