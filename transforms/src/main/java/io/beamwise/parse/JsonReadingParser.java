package io.beamwise.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beamwise.failure.Failure.Reasons;
import java.time.ZoneId;
import org.joda.time.Instant;

/**
 * Parses JSON Lines readings: {@code {"sensor": "...", "ts": ..., "value": ...}}.
 *
 * <ul>
 *   <li>{@code sensor}: a non-blank JSON string.
 *   <li>{@code ts}: an ISO-8601 date-time string (with an offset or {@code Z}; without one it is
 *       read in the configured zone), or an integral JSON number of epoch milliseconds (UTC).
 *   <li>{@code value}: a JSON number (a numeric string is rejected with {@code wrong_type}).
 *   <li>Other fields are ignored. Duplicate keys and trailing content are {@code malformed_json}.
 * </ul>
 *
 * <p>Failures: {@code empty_line}, {@code invalid_utf8}, {@code malformed_json}, {@code
 * missing_field}, {@code wrong_type}, {@code bad_timestamp}, {@code timestamp_out_of_range},
 * {@code non_finite_value}.
 */
public final class JsonReadingParser implements ReadingParser {

  private static final long serialVersionUID = 1L;

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final ZoneId defaultZone;

  public JsonReadingParser(ZoneId defaultZone) {
    this.defaultZone = defaultZone;
  }

  @Override
  public ParseOutcome parse(SourceLine line) {
    if (line.getInvalidUtf8()) {
      return ParseOutcome.failure(Reasons.INVALID_UTF8, "line is not valid UTF-8");
    }
    if (line.getText().isBlank()) {
      return ParseOutcome.failure(Reasons.EMPTY_LINE, "line is empty");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(line.getText());
    } catch (JsonProcessingException e) {
      return ParseOutcome.failure(
          Reasons.MALFORMED_JSON, "malformed JSON: " + e.getOriginalMessage(), e);
    }
    if (node == null || !node.isObject()) {
      return ParseOutcome.failure(Reasons.WRONG_TYPE, "expected a JSON object");
    }
    JsonNode sensor = node.get("sensor");
    JsonNode ts = node.get("ts");
    JsonNode value = node.get("value");
    for (String field : new String[] {"sensor", "ts", "value"}) {
      JsonNode f = node.get(field);
      if (f == null || f.isNull()) {
        return ParseOutcome.failure(Reasons.MISSING_FIELD, "field '" + field + "' is missing");
      }
    }
    if (!sensor.isTextual() || sensor.asText().isBlank()) {
      return ParseOutcome.failure(Reasons.WRONG_TYPE, "field 'sensor' must be a non-blank string");
    }
    Instant timestamp;
    try {
      timestamp = timestamp(ts);
    } catch (EventTimes.BadTimestampException e) {
      return ParseOutcome.failure(
          e.isOutOfRange() ? Reasons.TIMESTAMP_OUT_OF_RANGE : Reasons.BAD_TIMESTAMP,
          e.getMessage(),
          e.getCause());
    }
    if (!value.isNumber()) {
      return ParseOutcome.failure(
          Reasons.WRONG_TYPE, "field 'value' must be a JSON number, got " + value.getNodeType());
    }
    double v = value.doubleValue();
    if (!Double.isFinite(v)) {
      return ParseOutcome.failure(
          Reasons.NON_FINITE_VALUE, "field 'value' " + value + " overflows a double");
    }
    return ParseOutcome.reading(
        SensorReading.create(sensor.asText(), timestamp, v, line.getSource(), line.getLine()));
  }

  private Instant timestamp(JsonNode ts) throws EventTimes.BadTimestampException {
    if (ts.isTextual()) {
      return EventTimes.parseIso(ts.asText(), defaultZone);
    }
    if (ts.isIntegralNumber() && ts.canConvertToLong()) {
      return EventTimes.fromEpochMillis(ts.longValue());
    }
    throw new EventTimes.BadTimestampException(
        "field 'ts' must be an ISO-8601 string or integral epoch milliseconds, got " + ts,
        !ts.isTextual() && ts.isIntegralNumber(),
        null);
  }
}
