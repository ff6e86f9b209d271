package io.beamwise.pipelines.sensormonitor;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.beamwise.failure.Failure;
import io.beamwise.parse.EventTime;
import io.beamwise.parse.EventTimes;
import io.beamwise.parse.ParseOutcome;
import io.beamwise.parse.SensorReading;
import java.io.Serializable;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.sdk.values.Row;
import org.joda.time.ReadableInstant;

/**
 * Turns a Parquet row ({@code ReadParquetRows} with source position in {@code _source}, {@code _line}) into a {@link SensorReading},
 * or a failure reason for the dead letters. Columns, by name:
 *
 * <ul>
 *   <li>{@code sensor}: STRING; optional column: without it the sensor is the file name without
 *       {@code .parquet}, as for NAB CSV files;
 *   <li>{@code timestamp}: DATETIME (Parquet/Avro {@code timestamp-millis}), INT64/INT32 epoch
 *       milliseconds, or STRING (ISO-8601; without an offset it is read in the given zone);
 *   <li>{@code value}: DOUBLE, FLOAT, INT64 or INT32.
 * </ul>
 *
 * <p>A missing column or a column of another type is a configuration error, thrown when the
 * pipeline is built. Per row: a null field is {@code missing_field}, a NaN or infinite value {@code
 * non_finite_value}, an unreadable timestamp {@code bad_timestamp}, one outside [1900, 2200) {@code
 * timestamp_out_of_range}.
 */
final class RowReadings implements Serializable {

  private static final long serialVersionUID = 1L;

  /**
   * The position fields added by the reader; not {@code source}/{@code line}, which beamwise's own
   * scores and dead letters already have.
   */
  static final String SOURCE_FIELD = "_source";

  static final String LINE_FIELD = "_line";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<TypeName> TIME_TYPES =
      EnumSet.of(TypeName.DATETIME, TypeName.INT64, TypeName.INT32, TypeName.STRING);
  private static final Set<TypeName> VALUE_TYPES =
      EnumSet.of(TypeName.DOUBLE, TypeName.FLOAT, TypeName.INT64, TypeName.INT32);

  private final boolean hasSensor;
  private final EventTime eventTime;

  private RowReadings(boolean hasSensor, EventTime eventTime) {
    this.hasSensor = hasSensor;
    this.eventTime = eventTime;
  }

  /**
   * A converter for rows of {@code schema}.
   *
   * @throws IllegalArgumentException naming the column when one is missing or of an unusable type
   */
  static RowReadings forSchema(Schema schema, ZoneId zone) {
    checkColumn(schema, "timestamp", TIME_TYPES);
    checkColumn(schema, "value", VALUE_TYPES);
    boolean hasSensor = schema.hasField("sensor");
    if (hasSensor) {
      checkColumn(schema, "sensor", EnumSet.of(TypeName.STRING));
    }
    checkArgument(
        schema.hasField(SOURCE_FIELD) && schema.hasField(LINE_FIELD),
        "rows need the source position: read them with ReadParquetRows.withSourcePosition(\"%s\", \"%s\")",
        SOURCE_FIELD,
        LINE_FIELD);
    return new RowReadings(
        hasSensor, EventTime.isoOrEpoch("timestamp", TimeUnit.MILLISECONDS).withZone(zone));
  }

  private static void checkColumn(Schema schema, String name, Set<TypeName> types) {
    checkArgument(
        schema.hasField(name),
        "Parquet input needs a column '%s' of type %s; the file has %s",
        name,
        types,
        schema.getFieldNames());
    TypeName type = schema.getField(name).getType().getTypeName();
    checkArgument(
        types.contains(type),
        "Parquet column '%s' is %s; expected one of %s",
        name,
        type,
        types);
  }

  /** The reading of {@code row} with its event time, or a failure. */
  ParseOutcome<SensorReading> convert(Row row) {
    String source = row.getString(SOURCE_FIELD);
    long line = row.getInt64(LINE_FIELD);
    String sensor = hasSensor ? row.getString("sensor") : sensorFromFile(source);
    Object time = row.getValue("timestamp");
    Object value = row.getValue("value");
    for (String field : new String[] {"sensor", "timestamp", "value"}) {
      Object v = field.equals("sensor") ? sensor : field.equals("timestamp") ? time : value;
      if (v == null) {
        return ParseOutcome.failure(Failure.Reasons.MISSING_FIELD, "field '" + field + "' is null");
      }
    }
    double number = ((Number) value).doubleValue();
    if (!Double.isFinite(number)) {
      return ParseOutcome.failure(
          Failure.Reasons.NON_FINITE_VALUE, "field 'value' is " + number + ", not a finite number");
    }
    org.joda.time.Instant at;
    try {
      // Through the JSON entry point: numbers are epoch milliseconds there, text is ISO-8601.
      JsonNode node;
      if (time instanceof ReadableInstant) {
        node = LongNode.valueOf(((ReadableInstant) time).getMillis());
      } else if (time instanceof Number) {
        node = LongNode.valueOf(((Number) time).longValue());
      } else {
        node = TextNode.valueOf(time.toString());
      }
      at = eventTime.parse(node);
    } catch (EventTimes.BadTimestampException e) {
      return ParseOutcome.failure(
          e.isOutOfRange() ? Failure.Reasons.TIMESTAMP_OUT_OF_RANGE : Failure.Reasons.BAD_TIMESTAMP,
          e.getMessage());
    }
    return ParseOutcome.record(SensorReading.create(sensor, at, number, source, line), at);
  }

  /** The row as a JSON object (the dead letter's payload), without the added position fields. */
  static String payload(Row row) {
    ObjectNode n = JSON.createObjectNode();
    for (Schema.Field f : row.getSchema().getFields()) {
      String name = f.getName();
      if (name.equals(SOURCE_FIELD) || name.equals(LINE_FIELD)) {
        continue;
      }
      Object v = row.getValue(name);
      if (v == null) {
        n.putNull(name);
      } else if ((v instanceof Double || v instanceof Float) && Double.isFinite(((Number) v).doubleValue())) {
        n.put(name, ((Number) v).doubleValue());
      } else if (v instanceof Long || v instanceof Integer) {
        n.put(name, ((Number) v).longValue());
      } else {
        n.put(name, v.toString()); // strings, timestamps (ISO-8601 UTC), NaN and infinities
      }
    }
    return n.toString();
  }

  private static String sensorFromFile(String source) {
    String file = source.substring(source.lastIndexOf('/') + 1);
    return file.endsWith(".parquet") ? file.substring(0, file.length() - ".parquet".length()) : file;
  }
}
