package io.beamwise.monitor;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.beamwise.anomaly.AlertEpisode;
import io.beamwise.anomaly.AnomalyResult;
import io.beamwise.anomaly.GroupAlertsIntoEpisodes;
import io.beamwise.anomaly.ScoreAnomalies;
import io.beamwise.anomaly.ScoringResult;
import io.beamwise.anomaly.detectors.Detectors;
import io.beamwise.failure.DeadLetters;
import io.beamwise.failure.Failure;
import io.beamwise.parse.ParseResult;
import io.beamwise.parse.SensorReading;
import io.beamwise.parse.SensorReadingCoder;
import io.beamwise.windows.ComputeWindowStats;
import io.beamwise.windows.WindowSpec;
import io.beamwise.windows.WindowStats;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The whole monitoring job on records of any type: parsed records (and their parse failures) →
 * per-key event-time window statistics, per-key online anomaly scores and alerts, and one
 * collection of failures, in a typed {@link MonitorResult}.
 *
 * <pre>{@code
 * MonitorResult r = p.apply(ReadLinesWithPosition.from("readings/*.jsonl"))
 *     .apply(ParseJson.to(Reading.class).withEventTime(EventTime.iso("time")).withPositionFields("source", "line"))
 *     .apply(MonitorSensors.<Reading>byFields("device", "temp").withPositionFields("source", "line")
 *         .withWindows(WindowSpec.parse("tumbling:1h"))
 *         .withScoring(ScoreAnomalies.with(Detectors.parse("zscore:288")).withThreshold(0.7)));
 * r.apply(WriteResultFiles.to("out"));   // beamwise-io: JSON Lines files (also WriteResultParquet, WriteResultsToKafka)
 * }</pre>
 *
 * <p>Records are read through {@link ReadingFields}: by Beam schema field names ({@link
 * #byFields}) or by functions ({@link #byFunctions}); {@link SensorReading}s as they are ({@link
 * #readings}). A record whose key or value is missing, null or not finite becomes a {@code
 * bad_value} failure of stage {@value #READ_STAGE}, at the record's position when {@link
 * #withPositionFields} names readable fields (else source "" and line 0). Windows: {@link
 * WindowStats} per key (default {@code tumbling:1h}), computed by the scoring in the same keyed
 * pass ({@link ScoreAnomalies#withWindowStats}: one shuffle for both on bounded input in batch
 * mode), or by {@link ComputeWindowStats} without scoring; scoring: {@link ScoreAnomalies} (default {@link Detectors#DEFAULT} at
 * threshold {@link Detectors#DEFAULT_THRESHOLD}); alerts of a key less than an hour apart form one {@link AlertEpisode} ({@link
 * #withEpisodeGap}, {@link #withoutEpisodes()}); {@link #withoutScoring()} and {@link
 * #withoutWindows()} turn either off. Readings too late
 * for their windows ({@code late_for_window}, stage {@code window}) or for their key's scores
 * ({@code late_for_scoring}, stage {@code score}) become failures whose payload is the reading as
 * JSON under the input's field names ({@code {"device": ..., "time": ..., "temp": ...}}) and whose
 * position is the record's.
 *
 * @param <T> the record type
 */
public final class MonitorSensors<T> extends PTransform<ParseResult<T>, MonitorResult> {

  /** The stage of failures to read a record's key, value or time. */
  public static final String READ_STAGE = "read";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ReadingFields<T> fields;
  private final @Nullable WindowSpec windows;
  private final @Nullable ScoreAnomalies<SensorReading> scoring;
  private final @Nullable Duration episodeGap;

  private MonitorSensors(
      ReadingFields<T> fields,
      @Nullable WindowSpec windows,
      @Nullable ScoreAnomalies<SensorReading> scoring,
      @Nullable Duration episodeGap) {
    this.fields = fields;
    this.windows = windows;
    this.scoring = scoring;
    this.episodeGap = episodeGap;
  }

  /** The default gap of {@link #withEpisodeGap}: one hour. */
  public static final Duration DEFAULT_EPISODE_GAP = Duration.standardHours(1);

  /** Records read by {@code fields}, with the default windows and scoring. */
  public static <T> MonitorSensors<T> of(ReadingFields<T> fields) {
    checkArgument(fields != null, "fields must not be null");
    return new MonitorSensors<>(
        fields,
        WindowSpec.parse("1h"),
        ScoreAnomalies.with(Detectors.parse(Detectors.DEFAULT)).withThreshold(Detectors.DEFAULT_THRESHOLD),
        DEFAULT_EPISODE_GAP);
  }

  /** {@link SensorReading}s (sensor, ts, value, source, line). */
  public static MonitorSensors<SensorReading> readings() {
    return of(ReadingFields.readings());
  }

  /**
   * Schema'd records (Row, AutoValue, POJO, JavaBean) by field names: the key and the numeric
   * value; event time = the element timestamp unless {@link #withTimeField}.
   */
  public static <T> MonitorSensors<T> byFields(String keyField, String valueField) {
    return of(ReadingFields.byName(List.of(keyField), valueField));
  }

  /** Any type by functions: the key and the value; event time = the element timestamp. */
  public static <T> MonitorSensors<T> byFunctions(
      org.apache.beam.sdk.transforms.SerializableFunction<T, String> key,
      org.apache.beam.sdk.transforms.SerializableFunction<T, Double> value) {
    return of(ReadingFields.byFunctions(key, value));
  }

  /**
   * The key is several fields, their values joined with {@value ReadingFields#KEY_SEPARATOR}.
   *
   * @throws IllegalArgumentException if the records are not read by field names
   */
  public MonitorSensors<T> withKeyFields(String... keyFields) {
    checkArgument(keyFields != null && keyFields.length > 0, "keyFields must not be empty");
    return new MonitorSensors<>(
        byName("withKeyFields").withKeyFields(List.of(keyFields)), windows, scoring, episodeGap);
  }

  /** The event time is this {@code DATETIME} field of the record. */
  public MonitorSensors<T> withTimeField(String timeField) {
    return new MonitorSensors<>(
        byName("withTimeField").withTimeField(timeField), windows, scoring, episodeGap);
  }

  /**
   * The record's input position is in these fields (see {@code ParseJson.withPositionFields}):
   * failures carry it, and a key's readings with equal timestamps are scored in input order.
   */
  public MonitorSensors<T> withPositionFields(String sourceField, String lineField) {
    return new MonitorSensors<>(
        byName("withPositionFields").withPositionFields(sourceField, lineField), windows, scoring,
        episodeGap);
  }

  /** The windows of the statistics. */
  public MonitorSensors<T> withWindows(WindowSpec windows) {
    checkArgument(windows != null, "windows must not be null; use withoutWindows() for none");
    return new MonitorSensors<>(fields, windows, scoring, episodeGap);
  }

  /** No window statistics: scoring only. */
  public MonitorSensors<T> withoutWindows() {
    return new MonitorSensors<>(fields, null, scoring, episodeGap);
  }

  /** How readings are scored: detector, threshold, value range, lateness policy, details. */
  public MonitorSensors<T> withScoring(ScoreAnomalies<SensorReading> scoring) {
    checkArgument(scoring != null, "scoring must not be null; use withoutScoring() for none");
    return new MonitorSensors<>(fields, windows, scoring, episodeGap);
  }

  /** No scores or alerts: window statistics only. */
  public MonitorSensors<T> withoutScoring() {
    return new MonitorSensors<>(fields, windows, null, episodeGap);
  }

  /**
   * Alerts of one key less than {@code gap} apart (event time) form one {@link AlertEpisode}
   * (default {@link #DEFAULT_EPISODE_GAP}); see {@link GroupAlertsIntoEpisodes}.
   *
   * @throws IllegalArgumentException unless gap is in [1 ms, 366 days]
   */
  public MonitorSensors<T> withEpisodeGap(Duration gap) {
    GroupAlertsIntoEpisodes.withGap(gap); // validates
    return new MonitorSensors<>(fields, windows, scoring, gap);
  }

  /** No alert episodes ({@link MonitorResult#episodes()} is empty). */
  public MonitorSensors<T> withoutEpisodes() {
    return new MonitorSensors<>(fields, windows, scoring, null);
  }

  private ReadingFields.ByName<T> byName(String method) {
    checkArgument(
        fields instanceof ReadingFields.ByName,
        "%s applies to records read by field names (MonitorSensors.byFields)",
        method);
    return (ReadingFields.ByName<T>) fields;
  }

  @Override
  public MonitorResult expand(ParseResult<T> parsed) {
    checkArgument(
        windows != null || scoring != null,
        "withoutWindows() and withoutScoring() together leave nothing to compute");
    PCollection<T> records = parsed.output();
    ReadingFields.Bound<T> bound =
        fields.bind(
            records.hasSchema() ? records.getSchema() : null,
            records.hasSchema() ? records.getToRowFunction() : null);
    List<PCollection<Failure>> failures = new ArrayList<>();
    failures.add(parsed.failures());
    PCollection<SensorReading> readings;
    if (fields.isIdentity()) {
      @SuppressWarnings("unchecked") // T is SensorReading
      PCollection<SensorReading> same = (PCollection<SensorReading>) records;
      readings = same;
    } else {
      TupleTag<SensorReading> readingsTag = new TupleTag<>() {};
      TupleTag<Failure> failedTag = new TupleTag<>() {};
      PCollectionTuple read =
          records.apply(
              "Read key, value, time",
              ParDo.of(new ReadFn<>(bound, readingsTag, failedTag))
                  .withOutputTags(readingsTag, TupleTagList.of(failedTag)));
      readings = read.get(readingsTag).setCoder(SensorReadingCoder.of());
      failures.add(read.get(failedTag));
    }

    LatePayload payload = new LatePayload(fields.keyName(), fields.timeName(), fields.valueName());
    PCollection<WindowStats> stats;
    PCollection<AnomalyResult> scores;
    PCollection<AnomalyResult> alerts;
    PCollection<AlertEpisode> episodes;
    if (scoring != null) {
      // With windows too, the scoring computes them in its keyed pass (one shuffle for both where
      // the runner sorts bounded input; see ScoreAnomalies.withWindowStats).
      ScoringResult<SensorReading> scored =
          readings.apply("Score", windows == null ? scoring : scoring.withWindowStats(windows));
      scores = scored.scores();
      alerts = scores.apply("Only alerts", Filter.by(AnomalyResult::getIsAnomaly));
      // An alert too late for its episode stays in alerts; GroupAlertsIntoEpisodes counts it.
      episodes =
          episodeGap == null
              ? empty(parsed, "No episodes", AlertEpisode.class)
              : alerts.apply("Episodes", GroupAlertsIntoEpisodes.withGap(episodeGap)).episodes();
      failures.add(asFailures(scored.late(), "Late for scoring", payload, false));
      // Both empty without windows.
      stats = scored.windowStats();
      failures.add(asFailures(scored.lateForWindows(), "Late for windows", payload, true));
    } else {
      scores = empty(parsed, "No scores", AnomalyResult.class);
      alerts = empty(parsed, "No alerts", AnomalyResult.class);
      episodes = empty(parsed, "No episodes", AlertEpisode.class);
      // Window statistics alone. Whole readings (not just values) go into the windows, so late
      // ones keep their position.
      ComputeWindowStats.Result<SensorReading> w =
          readings
              .apply(
                  "Readings by key",
                  MapElements.into(
                          TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(SensorReading.class)))
                      .via((SensorReading r) -> KV.of(r.getSensor(), r)))
              .setCoder(KvCoder.of(StringUtf8Coder.of(), SensorReadingCoder.of()))
              .apply("Window stats", ComputeWindowStats.of(windows, SensorReading::getValue));
      stats = w.stats();
      PCollection<SensorReading> late =
          w.late().apply("Late readings", Values.create()).setCoder(SensorReadingCoder.of());
      failures.add(asFailures(late, "Late for windows", payload, true));
    }
    PCollection<Failure> all = PCollectionList.of(failures).apply("Dead letters", DeadLetters.collect());
    return new MonitorResult(stats, scores, alerts, episodes, all, fields.keyName());
  }

  /** Late readings as failures of the window or the scoring stage. */
  private static PCollection<Failure> asFailures(
      PCollection<SensorReading> late, String name, LatePayload payload, boolean forWindow) {
    return late.apply(
        name,
        MapElements.into(TypeDescriptor.of(Failure.class)).via((SensorReading r) -> payload.failure(r, forWindow)));
  }

  private static <V> PCollection<V> empty(ParseResult<?> in, String name, Class<V> type) {
    return in.getPipeline().apply(name, Create.empty(TypeDescriptor.of(type)));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("key", fields.keyName()))
        .add(DisplayData.item("value", fields.valueName()))
        .add(DisplayData.item("windows", windows == null ? "none" : windows.toString()))
        .add(DisplayData.item("scoring", scoring == null ? "none" : "on"))
        .add(DisplayData.item("episodeGap", episodeGap == null ? "none" : episodeGap.toString()));
  }

  /** Record → reading, or a {@code bad_value} failure with the record as payload, at its position. */
  private static final class ReadFn<T> extends DoFn<T, SensorReading> {
    private final ReadingFields.Bound<T> bound;
    private final TupleTag<SensorReading> readingsTag;
    private final TupleTag<Failure> failedTag;

    ReadFn(
        ReadingFields.Bound<T> bound,
        TupleTag<SensorReading> readingsTag,
        TupleTag<Failure> failedTag) {
      this.bound = bound;
      this.readingsTag = readingsTag;
      this.failedTag = failedTag;
    }

    @ProcessElement
    public void process(@Element T record, @Timestamp Instant elementTime, MultiOutputReceiver out) {
      SensorReading r;
      try {
        r = bound.read(record, elementTime);
      } catch (IllegalArgumentException | ClassCastException e) {
        out.get(failedTag).output(failure(record, e.getMessage(), e));
        return;
      }
      if (r.getTimestamp().equals(elementTime)) {
        out.get(readingsTag).output(r);
      } else if (r.getTimestamp().isAfter(elementTime)) {
        out.get(readingsTag).outputWithTimestamp(r, r.getTimestamp());
      } else {
        out.get(failedTag)
            .output(failure(record, "event time " + r.getTimestamp() + " is earlier than the element's timestamp "
                + elementTime + "; Beam cannot move an element back in time", null));
      }
    }

    private Failure failure(T record, String message, @Nullable Throwable e) {
      return Failure.of(
          READ_STAGE, Failure.Reasons.BAD_VALUE, message, e, bound.source(record), bound.line(record),
          bound.payload(record), Instant.now());
    }
  }

  /** A late reading as a failure: JSON under the input's names, at the reading's position. */
  private static final class LatePayload implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final String key;
    private final String time;
    private final String value;

    LatePayload(String key, String time, String value) {
      this.key = key;
      this.time = time;
      this.value = value;
    }

    Failure failure(SensorReading r, boolean forWindow) {
      String json =
          JSON.createObjectNode()
              .put(key, r.getSensor())
              .put(time, r.getTimestamp().toString())
              .put(value, r.getValue())
              .toString();
      return forWindow
          ? Failure.of("window", Failure.Reasons.LATE_FOR_WINDOW,
              "reading at " + r.getTimestamp() + " arrived after every window it belongs to had closed",
              null, r.getSource(), r.getLine(), json, Instant.now())
          : Failure.of("score", Failure.Reasons.LATE_FOR_SCORING,
              "reading at " + r.getTimestamp() + " arrived after its sensor's scores had passed it",
              null, r.getSource(), r.getLine(), json, Instant.now());
    }
  }
}
