package io.beamwise.parse;

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

  public JsonReadingParser(ZoneId defaultZone) {
    this.json =
        JsonRecordParser.of(
            SCHEMA, EventTime.isoOrEpoch("ts", TimeUnit.MILLISECONDS).withZone(defaultZone));
  }

  @Override
  public ParseOutcome<SensorReading> parse(SourceLine line) {
    ParseOutcome<Row> row = json.parse(line);
    if (row.kind() != ParseOutcome.Kind.RECORD) {
      return row.castFailure();
    }
    String sensor = row.value().getString("sensor");
    if (sensor.isBlank()) {
      return ParseOutcome.failure(Reasons.WRONG_TYPE, "field 'sensor' must be a non-blank string");
    }
    SensorReading reading =
        SensorReading.create(
            sensor, row.eventTime(), row.value().getDouble("value"), line.getSource(), line.getLine());
    return ParseOutcome.record(reading, reading.getTimestamp());
  }
}
