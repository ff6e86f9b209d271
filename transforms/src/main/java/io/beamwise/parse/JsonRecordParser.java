package io.beamwise.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beamwise.failure.Failure.Reasons;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;

/**
 * Parses one JSON object per line into a {@link Row} of the declared schema, following {@link
 * RecordRules}: fields by name, unknown fields ignored, duplicate keys and trailing content
 * rejected ({@code malformed_json}), a non-object ({@code wrong_type}).
 *
 * <p>Failures: {@code invalid_utf8}, {@code payload_too_large}, {@code empty_line}, {@code
 * malformed_json}, {@code wrong_type}, {@code missing_field}, {@code bad_value}, {@code
 * out_of_range}, {@code non_finite_value}, {@code bad_timestamp}, {@code timestamp_out_of_range}.
 */
public final class JsonRecordParser implements LineParser<Row> {

  private static final long serialVersionUID = 1L;

  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final RecordRules rules;

  JsonRecordParser(RecordRules rules) {
    this.rules = rules;
  }

  /** A parser of {@code schema} rows with the event time in {@code eventTime} (null for none). */
  public static JsonRecordParser of(Schema schema, EventTime eventTime) {
    return new JsonRecordParser(
        new RecordRules(schema, eventTime, NonFinitePolicy.DEAD_LETTER, Payloads.DEFAULT_MAX_BYTES));
  }

  public JsonRecordParser withNonFinite(NonFinitePolicy policy) {
    return new JsonRecordParser(rules.withNonFinite(policy));
  }

  /** Where the event time is (a DATETIME field of the schema). */
  public JsonRecordParser withEventTime(EventTime eventTime) {
    return new JsonRecordParser(rules.withEventTime(eventTime));
  }

  public JsonRecordParser withMaxPayloadBytes(int maxPayloadBytes) {
    return new JsonRecordParser(rules.withMaxPayloadBytes(maxPayloadBytes));
  }

  public Schema getSchema() {
    return rules.schema;
  }

  @Override
  public ParseOutcome<Row> parse(SourceLine line) {
    Object prepared = Payloads.prepare(line, rules.maxPayloadBytes);
    if (prepared instanceof ParseOutcome) {
      return ((ParseOutcome<?>) prepared).castFailure();
    }
    JsonNode node;
    try {
      node = MAPPER.readTree((String) prepared);
    } catch (JsonProcessingException e) {
      return ParseOutcome.failure(
          Reasons.MALFORMED_JSON, "malformed JSON: " + Values.abbreviate(e.getOriginalMessage()), e);
    }
    if (node == null || !node.isObject()) {
      return ParseOutcome.failure(
          Reasons.WRONG_TYPE,
          "expected a JSON object, got " + (node == null ? "nothing" : node.getNodeType()));
    }
    List<Object> values = new ArrayList<>(rules.schema.getFieldCount());
    Instant eventTime = null;
    try {
      for (int i = 0; i < rules.schema.getFieldCount(); i++) {
        Schema.Field field = rules.schema.getField(i);
        JsonNode value = node.get(field.getName());
        if (i == rules.eventTimeIndex) {
          if (value == null || value.isNull()) {
            throw new FieldException(
                Reasons.MISSING_FIELD, "event-time field '" + field.getName() + "' is missing");
          }
          try {
            eventTime = rules.eventTime.parse(value);
          } catch (EventTimes.BadTimestampException e) {
            throw new FieldException(
                e.isOutOfRange() ? Reasons.TIMESTAMP_OUT_OF_RANGE : Reasons.BAD_TIMESTAMP,
                e.getMessage(),
                e.getCause());
          }
          values.add(eventTime);
        } else if (value == null || value.isNull()) {
          if (!field.getType().getNullable()) {
            throw new FieldException(Reasons.MISSING_FIELD, "field '" + field.getName() + "' is missing");
          }
          values.add(null);
        } else {
          Object converted;
          try {
            converted = FieldValues.fromJson(field.getName(), field.getType(), value);
          } catch (FieldException e) {
            converted = rules.onFieldFailure(field, e);
          }
          values.add(converted);
        }
      }
    } catch (FieldException e) {
      return ParseOutcome.failure(e.reason(), e.getMessage(), e.getCause());
    }
    return ParseOutcome.record(Row.withSchema(rules.schema).addValues(values).build(), eventTime);
  }
}
