package io.beamwise.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.auto.value.AutoValue;
import io.beamwise.failure.Failure;
import io.beamwise.testing.TestPipelineExtension;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Reify;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ParseJson#to} and {@link ParseCsv#to}: parsing into a user type with a Beam schema. */
@ExtendWith(TestPipelineExtension.class)
public class ParseTypedTest {

  /** The user type: an AutoValue with an inferred schema; {@code unit} is optional. */
  @DefaultSchema(AutoValueSchema.class)
  @AutoValue
  public abstract static class Reading {
    @SchemaFieldNumber("0")
    public abstract String getSensor();

    @SchemaFieldNumber("1")
    public abstract Instant getTs();

    @SchemaFieldNumber("2")
    public abstract double getValue();

    @SchemaFieldNumber("3")
    public abstract @Nullable String getUnit();

    public static Reading create(String sensor, Instant ts, double value, @Nullable String unit) {
      return new AutoValue_ParseTypedTest_Reading(sensor, ts, value, unit);
    }
  }

  /** A plain class without any schema. */
  public static final class NoSchema {
    public String sensor;
    public Instant ts;
  }

  private static Instant t(String iso) {
    return Instant.parse(iso);
  }

  private static PCollection<String> reasons(PCollection<Failure> failures) {
    return failures.apply(
        "Reasons",
        MapElements.into(TypeDescriptors.strings())
            .via((Failure f) -> f.getSource() + ":" + f.getLine() + ":" + f.getReason()));
  }

  private static PCollection<String> sensorsAtTimestamps(PCollection<Reading> readings) {
    return readings
        .apply("Reify", Reify.timestamps())
        .apply(
            "Sensor@timestamp",
            MapElements.into(TypeDescriptors.strings())
                .via((TimestampedValue<Reading> tv) -> tv.getValue().getSensor() + "@" + tv.getTimestamp()));
  }

  // ------------------------------------------------------------------ JSON

  @Test
  void jsonIntoAnAutoValue(TestPipeline p) {
    String src = "/in/readings.jsonl";
    PCollection<SourceLine> lines =
        p.apply(
            Create.of(
                SourceLine.of(src, 1, "{\"sensor\":\"a\",\"ts\":\"2024-01-01T00:00:00Z\",\"value\":1.5,\"unit\":\"C\"}"),
                SourceLine.of(src, 2, "{\"sensor\":\"b\",\"ts\":\"2024-01-01T00:05:00+01:00\",\"value\":\"2\"}"),
                SourceLine.of(src, 3, "{\"unit\":null,\"value\":-3e2,\"ts\":\"2024-01-01T00:10:00\",\"sensor\":\"c\",\"x\":[1]}"),
                SourceLine.of(src, 4, "{\"ts\":\"2024-01-01T00:00:00Z\",\"value\":1}"),
                SourceLine.of(src, 5, "{\"sensor\":\"e\",\"ts\":\"2024-01-01T00:00:00Z\",\"value\":\"NaN\"}"),
                SourceLine.of(src, 6, "{\"sensor\":\"f\",\"ts\":\"noon\",\"value\":1}"),
                SourceLine.of(src, 7, "{\"sensor\":\"g\","),
                SourceLine.of(src, 8, "{\"sensor\":\"h\",\"ts\":\"2024-01-01T00:00:00Z\",\"value\":1,\"unit\":7}"),
                SourceLine.of(src, 9, "{\"sensor\":\"i\",\"ts\":\"2300-01-01T00:00:00Z\",\"value\":1}")));
    ParseResult<Reading> result = lines.apply(ParseJson.to(Reading.class).withEventTime(EventTime.iso("ts")));

    PAssert.that(result.output())
        .containsInAnyOrder(
            Reading.create("a", t("2024-01-01T00:00:00Z"), 1.5, "C"),
            Reading.create("b", t("2023-12-31T23:05:00Z"), 2.0, null),
            Reading.create("c", t("2024-01-01T00:10:00Z"), -300.0, null));
    PAssert.that(sensorsAtTimestamps(result.output()))
        .containsInAnyOrder(
            "a@2024-01-01T00:00:00.000Z", "b@2023-12-31T23:05:00.000Z", "c@2024-01-01T00:10:00.000Z");
    PAssert.that(reasons(result.failures()))
        .containsInAnyOrder(
            src + ":4:missing_field",
            src + ":5:non_finite_value",
            src + ":6:bad_timestamp",
            src + ":7:malformed_json",
            src + ":8:wrong_type",
            src + ":9:timestamp_out_of_range");
    p.run().waitUntilFinish();
  }

