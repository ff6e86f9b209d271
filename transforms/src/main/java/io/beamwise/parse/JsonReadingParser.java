package io.beamwise.parse;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.failure.Failure.Reasons;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * Parses JSON Lines readings into {@link SensorReading}s: {@code {"sensor": "...", "ts": ...,
 * "value": ...}}.
 *
 * <ul>
 *   <li>{@code sensor}: a non-blank string ({@code wrong_type} otherwise).
 *   <li>{@code ts}: an ISO-8601 string (with an offset or {@code Z}; without one it is read in the
 *       configured zone), or a JSON number of epoch milliseconds (UTC).
 *   <li>{@code value}: a number, or a numeric string such as {@code "12.5"}.
 * </ul>
 *
 * <p>A {@link JsonRecordParser} with {@link #SCHEMA} does the parsing, so its rules and failure
 * reasons apply; other fields are ignored.
 */
public final class JsonReadingParser implements LineParser<SensorReading> {

  private static final long serialVersionUID = 1L;

  /** {@code sensor STRING, ts DATETIME, value DOUBLE}. */
  public static final Schema SCHEMA =
      Schema.builder()
          .addStringField("sensor")
          .addDateTimeField("ts")
          .addDoubleField("value")
          .build();

  private final JsonRecordParser json;
  private final String keyField;
  private final String valueField;

  /** {@code {"sensor", "ts", "value"}}; {@code ts} ISO-8601 (zone-less in {@code defaultZone}) or epoch millis. */
  public JsonReadingParser(ZoneId defaultZone) {
    this("sensor", "value", EventTime.isoOrEpoch("ts", TimeUnit.MILLISECONDS).withZone(defaultZone));
  }

  /**
   * Readings under other names: the sensor id in {@code keyField}, the value in {@code
   * valueField}, the event time where and as {@code eventTime} says, e.g. {@code {"device": "b2",
   * "time": "2024-03-01 10:00:00", "temp": 71.5}} with {@code ("device", "temp",
   * EventTime.pattern("time", "uuuu-MM-dd HH:mm:ss"))}. The same rules as the default names apply.
   *
   * @throws IllegalArgumentException if a name is empty or two of the three names are the same
   */
  public JsonReadingParser(String keyField, String valueField, EventTime eventTime) {
    checkArgument(keyField != null && !keyField.isEmpty(), "keyField must name a field, got '%s'", keyField);
    checkArgument(valueField != null && !valueField.isEmpty(), "valueField must name a field, got '%s'", valueField);
    checkArgument(eventTime != null, "eventTime must not be null");
    String timeField = eventTime.getField();
    checkArgument(
        !keyField.equals(valueField) && !keyField.equals(timeField) && !valueField.equals(timeField),
        "key, value and time fields must differ, got %s, %s, %s",
        keyField,
        valueField,
        timeField);
    this.keyField = keyField;
    this.valueField = valueField;
    Schema schema =
        keyField.equals("sensor") && valueField.equals("value") && timeField.equals("ts")
            ? SCHEMA
            : Schema.builder()
                .addStringField(keyField)
                .addDateTimeField(timeField)
                .addDoubleField(valueField)
                .build();
    this.json = JsonRecordParser.of(schema, eventTime);
  }

  @Override
  public ParseOutcome<SensorReading> parse(SourceLine line) {
    ParseOutcome<Row> row = json.parse(line);
    if (row.kind() != ParseOutcome.Kind.RECORD) {
      return row.castFailure();
    }
    String sensor = row.value().getString(0);
    if (sensor.isBlank()) {
      return ParseOutcome.failure(
          Reasons.WRONG_TYPE, "field '" + keyField + "' must be a non-blank string");
    }
    SensorReading reading =
        SensorReading.create(
            sensor, row.eventTime(), row.value().getDouble(2), line.getSource(), line.getLine());
    return ParseOutcome.record(reading, reading.getTimestamp());
  }
}
