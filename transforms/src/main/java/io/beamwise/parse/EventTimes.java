package io.beamwise.parse;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import org.joda.time.Instant;

/**
 * Event-time parsing rules shared by the parsers. All results are UTC instants in milliseconds.
 *
 * <ul>
 *   <li>A local date-time (no offset) is read in a given zone. A local time that does not exist
 *       in that zone (the DST "spring forward" gap) is rejected; an ambiguous one (the "fall
 *       back" overlap) takes the earlier offset, as {@link java.time.ZonedDateTime#of} does.
 *   <li>Instants outside [{@link #MIN_PLAUSIBLE}, {@link #MAX_PLAUSIBLE}) are rejected: they are
 *       almost always a unit mistake (seconds read as millis) and Beam cannot represent all of
 *       them.
 * </ul>
 */
public final class EventTimes {

  /** Earliest accepted event time: 1900-01-01T00:00:00Z. */
  public static final Instant MIN_PLAUSIBLE = Instant.parse("1900-01-01T00:00:00Z");

  /** First rejected event time: 2200-01-01T00:00:00Z. */
  public static final Instant MAX_PLAUSIBLE = Instant.parse("2200-01-01T00:00:00Z");

  /** NAB's timestamp layout, {@code yyyy-MM-dd HH:mm:ss}, parsed strictly. */
  public static final DateTimeFormatter NAB_FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

  private EventTimes() {}

  /** Thrown for any timestamp that breaks the rules above. */
  public static final class BadTimestampException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean outOfRange;

    public BadTimestampException(String message, boolean outOfRange, Throwable cause) {
      super(message, cause);
      this.outOfRange = outOfRange;
    }

    /** True when the timestamp parsed but lies outside the plausible range. */
    public boolean isOutOfRange() {
      return outOfRange;
    }
  }

  /** Parses {@code text} with {@code format} as a local date-time in {@code zone}. */
  public static Instant parseLocal(String text, DateTimeFormatter format, ZoneId zone)
      throws BadTimestampException {
    LocalDateTime local;
    try {
      local = LocalDateTime.parse(text, format);
    } catch (DateTimeParseException e) {
      throw new BadTimestampException(
          "timestamp '" + text + "' does not match the expected layout: " + e.getMessage(),
          false,
          e);
    }
    return fromLocal(local, zone, text);
  }

  /**
   * Parses {@code text} with a pattern that may or may not carry an offset: with one the instant is
   * absolute, without one it is read in {@code zone}.
   */
  public static Instant parseWithPattern(String text, DateTimeFormatter format, ZoneId zone)
      throws BadTimestampException {
    java.time.temporal.TemporalAccessor parsed;
    try {
      parsed = format.parse(text);
    } catch (DateTimeParseException e) {
      throw new BadTimestampException(
          "timestamp '" + Values.abbreviate(text) + "' does not match the expected layout: " + e.getMessage(),
          false,
          e);
    }
    try {
      if (parsed.isSupported(java.time.temporal.ChronoField.OFFSET_SECONDS)) {
        return checkRange(
            Instant.ofEpochMilli(java.time.OffsetDateTime.from(parsed).toInstant().toEpochMilli()), text);
      }
      return fromLocal(LocalDateTime.from(parsed), zone, text);
    } catch (DateTimeException | ArithmeticException e) {
      throw new BadTimestampException(
          "timestamp '" + Values.abbreviate(text) + "' is not a complete date-time: " + e.getMessage(),
          false,
          e);
    }
  }

  /**
   * Parses an ISO-8601 date-time: with an offset or {@code Z} it is absolute; without one it is
   * read in {@code defaultZone}.
   */
  public static Instant parseIso(String text, ZoneId defaultZone) throws BadTimestampException {
    try {
      return checkRange(
          Instant.ofEpochMilli(
              DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, java.time.Instant::from)
                  .toEpochMilli()),
          text);
    } catch (DateTimeParseException withOffsetFailed) {
      try {
        return fromLocal(
            LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME), defaultZone, text);
      } catch (DateTimeParseException e) {
        throw new BadTimestampException(
            "timestamp '" + text + "' is not an ISO-8601 date-time", false, e);
      }
    } catch (ArithmeticException | DateTimeException e) {
      throw new BadTimestampException(
          "timestamp '" + text + "' cannot be represented: " + e.getMessage(), true, e);
    }
  }

  /** Checks epoch milliseconds against the plausible range. */
  public static Instant fromEpochMillis(long millis) throws BadTimestampException {
    return checkRange(Instant.ofEpochMilli(millis), millis + " (epoch millis)");
  }

  private static Instant fromLocal(LocalDateTime local, ZoneId zone, String text)
      throws BadTimestampException {
    List<ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
    if (offsets.isEmpty()) {
      throw new BadTimestampException(
          "local time '" + text + "' does not exist in zone " + zone + " (daylight-saving gap)",
          false,
          null);
    }
    long millis;
    try {
      millis = local.toInstant(offsets.get(0)).toEpochMilli();
    } catch (ArithmeticException e) {
      throw new BadTimestampException("timestamp '" + text + "' cannot be represented", true, e);
    }
    return checkRange(Instant.ofEpochMilli(millis), text);
  }

  private static Instant checkRange(Instant instant, String text) throws BadTimestampException {
    if (instant.isBefore(MIN_PLAUSIBLE) || !instant.isBefore(MAX_PLAUSIBLE)) {
      throw new BadTimestampException(
          "timestamp "
              + text
              + " is outside the plausible range ["
              + MIN_PLAUSIBLE
              + ", "
              + MAX_PLAUSIBLE
              + ")",
          true,
          null);
    }
    return instant;
  }
}
