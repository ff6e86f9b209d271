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
