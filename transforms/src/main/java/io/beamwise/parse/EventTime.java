package io.beamwise.parse;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.joda.time.Instant;

/**
 * Where a record's event time is and how it is written. Immutable and serializable; the unit of
 * an epoch number is always stated, never guessed.
 *
 * <ul>
 *   <li>{@link #iso(String)}: ISO-8601 date-time; with an offset or {@code Z} it is absolute,
 *       without one it is read in the default zone ({@link #withZone}, UTC unless set).
 *   <li>{@link #epoch(String, TimeUnit)}: a number of seconds, milliseconds, microseconds or
 *       nanoseconds since 1970-01-01T00:00:00Z. A JSON number or a numeric string (decimal or
 *       scientific); a fraction is allowed and rounded down (toward the past) to the millisecond,
 *       Beam's timestamp precision.
 *   <li>{@link #pattern(String, String)}: a {@link DateTimeFormatter} pattern, parsed strictly
 *       ({@code uuuu} for the year), read in the default zone unless the pattern has an offset.
 *   <li>{@link #isoOrEpoch(String, TimeUnit)}: a string is ISO-8601, a number is epoch in the unit.
 * </ul>
 *
 * <p>Local times that do not exist in the zone (daylight-saving gap) are rejected; ambiguous ones
 * take the earlier offset. Results outside [{@link #getMin()}, {@link #getMax()}) — by default
 * [1900-01-01, 2200-01-01) UTC — are rejected with reason {@code timestamp_out_of_range}.
 */
