package io.beamwise.pipelines.sensormonitor;

import io.beamwise.anomaly.AnomalyResult;
import io.beamwise.anomaly.DetectorSpec;
import io.beamwise.anomaly.Detectors;
import io.beamwise.anomaly.ScoreAnomalies;
import io.beamwise.anomaly.ScoringResult;
import io.beamwise.anomaly.Threshold;
import io.beamwise.failure.DeadLetters;
import io.beamwise.failure.Failure;
import io.beamwise.io.files.ReadLinesWithPosition;
import io.beamwise.io.generator.GenerateSensorLines;
import io.beamwise.io.generator.SensorGenerator;
import io.beamwise.io.json.JsonRecords;
import io.beamwise.io.nab.WriteNabResults;
import io.beamwise.parse.ParseResult;
import io.beamwise.parse.ParseSensorReadings;
import io.beamwise.parse.SensorReading;
import io.beamwise.parse.SourceLine;
import io.beamwise.windows.ComputeWindowStats;
import io.beamwise.windows.WindowSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * {@code sensor-monitor}: the main job. Reads sensor readings (NAB CSV or JSON Lines files, or
 * the built-in generator), then
 *
 * <ol>
 *   <li>parses them with event time from the payload; bad lines become dead letters;
 *   <li>computes count, min, max and mean per sensor per event-time tumbling window;
 *   <li>scores each reading with a per-sensor rolling z-score in event-time order;
 * </ol>
 *
 * <p>and writes into {@code --output}: {@code window-stats.jsonl}, {@code scores.jsonl}, {@code
 * alerts.jsonl}, {@code dead-letter.jsonl}, for file input {@code nab/<sensor>.csv} (NAB results
 * format), and {@code summary.json}. The run fails (non-zero exit) when the counts do not
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
    Summary summary = run(options);
    System.out.println(summary.toJson());
    if (!summary.reconciles()) {
      System.err.println("sensor-monitor: counts do not reconcile: " + summary.mismatch());
      System.exit(1);
    }
  }

  /**
   * Builds and runs the pipeline to completion, writes {@code summary.json} and returns the
   * summary.
   *
   * @throws IllegalArgumentException for an invalid option, naming it and its valid values
   */
  public static Summary run(SensorMonitorOptions options) {
    Settings settings = Settings.from(options);
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, settings);
    long started = System.nanoTime();
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    double seconds = (System.nanoTime() - started) / 1e9;
    Summary summary =
        Summary.of(
                result,
                // Only discarding, non-overlapping panes hold each reading exactly once.
                !settings.window.isAccumulating()
                    && settings.window.getKind() != WindowSpec.Kind.SLIDING)
            .with("input", settings.input == null ? "generator(seed=" + options.getSeed() + ")" : settings.input)
            .with("output", settings.output)
            .with("runner", options.getRunner().getSimpleName())
            .with("window", settings.window.toString())
            .with("detector", settings.detector.describe())
            .with("threshold", settings.threshold.describe())
            .with("pipeline_seconds", Math.round(seconds * 100) / 100.0);
    if (settings.generator != null) {
      addGeneratorRecall(summary, settings);
    }
    writeSummary(summary, settings.output);
    return summary;
  }

  /** Adds the pipeline's transforms to {@code pipeline}. */
  static void build(Pipeline pipeline, Settings s) {
    PCollection<SourceLine> lines =
        s.generator != null
            ? pipeline.apply("Generate", GenerateSensorLines.from(s.generator))
            : pipeline.apply("Read", ReadLinesWithPosition.from(s.input));

    ParseResult<SensorReading> parsed = lines.apply("Parse", ParseSensorReadings.byExtension(s.zone));
    PCollection<SensorReading> readings = parsed.output();

    ComputeWindowStats.Result windows =
        readings
            .apply(
                "Values by sensor",
                MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.doubles()))
                    .via((SensorReading r) -> KV.of(r.getSensor(), r.getValue())))
            .apply("Window stats", ComputeWindowStats.of(s.window));
    windows
        .stats()
        .apply("Format window stats", MapElements.into(TypeDescriptors.strings()).via(JsonRecords::windowStats))
        .apply("Write window stats", jsonLines(s.output, "window-stats"));
    PCollection<Failure> lateForWindows =
        windows.late().apply("Late values to dead letters", ParDo.of(new LateForWindowFn()));

    ScoringResult scoring =
        readings.apply(
            "Score",
            s.learnFromAnomalies
                ? ScoreAnomalies.with(s.detector).withThreshold(s.threshold)
                : ScoreAnomalies.with(s.detector).withThreshold(s.threshold).withoutLearningFromAnomalies());
    PCollection<AnomalyResult> scores = scoring.scores();
    scores
        .apply("Format scores", MapElements.into(TypeDescriptors.strings()).via(JsonRecords::score))
        .apply("Write scores", jsonLines(s.output, "scores"));
    scores
        .apply("Only alerts", Filter.by(AnomalyResult::getIsAnomaly))
        .apply("Format alerts", MapElements.into(TypeDescriptors.strings()).via(JsonRecords::score))
        .apply("Write alerts", jsonLines(s.output, "alerts"));
    if (s.generator == null) {
      scores.apply("Write NAB results", WriteNabResults.to(s.output + "/nab", s.zone));
    }

    PCollection<Failure> lateForScoring =
        scoring
            .late()
            .apply(
                "Late readings to dead letters",
                MapElements.into(TypeDescriptor.of(Failure.class)).via(SensorMonitor::lateFailure));
    DeadLetters.of(parsed.failures(), lateForScoring, lateForWindows)
        .apply("Format dead letters", MapElements.into(TypeDescriptors.strings()).via(JsonRecords::failure))
        .apply("Write dead letters", jsonLines(s.output, "dead-letter"));
  }

  /** A value that arrived after its windows closed, as a dead letter (no source position kept). */
  private static final class LateForWindowFn extends DoFn<KV<String, Double>, Failure> {
    @ProcessElement
    public void process(
        @Element KV<String, Double> kv, @Timestamp org.joda.time.Instant t, OutputReceiver<Failure> out) {
      out.output(
          Failure.of(
              "window",
              Failure.Reasons.LATE_FOR_WINDOW,
              "value at " + t + " arrived after every window it belongs to had closed",
              null,
              kv.getKey(),
              0,
              "{\"sensor\":\"" + kv.getKey() + "\",\"ts\":\"" + t + "\",\"value\":" + kv.getValue() + "}",
              org.joda.time.Instant.now()));
    }
  }

  private static Failure lateFailure(SensorReading r) {
    return Failure.of(
        "score",
        Failure.Reasons.LATE_FOR_SCORING,
        "reading at " + r.getTimestamp() + " arrived after its sensor's scores had passed it",
        null,
        r.getSource(),
        r.getLine(),
        r.toString(),
        org.joda.time.Instant.now());
  }

  private static TextIO.Write jsonLines(String output, String name) {
    return TextIO.write().to(output + "/" + name).withSuffix(".jsonl").withoutSharding();
  }

  private static void addGeneratorRecall(Summary summary, Settings s) {
    List<SensorGenerator.Anomaly> injected = s.generator.anomalies();
    long caught = 0;
    try {
      List<String> alertLines = readLines(outputFile(s.output, "alerts.jsonl"));
      for (SensorGenerator.Anomaly a : injected) {
        String sensor = "\"sensor\":\"" + a.sensor + "\"";
        boolean hit = false;
        for (long step = a.step; step < a.step + a.length && !hit; step++) {
          String ts = "\"timestamp\":\"" + s.generator.timestampOf(step * s.sensors) + "\"";
          for (String line : alertLines) {
            if (line.contains(sensor) && line.contains(ts)) {
              hit = true;
              break;
            }
          }
        }
        caught += hit ? 1 : 0;
      }
    } catch (IOException e) {
      summary.with("injected_anomalies_error", e.toString());
    }
    summary.with("injected_anomalies", injected.size()).with("injected_anomalies_alerted", caught);
  }

  // Through Beam's FileSystems, so that --output may be gs:// (any filesystem the jar registers).
  private static void writeSummary(Summary summary, String output) {
    ResourceId file = outputFile(output, "summary.json");
    byte[] json = (summary.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
    try (WritableByteChannel channel = FileSystems.create(file, MimeTypes.TEXT)) {
      channel.write(ByteBuffer.wrap(json));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write summary.json into " + output, e);
    }
  }

  private static ResourceId outputFile(String output, String name) {
    return FileSystems.matchNewResource(output, true)
        .resolve(name, ResolveOptions.StandardResolveOptions.RESOLVE_FILE);
  }

  private static List<String> readLines(ResourceId file) throws IOException {
    try (Reader reader = Channels.newReader(FileSystems.open(file), StandardCharsets.UTF_8);
        BufferedReader lines = new BufferedReader(reader)) {
      return lines.lines().collect(Collectors.toList());
    }
  }

  /** Validated options. */
  static final class Settings {
    final String input;
    final String output;
    final ZoneId zone;
    final WindowSpec window;
    final Threshold threshold;
    final boolean learnFromAnomalies;
    final DetectorSpec detector;
    final int sensors;
    final SensorGenerator generator;

    private Settings(SensorMonitorOptions o) {
      this.input = o.getInput() == null || o.getInput().isBlank() ? null : o.getInput();
      this.output = o.getOutput();
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
      this.learnFromAnomalies = !o.getNoLearnOnAnomaly();
      try {
        this.detector = Detectors.parse(o.getDetector());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--detector: " + e.getMessage(), e);
      }
      this.sensors = o.getSensors();
      this.generator = input == null ? SensorGenerator.of(o.getSeed(), o.getSensors(), o.getDays()) : null;
      if (input != null) {
        checkInputMatches(input);
      }
    }

    /** {@code 0.7}, or {@code adaptive[:QUANTILE[:WINDOW[:FLOOR]]]}. */
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

    static Settings from(SensorMonitorOptions options) {
      FileSystems.setDefaultPipelineOptions(options);
      return new Settings(options);
    }

    private static void checkInputMatches(String input) {
      try {
        MatchResult match = FileSystems.match(input, EmptyMatchTreatment.ALLOW);
        if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
          throw new IllegalArgumentException("--input=" + input + " matches no file");
        }
      } catch (IOException e) {
        throw new IllegalArgumentException("--input=" + input + " cannot be listed: " + e, e);
      }
    }
  }
}