  // ------------------------------------------------------------------ CSV

  @Test
  void csvIntoAnAutoValueWithARequiredHeader(TestPipeline p) {
    String src = "/in/room.csv";
    String other = "/in/headless.csv";
    PCollection<SourceLine> lines =
        p.apply(
            Create.of(
                SourceLine.of(src, 1, "sensor,ts,value,unit"),
                SourceLine.of(src, 2, "a,2014-07-01 00:00:00,10.5,C"),
                SourceLine.of(src, 3, "b,2014-07-01 00:05:00,11,"),
                SourceLine.of(src, 4, "c,2014-07-01 00:10,12,C"),
                SourceLine.of(src, 5, "d,2014-07-01 00:15:00,abc,C"),
                SourceLine.of(src, 6, "e,2014-07-01 00:20:00"),
                SourceLine.of(src, 7, "\"f, quoted\",2014-07-01 00:25:00,1e1,\"\"\"K\"\"\""),
                SourceLine.of(other, 1, "g,2014-07-01 00:30:00,1,C"),
                SourceLine.of(other, 2, "h,2014-07-01 00:35:00,2,C")));
    ParseResult<Reading> result =
        lines.apply(
            ParseCsv.to(Reading.class)
                .withEventTime(EventTime.pattern("ts", "uuuu-MM-dd HH:mm:ss"))
                .withHeader(CsvHeader.REQUIRED));

    PAssert.that(result.output())
        .containsInAnyOrder(
            Reading.create("a", t("2014-07-01T00:00:00Z"), 10.5, "C"),
            Reading.create("b", t("2014-07-01T00:05:00Z"), 11.0, null),
            Reading.create("f, quoted", t("2014-07-01T00:25:00Z"), 10.0, "\"K\""),
            Reading.create("h", t("2014-07-01T00:35:00Z"), 2.0, "C"));
    PAssert.that(sensorsAtTimestamps(result.output()))
        .containsInAnyOrder(
            "a@2014-07-01T00:00:00.000Z",
            "b@2014-07-01T00:05:00.000Z",
            "f, quoted@2014-07-01T00:25:00.000Z",
            "h@2014-07-01T00:35:00.000Z");
    PAssert.that(reasons(result.failures()))
        .containsInAnyOrder(
            src + ":4:bad_timestamp",
            src + ":5:bad_value",
            src + ":6:wrong_column_count",
            other + ":1:header_mismatch");
    p.run().waitUntilFinish();
  }

  @Test
  void csvIntoAnAutoValueWithReorderedAndIgnoredColumns(TestPipeline p) {
    PCollection<SourceLine> lines =
        p.apply(
            Create.of(
                SourceLine.of("x.csv", 1, "ts;value;skip;unit;sensor"),
                SourceLine.of("x.csv", 2, "1404172800;1.25;whatever;kWh;meter-1"),
                SourceLine.of("x.csv", 3, "1404172800.5;2;;;meter-2"),
                SourceLine.of("x.csv", 4, "1404172801;Infinity;;;meter-3")));
    ParseResult<Reading> result =
        lines.apply(
            ParseCsv.to(Reading.class)
                .withColumns("ts", "value", "skip", "unit", "sensor")
                .withDelimiter(';')
                .withEventTime(EventTime.epoch("ts", TimeUnit.SECONDS)));
    PAssert.that(result.output())
        .containsInAnyOrder(
            Reading.create("meter-1", t("2014-07-01T00:00:00Z"), 1.25, "kWh"),
            Reading.create("meter-2", t("2014-07-01T00:00:00.500Z"), 2.0, null));
    PAssert.that(reasons(result.failures())).containsInAnyOrder("x.csv:4:non_finite_value");
    p.run().waitUntilFinish();
  }

