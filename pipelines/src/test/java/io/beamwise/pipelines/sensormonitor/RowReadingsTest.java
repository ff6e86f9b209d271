package io.beamwise.pipelines.sensormonitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.parse.ParseOutcome;
import io.beamwise.parse.SensorReading;
import java.time.ZoneId;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** Parquet rows to readings, without a pipeline. */
class RowReadingsTest {

  private static Schema schema(FieldType time, FieldType value, boolean sensor) {
    Schema.Builder b = Schema.builder();
    if (sensor) {
      b.addNullableField("sensor", FieldType.STRING);
    }
    return b.addNullableField("timestamp", time)
        .addNullableField("value", value)
        .addStringField(RowReadings.SOURCE_FIELD)
        .addInt64Field(RowReadings.LINE_FIELD)
        .build();
  }

  private static ParseOutcome<SensorReading> convert(Schema schema, Object... values) {
    return RowReadings.forSchema(schema, ZoneId.of("Europe/Paris"))
        .convert(Row.withSchema(schema).addValues(values).build());
  }

  @Test
  void readsEveryTimestampAndValueTypeItAccepts() {
    Instant t = Instant.parse("2014-07-01T00:30:00Z");
    SensorReading expected = SensorReading.create("taxi", t, 10844.0, "/in/x.parquet", 7);

    ParseOutcome<SensorReading> datetime =
        convert(schema(FieldType.DATETIME, FieldType.DOUBLE, true), "taxi", t, 10844.0, "/in/x.parquet", 7L);
    assertEquals(ParseOutcome.Kind.RECORD, datetime.kind(), datetime.toString());
    assertEquals(expected, datetime.value());
    assertEquals(t, datetime.eventTime());

    assertEquals(
        expected,
        convert(schema(FieldType.INT64, FieldType.INT32, true), "taxi", t.getMillis(), 10844, "/in/x.parquet", 7L).value());
    // A local time without offset is read in the zone (Paris is UTC+2 in July).
    assertEquals(
        expected,
        convert(schema(FieldType.STRING, FieldType.FLOAT, true), "taxi", "2014-07-01T02:30:00", 10844f, "/in/x.parquet", 7L).value());
    // Without a sensor column, the sensor is the file name.
    assertEquals(
        SensorReading.create("x", t, 10844.0, "/in/x.parquet", 7),
        convert(schema(FieldType.DATETIME, FieldType.INT64, false), t, 10844L, "/in/x.parquet", 7L).value());
  }

  @Test
  void badRowsGetTheirReason() {
    Schema s = schema(FieldType.STRING, FieldType.DOUBLE, true);
    assertEquals("missing_field", convert(s, null, "2014-07-01T00:30:00Z", 1.0, "f", 1L).reason());
    assertEquals("missing_field", convert(s, "a", null, 1.0, "f", 1L).reason());
    assertEquals("missing_field", convert(s, "a", "2014-07-01T00:30:00Z", null, "f", 1L).reason());
    assertEquals("non_finite_value", convert(s, "a", "2014-07-01T00:30:00Z", Double.POSITIVE_INFINITY, "f", 1L).reason());
    assertEquals("bad_timestamp", convert(s, "a", "yesterday", 1.0, "f", 1L).reason());
    assertEquals("timestamp_out_of_range", convert(s, "a", "2500-01-01T00:00:00Z", 1.0, "f", 1L).reason());
    assertEquals(
        "timestamp_out_of_range",
        convert(schema(FieldType.DATETIME, FieldType.DOUBLE, true), "a", Instant.parse("1800-01-01T00:00:00Z"), 1.0, "f", 1L).reason());
  }

  @Test
  void unusableColumnsFailWithTheirNameAndType() {
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> RowReadings.forSchema(Schema.builder().addStringField("ts").addDoubleField("value").build(), ZoneId.of("UTC")));
    assertTrue(missing.getMessage().contains("needs a column 'timestamp'"), missing.getMessage());
    IllegalArgumentException type =
        assertThrows(
            IllegalArgumentException.class,
            () -> RowReadings.forSchema(schema(FieldType.DATETIME, FieldType.STRING, true), ZoneId.of("UTC")));
    assertTrue(type.getMessage().contains("Parquet column 'value' is STRING"), type.getMessage());
  }

  @Test
  void thePayloadIsTheRowAsJsonWithoutThePosition() {
    Schema s = schema(FieldType.DATETIME, FieldType.DOUBLE, true);
    Row row = Row.withSchema(s).addValues("a", Instant.parse("2014-07-01T00:30:00Z"), Double.NaN, "f", 3L).build();
    assertEquals("{\"sensor\":\"a\",\"timestamp\":\"2014-07-01T00:30:00.000Z\",\"value\":\"NaN\"}", RowReadings.payload(row));
  }
}
