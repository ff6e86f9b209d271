package io.beamwise.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.anomaly.AnomalyResult;
import io.beamwise.anomaly.ScoreAnomalies;
import io.beamwise.anomaly.detectors.RollingZScore;
import io.beamwise.failure.Failure;
import io.beamwise.parse.EventTime;
import io.beamwise.parse.ParseJson;
import io.beamwise.parse.ParseResult;
import io.beamwise.parse.SourceLine;
import io.beamwise.testing.TestPipelineExtension;
import io.beamwise.windows.WindowSpec;
import io.beamwise.windows.WindowStats;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.WithTimestamps;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class MonitorSensorsTest {

  private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");

  private static final Schema SCHEMA =
      Schema.builder()
          .addStringField("site")
          .addStringField("device")
          .addDateTimeField("time")
          .addNullableField("temp", Schema.FieldType.DOUBLE)
          .addStringField("source")
          .addInt64Field("line")
          .build();

  private static List<SourceLine> lines(int n) {
    List<SourceLine> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double temp = i == n - 1 ? 1000.0 : 20.0 + i % 3;
      lines.add(SourceLine.of("r.jsonl", i + 1, "{\"site\":\"s1\",\"device\":\"d" + (i % 2)
          + "\",\"time\":\"" + T.plus(Duration.standardMinutes(i)) + "\",\"temp\":" + temp + "}"));
    }
    lines.add(SourceLine.of("r.jsonl", n + 1, "{\"site\":\"s1\",\"device\":\"d9\",\"time\":\"" + T + "\"}"));
    lines.add(SourceLine.of("r.jsonl", n + 2, "{oops"));
    return lines;
  }

  private static ParseResult<Row> parse(TestPipeline p, int n) {
    return p.apply(Create.of(lines(n)))
        .apply(ParseJson.rows(SCHEMA).withEventTime(EventTime.iso("time")).withPositionFields("source", "line"));
  }

  @Test
  void parsedRowsKeepTheirPositionInTheNamedFields(TestPipeline p) {
    PAssert.that(parse(p, 2).output().apply("Format 1", MapElements.into(TypeDescriptors.strings())
            .via((Row r) -> r.getString("device") + "@" + r.getString("source") + ":" + r.getInt64("line"))))
        .containsInAnyOrder("d0@r.jsonl:1", "d1@r.jsonl:2", "d9@r.jsonl:3");
    p.run();
  }

  @Test
  void recordsByFieldNamesGiveStatsScoresAlertsAndOneFailureCollection(TestPipeline p) {
    MonitorResult r =
        parse(p, 61)
            .apply(MonitorSensors.<Row>byFields("device", "temp")
                .withKeyFields("site", "device")
                .withTimeField("time")
                .withPositionFields("source", "line")
                .withWindows(WindowSpec.parse("tumbling:1h"))
                .withScoring(ScoreAnomalies.with(RollingZScore.spec(20)).withThreshold(0.7)));

    assertEquals("site/device", r.keyName());
    PAssert.that(r.windowStats().apply("Format 2", MapElements.into(TypeDescriptors.strings())
            .via((WindowStats s) -> s.getKey() + " " + s.getWindowStart() + " " + s.getCount())))
        .containsInAnyOrder(
            "s1/d0 2024-01-01T00:00:00.000Z 30", "s1/d1 2024-01-01T00:00:00.000Z 30",
            "s1/d0 2024-01-01T01:00:00.000Z 1");
    PAssert.that(r.scores().apply("Format 3", MapElements.into(TypeDescriptors.longs()).via(AnomalyResult::getLine)))
        .satisfies(lines -> {
          List<Long> sorted = new ArrayList<>();
          lines.forEach(sorted::add);
          Collections.sort(sorted);
          assertEquals(61, sorted.size());
          assertEquals(1L, sorted.get(0));
          assertEquals(61L, sorted.get(60));
          return null;
        });
    PAssert.that(r.alerts().apply("Format 4", MapElements.into(TypeDescriptors.strings())
            .via((AnomalyResult a) -> a.getSensor() + " " + a.getValue() + " " + a.getSource() + ":" + a.getLine())))
        .containsInAnyOrder("s1/d0 1000.0 r.jsonl:61");
    PAssert.that(r.failures().apply("Format 5", MapElements.into(TypeDescriptors.strings())
            .via((Failure f) -> f.getStage() + " " + f.getReason() + " " + f.getSource() + ":" + f.getLine())))
        .containsInAnyOrder("read bad_value r.jsonl:62", "parse malformed_json r.jsonl:63");
    p.run();
  }

  @Test
  void windowsOnlyAndScoringOnlyLeaveTheOtherPartsEmpty(TestPipeline p) {
    ParseResult<Row> parsed = parse(p, 4);
    MonitorResult windowsOnly =
        parsed.apply("Windows only", MonitorSensors.<Row>byFields("device", "temp").withoutScoring());
    MonitorResult scoringOnly =
        parsed.apply("Scoring only", MonitorSensors.<Row>byFields("device", "temp").withoutWindows());
    PAssert.that(windowsOnly.scores()).empty();
    PAssert.that(windowsOnly.alerts()).empty();
    PAssert.that(windowsOnly.windowStats().apply("Format 6", MapElements.into(TypeDescriptors.longs()).via(WindowStats::getCount)))
        .containsInAnyOrder(2L, 2L);
    PAssert.that(scoringOnly.windowStats()).empty();
    PAssert.that(scoringOnly.scores().apply("Format 7", MapElements.into(TypeDescriptors.strings()).via(AnomalyResult::getLabel)))
        .containsInAnyOrder("warming_up", "warming_up", "warming_up", "warming_up");
    p.run();
  }

  @Test
  void anyTypeByFunctionsWithTheElementTimestamp(TestPipeline p) {
    PCollection<String> records =
        p.apply(Create.of("a=1", "a=2", "b=3").withCoder(StringUtf8Coder.of()))
            .apply(WithTimestamps.of((String s) -> T));
    MonitorResult r =
        ParseResult.of(records)
            .apply(MonitorSensors.<String>byFunctions(s -> s.split("=")[0], s -> Double.valueOf(s.split("=")[1]))
                .withoutScoring()
                .withWindows(WindowSpec.parse("tumbling:1m")));
    PAssert.that(r.windowStats().apply("Format 8", MapElements.into(TypeDescriptors.strings())
            .via((WindowStats s) -> s.getKey() + " " + s.getCount() + " " + s.getSum())))
        .containsInAnyOrder("a 2 3.0", "b 1 3.0");
    PAssert.that(r.failures()).empty();
    p.run();
  }

  @Test
  void fieldOptionsNeedFieldNamesAndOneOfTheTwoParts() {
    MonitorSensors<String> byFunctions = MonitorSensors.byFunctions(s -> s, s -> 1.0);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> byFunctions.withTimeField("time"));
    assertTrue(e.getMessage().contains("withTimeField"), e.getMessage());
  }
}