  // ------------------------------------------------------------------ construction errors

  private static PCollection<SourceLine> someLines() {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    return pipeline.apply(Create.of(SourceLine.of("s", 1, "{}")));
  }

  private static IllegalArgumentException failsToApply(
      PTransform<PCollection<SourceLine>, ? extends ParseResult<?>> transform) {
    PCollection<SourceLine> lines = someLines();
    return assertThrows(IllegalArgumentException.class, () -> lines.apply(transform));
  }

  @Test
  void aClassWithoutASchemaFailsAtConstruction() {
    for (PTransform<PCollection<SourceLine>, ? extends ParseResult<?>> t :
        java.util.List.<PTransform<PCollection<SourceLine>, ? extends ParseResult<?>>>of(
            ParseJson.to(NoSchema.class), ParseCsv.to(NoSchema.class))) {
      IllegalArgumentException e = failsToApply(t);
      assertTrue(e.getMessage().contains("@DefaultSchema"), e.getMessage());
      assertTrue(e.getMessage().contains(NoSchema.class.getName()), e.getMessage());
    }
  }

  @Test
  void anEventTimeFieldThatIsNotDatetimeFailsAtConstructionNamingTheField() {
    for (PTransform<PCollection<SourceLine>, ? extends ParseResult<?>> t :
        java.util.List.<PTransform<PCollection<SourceLine>, ? extends ParseResult<?>>>of(
            ParseJson.to(Reading.class).withEventTime(EventTime.iso("sensor")),
            ParseCsv.to(Reading.class).withEventTime(EventTime.iso("sensor")),
            ParseJson.to(Reading.class).withEventTime(EventTime.epoch("value", TimeUnit.SECONDS)))) {
      IllegalArgumentException e = failsToApply(t);
      assertTrue(e.getMessage().contains("DATETIME"), e.getMessage());
      assertTrue(e.getMessage().contains("'sensor'") || e.getMessage().contains("'value'"), e.getMessage());
    }
  }

  @Test
  void anEventTimeFieldNotInTheSchemaFailsAtConstructionNamingTheField() {
    Schema schema = Schema.builder().addStringField("sensor").addDateTimeField("ts").build();
    for (PTransform<PCollection<SourceLine>, ? extends ParseResult<?>> t :
        java.util.List.<PTransform<PCollection<SourceLine>, ? extends ParseResult<?>>>of(
            ParseJson.to(Reading.class).withEventTime(EventTime.iso("timestamp")),
            ParseCsv.to(Reading.class).withEventTime(EventTime.iso("timestamp")),
            ParseJson.rows(schema).withEventTime(EventTime.iso("timestamp")),
            ParseCsv.rows(schema).withEventTime(EventTime.iso("timestamp")))) {
      IllegalArgumentException e = failsToApply(t);
      assertTrue(e.getMessage().contains("'timestamp'"), e.getMessage());
    }
  }

  @Test
  void keepAsMissingNeedsTheFloatingPointFieldsToBeNullable() {
    // Reading.value is a primitive double: not nullable, so KEEP_AS_MISSING cannot apply to it.
    IllegalArgumentException e =
        failsToApply(
            ParseJson.to(Reading.class)
                .withEventTime(EventTime.epoch("ts", TimeUnit.SECONDS))
                .withNonFinite(NonFinitePolicy.KEEP_AS_MISSING));
    assertTrue(e.getMessage().contains("'value'"), e.getMessage());
  }

