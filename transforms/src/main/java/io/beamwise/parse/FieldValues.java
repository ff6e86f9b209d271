package io.beamwise.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.beamwise.failure.Failure.Reasons;
import java.math.BigInteger;
import java.util.Locale;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.joda.time.Instant;

/**
 * Type coercion rules from JSON values and CSV text to Beam schema field types. They are the same
 * for JSON and CSV where the value is text:
 *
 * <table>
 *   <caption>Accepted inputs per field type</caption>
 *   <tr><th>type</th><th>JSON</th><th>text (CSV, or a JSON string)</th></tr>
 *   <tr><td>STRING</td><td>string</td><td>as is</td></tr>
 *   <tr><td>INT32, INT64</td><td>integral number in range</td><td>optional sign and digits:
 *       {@code "42"}; not {@code "42.0"}</td></tr>
 *   <tr><td>DOUBLE, FLOAT</td><td>number</td><td>decimal or scientific: {@code "12.5"},
 *       {@code "-1e3"}; {@code NaN}/{@code Infinity} are non-finite</td></tr>
 *   <tr><td>BOOLEAN</td><td>true/false</td><td>{@code true}/{@code false}, any case</td></tr>
 *   <tr><td>DATETIME</td><td colspan="2">ISO-8601 string (see {@link EventTime} for the
 *       event-time field)</td></tr>
 * </table>
 *
 * <p>Reasons: {@code wrong_type} (an object, array or boolean where a number is expected, a number
 * where a string is expected, ...), {@code bad_value} (text that is not of the type), {@code
 * out_of_range} (integer overflow, a double beyond float range), {@code non_finite_value} (NaN,
 * ±Infinity, or a number beyond double range).
 */
final class FieldValues {

  private static final java.util.regex.Pattern INTEGER = java.util.regex.Pattern.compile("[+-]?\\d+");

  private FieldValues() {}

  /** Converts a non-null JSON value to {@code type}. */
  static Object fromJson(String field, Schema.FieldType type, JsonNode value) throws FieldException {
    TypeName name = type.getTypeName();
    if (value.isTextual()) {
      if (name == TypeName.STRING) {
        return value.asText();
      }
      return fromText(field, type, value.asText());
    }
    switch (name) {
      case STRING:
        throw wrongType(field, "a string", value);
      case INT32:
      case INT64:
        if (!value.isIntegralNumber()) {
          throw value.isNumber()
              ? new FieldException(Reasons.BAD_VALUE, "field '" + field + "' must be an integer, got " + value)
              : wrongType(field, "an integer", value);
        }
        return integer(field, name, value.bigIntegerValue());
      case DOUBLE:
      case FLOAT:
        if (!value.isNumber()) {
          throw wrongType(field, "a number", value);
        }
        return floating(field, name, value.doubleValue(), value);
      case BOOLEAN:
        if (!value.isBoolean()) {
          throw wrongType(field, "true or false", value);
        }
        return value.booleanValue();
      case DATETIME:
        throw wrongType(field, "an ISO-8601 string", value);
      default:
        throw new IllegalStateException("unsupported field type " + type);
    }
  }

  /** Converts text to {@code type}; surrounding spaces are ignored except for STRING. */
  static Object fromText(String field, Schema.FieldType type, String text) throws FieldException {
    String t = text.trim();
    switch (type.getTypeName()) {
      case STRING:
        return text;
      case INT32:
      case INT64:
        if (!INTEGER.matcher(t).matches()) {
          throw new FieldException(
              Reasons.BAD_VALUE, "field '" + field + "' must be an integer, got '" + Values.abbreviate(t) + "'");
        }
        String digits = t.replaceFirst("^[+-]?0*", "");
        if (digits.length() > 20) {
          throw new FieldException(
              Reasons.OUT_OF_RANGE,
              "field '" + field + "' value " + Values.abbreviate(t) + " does not fit " + type.getTypeName());
        }
        return integer(field, type.getTypeName(), new BigInteger(t));
      case DOUBLE:
      case FLOAT:
        Object parsed = Values.parseFinite(t);
        if (parsed instanceof ParseOutcome) {
          ParseOutcome<?> failure = (ParseOutcome<?>) parsed;
          throw new FieldException(failure.reason(), "field '" + field + "': " + failure.message());
        }
        return floating(field, type.getTypeName(), (Double) parsed, t);
      case BOOLEAN:
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.equals("true") || lower.equals("false")) {
          return lower.equals("true");
        }
        throw new FieldException(
            Reasons.BAD_VALUE, "field '" + field + "' must be true or false, got '" + Values.abbreviate(t) + "'");
      case DATETIME:
        try {
          return EventTimes.parseIso(t, java.time.ZoneOffset.UTC);
        } catch (EventTimes.BadTimestampException e) {
          throw new FieldException(
              e.isOutOfRange() ? Reasons.TIMESTAMP_OUT_OF_RANGE : Reasons.BAD_TIMESTAMP,
              "field '" + field + "': " + e.getMessage());
        }
      default:
        throw new IllegalStateException("unsupported field type " + type);
    }
  }

  /** True for the field types these rules support. */
  static boolean supports(Schema.FieldType type) {
    switch (type.getTypeName()) {
      case STRING:
      case INT32:
      case INT64:
      case DOUBLE:
      case FLOAT:
      case BOOLEAN:
      case DATETIME:
        return true;
      default:
        return false;
    }
  }

  private static Object integer(String field, TypeName name, BigInteger v) throws FieldException {
    int bits = name == TypeName.INT32 ? 31 : 63;
    if (v.bitLength() > bits) {
      throw new FieldException(
          Reasons.OUT_OF_RANGE,
          "field '" + field + "' value " + Values.abbreviate(v.toString()) + " does not fit " + name);
    }
    return name == TypeName.INT32 ? (Object) v.intValue() : (Object) v.longValue();
  }

  /** {@code text} is the input (a String or a JSON node), turned into text only for a message. */
  private static Object floating(String field, TypeName name, double v, Object text)
      throws FieldException {
    if (!Double.isFinite(v)) {
      throw new FieldException(
          Reasons.NON_FINITE_VALUE,
          "field '" + field + "' value " + Values.abbreviate(String.valueOf(text)) + " is not a finite double");
    }
    if (name == TypeName.FLOAT) {
      float f = (float) v;
      if (Float.isInfinite(f)) {
        throw new FieldException(
            Reasons.OUT_OF_RANGE,
            "field '" + field + "' value " + Values.abbreviate(String.valueOf(text)) + " does not fit FLOAT");
      }
      return f;
    }
    return v;
  }

  private static FieldException wrongType(String field, String expected, JsonNode value) {
    return new FieldException(
        Reasons.WRONG_TYPE,
        "field '" + field + "' must be " + expected + ", got " + value.getNodeType().name().toLowerCase(Locale.ROOT));
  }

  /** An Instant for a DATETIME field of a Row. */
  static Instant instant(Object value) {
    return (Instant) value;
  }
}
