package io.beamwise.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.failure.Failure;
import io.beamwise.testing.TestPipelineExtension;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Reify;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.beam.sdk.transforms.Flatten;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class ParseSensorReadingsTest {

  private static final String CSV = "/data/room_temp.csv";

  private static List<SourceLine> csvLines(String... texts) {
    List<SourceLine> lines = new ArrayList<>();
    for (int i = 0; i < texts.length; i++) {
      lines.add(SourceLine.of(CSV, i + 1, texts[i]));
    }
    return lines;
  }

  @Test
  void parsesNabCsvWithEventTimestampsAndRoutesBadLines(TestPipeline p) {
    List<SourceLine> input =
        csvLines(
            "timestamp,value",
            "2014-07-01 00:00:00,10.5",
            "2014-07-01 00:05:00,11",
            "",
            "2014-07-01 00:10:00,NaN",
            "2014-07-01 00:15,12",
            "2014-07-01 00:20:00,12,extra",
            "2014-07-01 00:25:00,abc");
    ParseResult<SensorReading> result = p.apply(Create.of(input)).apply(ParseSensorReadings.nabCsv(ZoneOffset.UTC));
    // The readings keep their schema (rows, Select, SQL), with the coder that skips the Row.
    assertTrue(result.output().hasSchema());
    assertInstanceOf(SensorReadingSchemaCoder.class, result.output().getCoder());

    PAssert.that(result.output().apply(Reify.timestamps()))
        .containsInAnyOrder(
            TimestampedValue.of(
                SensorReading.create("room_temp", t("2014-07-01T00:00:00Z"), 10.5, CSV, 2),
                t("2014-07-01T00:00:00Z")),
            TimestampedValue.of(
                SensorReading.create("room_temp", t("2014-07-01T00:05:00Z"), 11.0, CSV, 3),
                t("2014-07-01T00:05:00Z")));
    PAssert.that(
            result
                .failures()
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via((Failure f) -> f.getLine() + ":" + f.getReason() + ":" + f.getStage())))
        .containsInAnyOrder(
            "4:empty_line:parse",
            "5:non_finite_value:parse",
            "6:bad_timestamp:parse",
            "7:wrong_column_count:parse",
            "8:bad_value:parse");
    // Nothing is lost: 8 lines = 1 header + 2 readings + 5 dead letters.
    PAssert.thatSingleton(result.output().apply("Count output", Count.globally())).isEqualTo(2L);
    PAssert.thatSingleton(result.failures().apply("Count failures", Count.globally())).isEqualTo(5L);
    p.run().waitUntilFinish();
  }

  @Test
  void failureKeepsRawPayloadAndSource(TestPipeline p) {
    String payload = "{\"sensor\":\"a\",\"ts\":";
    SourceLine bad = SourceLine.of("/in/events.jsonl", 17, payload);
    PCollection<Failure> failures =
        p.apply(Create.of(bad)).apply(ParseSensorReadings.jsonLines(ZoneOffset.UTC)).failures();
    PAssert.thatSingleton(failures)
        .satisfies(
            f -> {
              assertEquals("parse", f.getStage());
              assertEquals("malformed_json", f.getReason());
              assertEquals("/in/events.jsonl", f.getSource());
              assertEquals(17, f.getLine());
              assertEquals(payload, f.getPayload());
              assertEquals(payload.length(), f.getPayloadBytes());
              assertEquals("com.fasterxml.jackson.core.io.JsonEOFException", f.getErrorClass());
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void hugePayloadIsTruncatedInTheDeadLetterButItsSizeIsKept(TestPipeline p) {
    String huge = "x".repeat(1_000_000);
    PCollection<Failure> failures =
        p.apply(Create.of(SourceLine.of("/in/big.jsonl", 1, huge)))
            .apply(ParseSensorReadings.jsonLines(ZoneOffset.UTC))
            .failures();
    PAssert.thatSingleton(failures)
        .satisfies(
            f -> {
              assertEquals(Failure.MAX_PAYLOAD_CHARS, f.getPayload().length());
              assertEquals(1_000_000, f.getPayloadBytes());
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void byExtensionPicksTheParserFromTheSourceName(TestPipeline p) {
    PCollection<SourceLine> lines =
        p.apply(
            Create.of(
                SourceLine.of("/in/a.csv", 2, "2014-07-01 00:00:00,1.5"),
                SourceLine.of("/in/b.jsonl", 1, "{\"sensor\":\"b\",\"ts\":1404172800000,\"value\":2.5}"),
                SourceLine.of("/in/b.jsonl", 2, "2014-07-01 00:00:00,1.5")));
    ParseResult<SensorReading> result = lines.apply(ParseSensorReadings.byExtension(ZoneOffset.UTC));
    PAssert.that(result.output())
        .containsInAnyOrder(
            SensorReading.create("a", t("2014-07-01T00:00:00Z"), 1.5, "/in/a.csv", 2),
            SensorReading.create("b", t("2014-07-01T00:00:00Z"), 2.5, "/in/b.jsonl", 1));
    PAssert.that(
            result.failures().apply(MapElements.into(TypeDescriptors.strings()).via(Failure::getReason)))
        .containsInAnyOrder("malformed_json");
    p.run().waitUntilFinish();
  }

  @Test
  void eventTimeBeforeTheInputTimestampIsDeadLetteredNotThrown(TestPipeline p) {
    // An element already timestamped in 2020 cannot be moved back to 2014 without skew.
    PCollection<SourceLine> lines =
        p.apply(
            Create.timestamped(
                TimestampedValue.of(
                    SourceLine.of("/in/a.csv", 2, "2014-07-01 00:00:00,1.5"),
                    t("2020-01-01T00:00:00Z"))));
    ParseResult<SensorReading> result = lines.apply(ParseSensorReadings.nabCsv(ZoneOffset.UTC));
    PAssert.that(result.output()).empty();
    PAssert.that(
            result.failures().apply(MapElements.into(TypeDescriptors.strings()).via(Failure::getReason)))
        .containsInAnyOrder("bad_timestamp");
    p.run().waitUntilFinish();
  }

  @Test
  void countsReconcileOnAMixedCorpus(TestPipeline p) {
    List<SourceLine> input = new ArrayList<>();
    String[] texts = {
      "{\"sensor\":\"s\",\"ts\":\"2024-01-01T00:00:00Z\",\"value\":1}",
      "{\"sensor\":\"s\",\"ts\":\"2024-01-01T00:05:00+01:00\",\"value\":-1.25e2}",
      "{\"sensor\":\"s\",\"ts\":\"2024-01-01T00:10:00\",\"value\":3}",
      "not json",
      "{}",
      "[1,2]",
      "{\"sensor\":\"s\",\"ts\":true,\"value\":1}",
      "{\"sensor\":\"s\",\"ts\":\"2024-01-01T00:10:00Z\",\"value\":\"1\"}",
      "{\"sensor\":\"s\",\"ts\":\"2024-01-01T00:10:00Z\",\"value\":1}{}",
      "   ",
    };
    for (int i = 0; i < texts.length; i++) {
      input.add(SourceLine.of("/in/mixed.jsonl", i + 1, texts[i]));
    }
    ParseResult<SensorReading> result = p.apply(Create.of(input)).apply(ParseSensorReadings.jsonLines(ZoneOffset.UTC));
    PCollection<Long> total =
        PCollectionList.of(
                result.output().apply("Lines of output", MapElements.into(TypeDescriptors.longs()).via(SensorReading::getLine)))
            .and(result.failures().apply("Lines of failures", MapElements.into(TypeDescriptors.longs()).via(Failure::getLine)))
            .apply(Flatten.pCollections())
            .apply(Count.globally());
    PAssert.thatSingleton(total).isEqualTo((long) texts.length);
    // Valid: lines 1-3, and line 8 (a numeric string value is coerced).
    PAssert.thatSingleton(result.output().apply("Count output", Count.globally())).isEqualTo(4L);
    p.run().waitUntilFinish();
  }

  @Test
  void kafkaRecordsKeepTopicPartitionAndOffsetAsTheirPosition(TestPipeline p) {
    PCollection<Failure> failures =
        p.apply(Create.of(SourceLine.ofKafka("raw-temperature", 3, 12345L, "{\"sensor\":")))
            .apply(ParseSensorReadings.jsonLines(ZoneOffset.UTC))
            .failures();
    PAssert.that(
            failures.apply(
                MapElements.into(TypeDescriptors.strings()).via(f -> f.getSource() + "@" + f.getLine())))
        .containsInAnyOrder("kafka:raw-temperature/3@12345");
    p.run().waitUntilFinish();
  }

  private static Instant t(String iso) {
    return Instant.parse(iso);
  }
}