  @Test
  void unsupportedFieldTypesAndIncompleteColumnsFailAtConstruction() {
    Schema withBytes = Schema.builder().addStringField("sensor").addByteArrayField("blob").build();
    IllegalArgumentException bytes = failsToApply(ParseJson.rows(withBytes));
    assertTrue(bytes.getMessage().contains("'blob'"), bytes.getMessage());
    Schema withMap =
        Schema.builder().addMapField("tags", FieldType.STRING, FieldType.STRING).build();
    IllegalArgumentException map = failsToApply(ParseCsv.rows(withMap));
    assertTrue(map.getMessage().contains("'tags'"), map.getMessage());
    // Every schema field must be one of the CSV columns.
    IllegalArgumentException columns =
        failsToApply(ParseCsv.to(Reading.class).withColumns("ts", "value", "sensor"));
    assertTrue(columns.getMessage().contains("'unit'"), columns.getMessage());
  }

  @Test
  void optionsAreValidatedWhenSet() {
    for (int bad : new int[] {0, -1, Integer.MIN_VALUE}) {
      IllegalArgumentException json =
          assertThrows(IllegalArgumentException.class, () -> ParseJson.to(Reading.class).withMaxPayloadBytes(bad));
      assertTrue(json.getMessage().contains("maxPayloadBytes"), json.getMessage());
      IllegalArgumentException csv =
          assertThrows(IllegalArgumentException.class, () -> ParseCsv.to(Reading.class).withMaxPayloadBytes(bad));
      assertTrue(csv.getMessage().contains("maxPayloadBytes"), csv.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> ParseJson.to(Reading.class).withEventTime(null));
    assertThrows(IllegalArgumentException.class, () -> ParseCsv.to(Reading.class).withNonFinite(null));
    assertThrows(IllegalArgumentException.class, () -> ParseCsv.to(Reading.class).withColumns());
    assertThrows(IllegalArgumentException.class, () -> ParseCsv.to(Reading.class).withHeader(null));
    assertThrows(IllegalArgumentException.class, () -> ParseJson.to(null));
    assertThrows(IllegalArgumentException.class, () -> ParseJson.rows(null));
    IllegalArgumentException hours =
        assertThrows(IllegalArgumentException.class, () -> EventTime.epoch("ts", TimeUnit.HOURS));
    assertTrue(hours.getMessage().contains("HOURS"), hours.getMessage());
  }

  @Test
  void theInferredSchemaIsTheOneParsedInto() throws Exception {
    Schema schema = someLines().getPipeline().getSchemaRegistry().getSchema(Reading.class);
    assertEquals(java.util.List.of("sensor", "ts", "value", "unit"), schema.getFieldNames());
    assertEquals(FieldType.DATETIME, schema.getField("ts").getType());
    assertTrue(schema.getField("unit").getType().getNullable(), schema.toString());
    assertTrue(!schema.getField("value").getType().getNullable(), schema.toString());
  }

  @Test
  void rowsAndTypedAgreeOnTheSameInput(TestPipeline p) throws Exception {
    Schema schema = p.getSchemaRegistry().getSchema(Reading.class);
    String line = "{\"sensor\":\"same\",\"ts\":\"2024-05-05T05:05:05.555Z\",\"value\":5.5}";
    PCollection<SourceLine> lines = p.apply(Create.of(SourceLine.of("s", 1, line)));
    PAssert.that(lines.apply("rows", ParseJson.rows(schema).withEventTime(EventTime.iso("ts"))).output())
        .containsInAnyOrder(
            Row.withSchema(schema).addValues("same", t("2024-05-05T05:05:05.555Z"), 5.5, null).build());
    PAssert.that(lines.apply("typed", ParseJson.to(Reading.class).withEventTime(EventTime.iso("ts"))).output())
        .containsInAnyOrder(Reading.create("same", t("2024-05-05T05:05:05.555Z"), 5.5, null));
    p.run().waitUntilFinish();
  }
}
