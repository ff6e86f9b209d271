package io.beamwise.monitor;

import io.beamwise.anomaly.ScoreAnomalies;
import io.beamwise.anomaly.detectors.RollingZScore;
import io.beamwise.monitor.MonitorResult.Part;
import io.beamwise.parse.EventTime;
import io.beamwise.parse.ParseJson;
import io.beamwise.parse.SourceLine;
import io.beamwise.windows.WindowSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * A small {@link MonitorResult} for the tests of its writers (files, Parquet, Kafka), built the
 * way a user builds one: 63 JSON Lines of {@code {device, time, temp}} records ({@code
 * r.jsonl}, lines 1 to 63) parsed with {@code ParseJson}, then {@code MonitorSensors.byFields
 * ("device", "temp")} with 1-hour tumbling windows, a rolling z-score over 20 readings and
 * threshold 0.7. Lines 1 to 61 alternate devices {@code d0} and {@code d1} one minute apart from
 * 2024-01-01T00:00Z at 20, 21, 22 °C, the 61st reading is an outlier (1000); line 62 has no value
 * ({@code bad_value}) and line 63 is not JSON. Each part's size is {@link #SIZES}.
 *
 * <p>Shipped in this module's test jar (type {@code test-jar}), so the writer modules' tests share
 * it; it cannot live in {@code beamwise-testing}, which this module's own tests depend on.
 */
public final class SampleMonitorResult {

  /** The first reading's time. */
  public static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

  /** The records' schema: {@code device, time, temp (nullable), source, line}. */
  public static final Schema SCHEMA =
      Schema.builder()
          .addStringField("device")
          .addDateTimeField("time")
          .addNullableField("temp", Schema.FieldType.DOUBLE)
          .addStringField("source")
          .addInt64Field("line")
          .build();

  /**
   * The number of elements of each part: 3 window statistics ({@code d0} in hours 0 and 1, its
   * 61st reading being at 01:00; {@code d1} in hour 0), 61 scores, 1 alert (the outlier), 1
   * episode, 2 dead letters (lines 62 and 63).
   */
  public static final Map<Part, Integer> SIZES =
      Map.of(Part.WINDOW_STATS, 3, Part.SCORES, 61, Part.ALERTS, 1, Part.EPISODES, 1, Part.DEAD_LETTER, 2);

  private SampleMonitorResult() {}

  /** The 63 input lines. */
  public static List<SourceLine> lines() {
    List<SourceLine> lines = new ArrayList<>();
    for (int i = 0; i < 61; i++) {
      double temp = i == 60 ? 1000.0 : 20.0 + i % 3;
      lines.add(SourceLine.of("r.jsonl", i + 1, "{\"device\":\"d" + (i % 2) + "\",\"time\":\""
          + START.plus(Duration.standardMinutes(i)) + "\",\"temp\":" + temp + "}"));
    }
    lines.add(SourceLine.of("r.jsonl", 62, "{\"device\":\"d9\",\"time\":\"" + START + "\"}"));
    lines.add(SourceLine.of("r.jsonl", 63, "{oops"));
    return lines;
  }

  /** The composite the sample is computed with; tests may turn parts off (e.g. {@code withoutEpisodes()}). */
  public static MonitorSensors<Row> monitor() {
    return MonitorSensors.<Row>byFields("device", "temp")
        .withTimeField("time")
        .withPositionFields("source", "line")
        .withWindows(WindowSpec.parse("tumbling:1h"))
        .withScoring(ScoreAnomalies.with(RollingZScore.spec(20)).withThreshold(0.7));
  }

  /** The sample result in {@code p}: {@link #lines()} through {@link #monitor()}. */
  public static MonitorResult in(Pipeline p) {
    return in(p, monitor());
  }

  /** {@link #lines()} through {@code monitor} in {@code p}. */
  public static MonitorResult in(Pipeline p, MonitorSensors<Row> monitor) {
    return p.apply("Sample lines", Create.of(lines()))
        .apply("Parse sample", ParseJson.rows(SCHEMA).withEventTime(EventTime.iso("time")).withPositionFields("source", "line"))
        .apply("Monitor sample", monitor);
  }
}
