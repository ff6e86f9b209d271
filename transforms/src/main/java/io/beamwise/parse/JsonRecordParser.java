package io.beamwise.parse;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import io.beamwise.failure.Failure.Reasons;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

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
  private final java.util.Map<String, Integer> fieldIndex = new java.util.HashMap<>();

  JsonRecordParser(RecordRules rules) {
    this.rules = rules;
    for (int i = 0; i < rules.schema.getFieldCount(); i++) {
      fieldIndex.put(rules.schema.getField(i).getName(), i);
    }
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
    Object[] values = new Object[rules.schema.getFieldCount()];
    boolean[] present = new boolean[values.length];
    FieldException firstFieldError = null;
    // Streaming, not a tree: the whole line is always read to the end, so malformed JSON,
    // duplicate keys and trailing content are reported before any field error.
    try (JsonParser p = MAPPER.getFactory().createParser((String) prepared)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_OBJECT) {
        p.skipChildren();
        if (p.nextToken() != null) {
          throw new JsonParseException(p, "trailing content after the top-level value");
        }
        return ParseOutcome.failure(
            Reasons.WRONG_TYPE,
            "expected a JSON object, got " + (first == null ? "nothing" : describe(first)));
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        Integer index = fieldIndex.get(p.currentName());
        JsonToken token = p.nextToken();
        if (index == null || firstFieldError != null) {
          p.skipChildren();
          continue;
        }
        Schema.Field field = rules.schema.getField(index);
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
          p.skipChildren();
          firstFieldError =
              index == rules.eventTimeIndex
                  ? new FieldException(
                      Reasons.BAD_TIMESTAMP,
                      "field '" + field.getName() + "' must be a timestamp, got " + describe(token))
                  : new FieldException(
                      Reasons.WRONG_TYPE,
                      "field '" + field.getName() + "' must be a scalar, got " + describe(token));
          continue;
        }
        if (token == JsonToken.VALUE_NULL) {
          continue; // absent
        }
        try {
          values[index] = convert(index, field, scalar(p, token));
          present[index] = true;
        } catch (FieldException e) {
          firstFieldError = e;
        }
      }
      if (p.nextToken() != null) {
        throw new JsonParseException(p, "trailing content after the top-level object");
      }
    } catch (IOException e) {
      String message = e instanceof JsonProcessingException ? ((JsonProcessingException) e).getOriginalMessage() : e.getMessage();
      return ParseOutcome.failure(Reasons.MALFORMED_JSON, "malformed JSON: " + Values.abbreviate(String.valueOf(message)), e);
    }
    try {
      if (firstFieldError != null) {
        throw firstFieldError;
      }
      rules.checkRequired(present);
    } catch (FieldException e) {
      return ParseOutcome.failure(e.reason(), e.getMessage(), e.getCause());
    }
    return rules.record(values);
  }

  private Object convert(int index, Schema.Field field, JsonNode value) throws FieldException {
    if (index == rules.eventTimeIndex) {
      return rules.eventTime(value);
    }
    try {
      return FieldValues.fromJson(field.getName(), field.getType(), value);
    } catch (FieldException e) {
      return rules.onFieldFailure(field, e);
    }
  }

  /** The current scalar token as a small JSON node (no tree is built for the record). */
  private static JsonNode scalar(JsonParser p, JsonToken token) throws IOException {
    switch (token) {
      case VALUE_STRING:
        return TextNode.valueOf(p.getText());
      case VALUE_NUMBER_INT:
        return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
            ? BigIntegerNode.valueOf(p.getBigIntegerValue())
            : LongNode.valueOf(p.getLongValue());
      case VALUE_NUMBER_FLOAT:
        return DoubleNode.valueOf(p.getDoubleValue());
      case VALUE_TRUE:
        return BooleanNode.TRUE;
      case VALUE_FALSE:
        return BooleanNode.FALSE;
      default:
        throw new JsonParseException(p, "unexpected token " + token);
    }
  }

  private static String describe(JsonToken token) {
    switch (token) {
      case START_OBJECT:
        return "OBJECT";
      case START_ARRAY:
        return "ARRAY";
      case VALUE_STRING:
        return "STRING";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "NUMBER";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "BOOLEAN";
      case VALUE_NULL:
        return "NULL";
      default:
        return token.name();
    }
  }
}