public final class EventTime implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

  /** How the event time is written. */
  public enum Format {
    ISO,
    EPOCH,
    PATTERN,
    ISO_OR_EPOCH
  }

  private final String field;
  private final Format format;
  private final TimeUnit unit;
  private final String pattern;
  private final ZoneId zone;
  private final Instant min;
  private final Instant max;
  private transient DateTimeFormatter formatter;

  private EventTime(
      String field, Format format, TimeUnit unit, String pattern, ZoneId zone, Instant min, Instant max) {
    checkArgument(field != null && !field.isEmpty(), "event-time field name must not be empty");
    checkArgument(zone != null, "zone must not be null (use ZoneOffset.UTC)");
    checkArgument(min.isBefore(max), "min %s must be before max %s", min, max);
    this.field = field;
    this.format = format;
    this.unit = unit;
    this.pattern = pattern;
    this.zone = zone;
    this.min = min;
    this.max = max;
    if (pattern != null) {
      formatter(); // fail at construction for a bad pattern
    }
  }

  /** ISO-8601 in {@code field}. */
  public static EventTime iso(String field) {
    return new EventTime(
        field, Format.ISO, null, null, ZoneOffset.UTC, EventTimes.MIN_PLAUSIBLE, EventTimes.MAX_PLAUSIBLE);
  }

  /**
   * Epoch time in {@code unit} in {@code field}.
   *
   * @throws IllegalArgumentException unless unit is SECONDS, MILLISECONDS, MICROSECONDS or
   *     NANOSECONDS
   */
  public static EventTime epoch(String field, TimeUnit unit) {
    return new EventTime(
        field, Format.EPOCH, checkUnit(unit), null, ZoneOffset.UTC, EventTimes.MIN_PLAUSIBLE, EventTimes.MAX_PLAUSIBLE);
  }

  /** ISO-8601 when the value is a string, epoch in {@code unit} when it is a JSON number. */
  public static EventTime isoOrEpoch(String field, TimeUnit unit) {
    return new EventTime(
        field, Format.ISO_OR_EPOCH, checkUnit(unit), null, ZoneOffset.UTC, EventTimes.MIN_PLAUSIBLE, EventTimes.MAX_PLAUSIBLE);
  }

  /**
   * A {@link DateTimeFormatter} pattern such as {@code uuuu-MM-dd HH:mm:ss}.
   *
   * @throws IllegalArgumentException for an invalid pattern
   */
  public static EventTime pattern(String field, String pattern) {
    checkArgument(pattern != null && !pattern.isEmpty(), "pattern must not be empty");
    return new EventTime(
        field, Format.PATTERN, null, pattern, ZoneOffset.UTC, EventTimes.MIN_PLAUSIBLE, EventTimes.MAX_PLAUSIBLE);
  }

  /** The zone for timestamps written without an offset. */
  public EventTime withZone(ZoneId zone) {
    return new EventTime(field, format, unit, pattern, zone, min, max);
  }

  /**
   * The plausible range [min, max); anything else is dead-lettered. Bounds can narrow, not widen,
   * the default range [1900-01-01, 2200-01-01).
   */
  public EventTime withBounds(Instant min, Instant max) {
    checkArgument(min != null && max != null, "bounds must not be null");
    checkArgument(
        !min.isBefore(EventTimes.MIN_PLAUSIBLE) && !max.isAfter(EventTimes.MAX_PLAUSIBLE),
        "bounds [%s, %s) must lie within [%s, %s)",
        min,
        max,
        EventTimes.MIN_PLAUSIBLE,
        EventTimes.MAX_PLAUSIBLE);
    return new EventTime(field, format, unit, pattern, zone, min, max);
  }

  private static TimeUnit checkUnit(TimeUnit unit) {
    checkArgument(
        unit == TimeUnit.SECONDS
            || unit == TimeUnit.MILLISECONDS
            || unit == TimeUnit.MICROSECONDS
            || unit == TimeUnit.NANOSECONDS,
        "epoch unit must be SECONDS, MILLISECONDS, MICROSECONDS or NANOSECONDS, got %s",
        unit);
    return unit;
  }

  public String getField() {
    return field;
  }

  public Format getFormat() {
    return format;
  }

  public ZoneId getZone() {
    return zone;
  }

  public Instant getMin() {
    return min;
  }

  public Instant getMax() {
    return max;
  }

  /**
   * Parses the event time from a JSON value.
   *
   * @throws EventTimes.BadTimestampException with a message naming the field and the value
   */
  public Instant parse(JsonNode value) throws EventTimes.BadTimestampException {
    try {
      return parseUnnamed(value);
    } catch (EventTimes.BadTimestampException e) {
      throw named(e);
    }
  }

  /**
   * Parses the event time from text (a CSV column, or a JSON string).
   *
   * @throws EventTimes.BadTimestampException with a message naming the field and the value
   */
  public Instant parse(String text) throws EventTimes.BadTimestampException {
    try {
      return parseUnnamed(text);
    } catch (EventTimes.BadTimestampException e) {
      throw named(e);
    }
  }

  private EventTimes.BadTimestampException named(EventTimes.BadTimestampException e) {
    if (e.getMessage().startsWith("field '")) {
      return e;
    }
    return new EventTimes.BadTimestampException(
        "field '" + field + "': " + e.getMessage(), e.isOutOfRange(), e.getCause());
  }

  private Instant parseUnnamed(JsonNode value) throws EventTimes.BadTimestampException {
    if (value.isNumber() && (format == Format.EPOCH || format == Format.ISO_OR_EPOCH)) {
      if (value.isIntegralNumber() && value.canConvertToLong()) {
        return fromEpoch(value.longValue(), value);
      }
      String text = value.toString();
      checkEpochMagnitude(value.doubleValue(), text);
      return fromEpoch(value.decimalValue(), text);
    }
    if (value.isTextual()) {
      return parseUnnamed(value.asText());
    }
    throw new EventTimes.BadTimestampException(
        "field '" + field + "' must be " + expected() + ", got " + value.getNodeType(), false, null);
  }

  private Instant parseUnnamed(String text) throws EventTimes.BadTimestampException {
    String t = text.trim();
    switch (format) {
      case ISO:
        return check(EventTimes.parseIso(t, zone), t);
      case PATTERN:
        return check(EventTimes.parseWithPattern(t, formatter(), zone), t);
      case EPOCH:
        if (!NUMBER.matcher(t).matches()) {
          throw new EventTimes.BadTimestampException(
              "field '" + field + "' must be " + expected() + ", got '" + abbreviate(t) + "'", false, null);
        }
        checkEpochMagnitude(Double.parseDouble(t), t);
        return fromEpoch(new BigDecimal(t), t);
      default: // ISO_OR_EPOCH: a string is ISO-8601
        return check(EventTimes.parseIso(t, zone), t);
    }
  }

  /**
   * Rejects numbers far outside the range before any exact (BigDecimal) arithmetic, which would
   * be slow or fail for exponents like {@code 1e999999999}.
   */
  private void checkEpochMagnitude(double amount, String text) throws EventTimes.BadTimestampException {
    double millis = amount * unit.toNanos(1) / 1e6;
    if (!(Math.abs(millis) < 1e17)) {
      throw new EventTimes.BadTimestampException(
          "timestamp " + abbreviate(text) + " (" + unitName() + ") is outside " + range(), true, null);
    }
  }

  private Instant fromEpoch(BigDecimal amount, String text) throws EventTimes.BadTimestampException {
    if (amount.signum() != 0 && amount.scale() - amount.precision() > 40) {
      // |amount| < 1e-40: exact arithmetic on such scales is slow; rounded down to the
      // millisecond the answer is the epoch, or 1 ms before it for a negative amount.
      return Instant.ofEpochMilli(amount.signum() < 0 ? -1 : 0);
    }
    BigDecimal millis;
    switch (unit) {
      case SECONDS:
        millis = amount.movePointRight(3);
        break;
      case MILLISECONDS:
        millis = amount;
        break;
      case MICROSECONDS:
        millis = amount.movePointLeft(3);
        break;
      default:
        millis = amount.movePointLeft(6);
    }
    BigDecimal floor = millis.setScale(0, RoundingMode.FLOOR);
    if (floor.compareTo(BigDecimal.valueOf(min.getMillis())) < 0
        || floor.compareTo(BigDecimal.valueOf(max.getMillis())) >= 0) {
      throw new EventTimes.BadTimestampException(
          "timestamp " + abbreviate(text) + " (" + unitName() + ") is outside " + range(), true, null);
    }
    return Instant.ofEpochMilli(floor.longValueExact());
  }

  /**
   * The integral case of {@link #fromEpoch(BigDecimal, String)} in long arithmetic, with the same
   * result and messages: {@code JsonNode.toString()} and BigDecimal per record were a fifth of
   * the serial read-and-parse step in the end-to-end benchmark's profile.
   */
  private Instant fromEpoch(long amount, JsonNode value) throws EventTimes.BadTimestampException {
    long millis;
    try {
      switch (unit) {
        case SECONDS:
          millis = Math.multiplyExact(amount, 1000L);
          break;
        case MILLISECONDS:
          millis = amount;
          break;
        case MICROSECONDS:
          millis = Math.floorDiv(amount, 1000L);
          break;
        default:
          millis = Math.floorDiv(amount, 1_000_000L);
      }
    } catch (ArithmeticException overflow) {
      millis = amount < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    if (millis < min.getMillis() || millis >= max.getMillis()) {
      throw new EventTimes.BadTimestampException(
          "timestamp " + abbreviate(value.toString()) + " (" + unitName() + ") is outside " + range(),
          true,
          null);
    }
    return Instant.ofEpochMilli(millis);
  }

  private Instant check(Instant t, String text) throws EventTimes.BadTimestampException {
    if (t.isBefore(min) || !t.isBefore(max)) {
      throw new EventTimes.BadTimestampException(
          "timestamp '" + abbreviate(text) + "' is outside " + range(), true, null);
    }
    return t;
  }

  private String range() {
    return "the accepted range [" + min + ", " + max + ")";
  }

  private String unitName() {
    return "epoch " + unit.name().toLowerCase(java.util.Locale.ROOT);
  }

  private String expected() {
    switch (format) {
      case ISO:
        return "an ISO-8601 date-time string";
      case PATTERN:
        return "a date-time string like '" + pattern + "'";
      case EPOCH:
        return "a number of " + unitName();
      default:
        return "an ISO-8601 string or a number of " + unitName();
    }
  }

  private DateTimeFormatter formatter() {
    if (formatter == null) {
      try {
        formatter = DateTimeFormatter.ofPattern(pattern).withResolverStyle(ResolverStyle.STRICT);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "event-time pattern '" + pattern + "' is invalid: " + e.getMessage(), e);
      }
    }
    return formatter;
  }

  private static String abbreviate(String text) {
    return Values.abbreviate(text);
  }

  @Override
  public String toString() {
    return field + " as " + expected() + (format == Format.EPOCH ? "" : " (zone " + zone + ")");
  }
}
