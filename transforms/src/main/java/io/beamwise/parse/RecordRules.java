package io.beamwise.parse;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.io.Serializable;
import org.apache.beam.sdk.schemas.Schema;

/**
 * What the generic parsers ({@link JsonRecordParser}, {@link CsvRecordParser}) produce: rows of a
 * declared Beam {@link Schema}, the event time taken from one of its DATETIME fields, and the
 * validation policies. Immutable.
 *
 * <ul>
 *   <li>Non-nullable fields are required ({@code missing_field} when absent, JSON null or an empty
 *       CSV column); nullable fields are optional and become null.
 *   <li>The event-time field is always required.
 *   <li>Field types: STRING, INT32, INT64, DOUBLE, FLOAT, BOOLEAN, DATETIME; coercions are listed
 *       in {@link FieldValues}.
 *   <li>Records larger than {@code maxPayloadBytes} (UTF-8) are {@code payload_too_large}.
 * </ul>
 */
final class RecordRules implements Serializable {

  private static final long serialVersionUID = 1L;

  final Schema schema;
  final EventTime eventTime;
  final NonFinitePolicy nonFinite;
  final int maxPayloadBytes;
  final int eventTimeIndex;

  RecordRules(Schema schema, EventTime eventTime, NonFinitePolicy nonFinite, int maxPayloadBytes) {
    checkArgument(schema != null && schema.getFieldCount() > 0, "schema must have at least one field");
    for (Schema.Field f : schema.getFields()) {
      checkArgument(
          FieldValues.supports(f.getType()),
          "field '%s' has type %s; supported: STRING, INT32, INT64, DOUBLE, FLOAT, BOOLEAN, DATETIME",
          f.getName(),
          f.getType());
    }
    checkArgument(maxPayloadBytes > 0, "maxPayloadBytes must be positive, got %s", maxPayloadBytes);
    checkArgument(nonFinite != null, "nonFinite policy must not be null");
    if (nonFinite == NonFinitePolicy.KEEP_AS_MISSING) {
      for (Schema.Field f : schema.getFields()) {
        Schema.TypeName t = f.getType().getTypeName();
        checkArgument(
            !(t == Schema.TypeName.DOUBLE || t == Schema.TypeName.FLOAT) || f.getType().getNullable(),
            "NonFinitePolicy.KEEP_AS_MISSING needs floating-point field '%s' to be nullable",
            f.getName());
      }
    }
    if (eventTime != null) {
      checkArgument(
          schema.hasField(eventTime.getField()),
          "event-time field '%s' is not in the schema %s",
          eventTime.getField(),
          schema.getFieldNames());
      checkArgument(
          schema.getField(eventTime.getField()).getType().getTypeName() == Schema.TypeName.DATETIME,
          "event-time field '%s' must have type DATETIME, has %s",
          eventTime.getField(),
          schema.getField(eventTime.getField()).getType());
      this.eventTimeIndex = schema.indexOf(eventTime.getField());
    } else {
      this.eventTimeIndex = -1;
    }
    this.schema = schema;
    this.eventTime = eventTime;
    this.nonFinite = nonFinite;
    this.maxPayloadBytes = maxPayloadBytes;
  }

  RecordRules withEventTime(EventTime eventTime) {
    return new RecordRules(schema, eventTime, nonFinite, maxPayloadBytes);
  }

  RecordRules withNonFinite(NonFinitePolicy nonFinite) {
    return new RecordRules(schema, eventTime, nonFinite, maxPayloadBytes);
  }

  RecordRules withMaxPayloadBytes(int maxPayloadBytes) {
    return new RecordRules(schema, eventTime, nonFinite, maxPayloadBytes);
  }

  /** The event time from a JSON value, or a field failure with the timestamp reason. */
  org.joda.time.Instant eventTime(com.fasterxml.jackson.databind.JsonNode value) throws FieldException {
    try {
      return eventTime.parse(value);
    } catch (EventTimes.BadTimestampException e) {
      throw timestampFailure(e);
    }
  }

  /** The event time from text, or a field failure with the timestamp reason. */
  org.joda.time.Instant eventTime(String text) throws FieldException {
    try {
      return eventTime.parse(text);
    } catch (EventTimes.BadTimestampException e) {
      throw timestampFailure(e);
    }
  }

  private static FieldException timestampFailure(EventTimes.BadTimestampException e) {
    return new FieldException(
        e.isOutOfRange()
            ? io.beamwise.failure.Failure.Reasons.TIMESTAMP_OUT_OF_RANGE
            : io.beamwise.failure.Failure.Reasons.BAD_TIMESTAMP,
        e.getMessage(),
        e.getCause());
  }

  /** Fails with {@code missing_field} for the first required field that is not present. */
  void checkRequired(boolean[] present) throws FieldException {
    for (int i = 0; i < present.length; i++) {
      Schema.Field field = schema.getField(i);
      if (!present[i] && (i == eventTimeIndex || !field.getType().getNullable())) {
        throw new FieldException(
            io.beamwise.failure.Failure.Reasons.MISSING_FIELD,
            (i == eventTimeIndex ? "event-time field '" : "field '") + field.getName() + "' is missing");
      }
    }
  }

  /** A record of the parsed values, which already have the schema's Java types. */
  ParseOutcome<org.apache.beam.sdk.values.Row> record(Object[] values) {
    // attachValues skips Row's per-value conversion, the most expensive part of building a Row.
    return ParseOutcome.record(
        org.apache.beam.sdk.values.Row.withSchema(schema).attachValues(java.util.Arrays.asList(values)),
        eventTimeIndex < 0 ? null : (org.joda.time.Instant) values[eventTimeIndex]);
  }

  /** Applies the non-finite policy to a field failure: null to keep as missing, else rethrow. */
  Object onFieldFailure(Schema.Field field, FieldException e) throws FieldException {
    if (e.reason().equals(io.beamwise.failure.Failure.Reasons.NON_FINITE_VALUE)
        && nonFinite == NonFinitePolicy.KEEP_AS_MISSING
        && field.getType().getNullable()) {
      return null;
    }
    throw e;
  }
}
