package io.beamwise.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventTimesTest {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  private static EventTimes.BadTimestampException rejectLocal(String text, ZoneId zone) {
    return assertThrows(
        EventTimes.BadTimestampException.class,
        () -> EventTimes.parseLocal(text, EventTimes.NAB_FORMAT, zone),
        () -> "expected '" + text + "' to be rejected in " + zone);
  }

  private static EventTimes.BadTimestampException rejectIso(String text, ZoneId zone) {
    return assertThrows(
        EventTimes.BadTimestampException.class,
        () -> EventTimes.parseIso(text, zone),
        () -> "expected '" + text + "' to be rejected in " + zone);
  }

  private static EventTimes.BadTimestampException rejectMillis(long millis) {
    return assertThrows(
        EventTimes.BadTimestampException.class, () -> EventTimes.fromEpochMillis(millis));
  }

  // ---------------------------------------------------------------- constants

  @Test
  void plausibleRangeConstants() {
    assertEquals(-2_208_988_800_000L, EventTimes.MIN_PLAUSIBLE.getMillis());
    assertEquals(7_258_118_400_000L, EventTimes.MAX_PLAUSIBLE.getMillis());
  }

  // ---------------------------------------------------------------- parseLocal

  @Test
  void parseLocalInUtc() throws Exception {
    assertEquals(
        Instant.parse("2014-07-01T12:34:56Z"),
        EventTimes.parseLocal("2014-07-01 12:34:56", EventTimes.NAB_FORMAT, ZoneOffset.UTC));
  }

  @Test
  void parseLocalInOtherZones() throws Exception {
    assertEquals(
        Instant.parse("2014-07-01T16:34:56Z"),
        EventTimes.parseLocal("2014-07-01 12:34:56", EventTimes.NAB_FORMAT, NEW_YORK));
    assertEquals(
        Instant.parse("2014-01-01T17:34:56Z"),
        EventTimes.parseLocal("2014-01-01 12:34:56", EventTimes.NAB_FORMAT, NEW_YORK));
    assertEquals(
        Instant.parse("2014-07-01T09:04:56Z"),
        EventTimes.parseLocal("2014-07-01 12:34:56", EventTimes.NAB_FORMAT, ZoneOffset.of("+03:30")));
  }

  @Test
  void dstGapIsRejected() {
    EventTimes.BadTimestampException e = rejectLocal("2014-03-09 02:30:00", NEW_YORK);
    assertFalse(e.isOutOfRange(), "a DST gap is a bad timestamp, not out of range");
    assertTrue(e.getMessage().contains("2014-03-09 02:30:00"), e.getMessage());
    // Both edges of the gap: 02:00:00 does not exist, 01:59:59 and 03:00:00 do.
    rejectLocal("2014-03-09 02:00:00", NEW_YORK);
    rejectLocal("2014-03-09 02:59:59", NEW_YORK);
    rejectLocal("2014-03-30 02:30:00", PARIS);
  }

  @Test
  void aroundDstGapIsFine() throws Exception {
    assertEquals(
        Instant.parse("2014-03-09T06:59:59Z"),
        EventTimes.parseLocal("2014-03-09 01:59:59", EventTimes.NAB_FORMAT, NEW_YORK));
    assertEquals(
        Instant.parse("2014-03-09T07:00:00Z"),
        EventTimes.parseLocal("2014-03-09 03:00:00", EventTimes.NAB_FORMAT, NEW_YORK));
  }

  @Test
  void dstGapDoesNotExistInUtc() throws Exception {
    assertEquals(
        Instant.parse("2014-03-09T02:30:00Z"),
        EventTimes.parseLocal("2014-03-09 02:30:00", EventTimes.NAB_FORMAT, ZoneOffset.UTC));
  }

  @Test
  void dstOverlapTakesTheEarlierOffset() throws Exception {
    // 01:30 happens twice on 2014-11-02 in New York: first at -04:00 (EDT), then at -05:00.
    Instant ny = EventTimes.parseLocal("2014-11-02 01:30:00", EventTimes.NAB_FORMAT, NEW_YORK);
    assertEquals(Instant.parse("2014-11-02T05:30:00Z"), ny);
    assertEquals(
        ZonedDateTime.of(LocalDateTime.of(2014, 11, 2, 1, 30), NEW_YORK).toInstant().toEpochMilli(),
        ny.getMillis());
    // Paris, 2014-10-26 02:30 happens at +02:00 and then +01:00.
    assertEquals(
        Instant.parse("2014-10-26T00:30:00Z"),
        EventTimes.parseLocal("2014-10-26 02:30:00", EventTimes.NAB_FORMAT, PARIS));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2014-07-01T00:00:00",
        "2014-13-01 00:00:00",
        "2014-02-30 00:00:00",
        "2014-02-29 00:00:00",
        "2014-04-31 00:00:00",
        "2014-07-01 24:00:00",
        "2014-07-01 00:00",
        "2014-07-01 00:00:00 ",
        " 2014-07-01 00:00:00",
        "14-07-01 00:00:00",
        "",
        "garbage"
      })
  void badLayoutIsRejectedAndNotOutOfRange(String text) {
    EventTimes.BadTimestampException e = rejectLocal(text, ZoneOffset.UTC);
    assertFalse(e.isOutOfRange());
    assertTrue(e.getCause() instanceof DateTimeParseException, "cause: " + e.getCause());
  }

  @Test
  void parseLocalRange() throws Exception {
    assertEquals(
        EventTimes.MIN_PLAUSIBLE,
        EventTimes.parseLocal("1900-01-01 00:00:00", EventTimes.NAB_FORMAT, ZoneOffset.UTC));
    assertEquals(
        Instant.parse("2199-12-31T23:59:59Z"),
        EventTimes.parseLocal("2199-12-31 23:59:59", EventTimes.NAB_FORMAT, ZoneOffset.UTC));
    for (String text :
        new String[] {"1850-01-01 00:00:00", "1899-12-31 23:59:59", "2200-01-01 00:00:00", "9999-12-31 23:59:59", "0001-01-01 00:00:00"}) {
      EventTimes.BadTimestampException e = rejectLocal(text, ZoneOffset.UTC);
      assertTrue(e.isOutOfRange(), text);
      assertTrue(e.getMessage().contains(text), e.getMessage());
    }
  }

  @Test
  void rangeIsCheckedOnTheInstantNotTheLocalTime() throws Exception {
    // 1899-12-31 20:00 in New York (-05:00) is 1900-01-01T01:00Z: accepted.
    assertEquals(
        Instant.parse("1900-01-01T01:00:00Z"),
        EventTimes.parseLocal("1899-12-31 20:00:00", EventTimes.NAB_FORMAT, NEW_YORK));
    // 1900-01-01 00:30 at +01:00 is 1899-12-31T23:30Z: rejected.
    assertTrue(rejectLocal("1900-01-01 00:30:00", ZoneOffset.ofHours(1)).isOutOfRange());
    // 2199-12-31 23:00 at -02:00 is 2200-01-01T01:00Z: rejected.
    assertTrue(rejectLocal("2199-12-31 23:00:00", ZoneOffset.ofHours(-2)).isOutOfRange());
  }

  // ---------------------------------------------------------------- parseIso

  @Test
  void isoWithZ() throws Exception {
    assertEquals(
        Instant.parse("2014-07-01T00:00:00Z"), EventTimes.parseIso("2014-07-01T00:00:00Z", NEW_YORK));
  }

  @Test
  void isoWithOffsetIgnoresTheDefaultZone() throws Exception {
    Instant expected = Instant.parse("2014-07-01T00:00:00Z");
    assertEquals(expected, EventTimes.parseIso("2014-07-01T02:00:00+02:00", ZoneOffset.UTC));
    assertEquals(expected, EventTimes.parseIso("2014-07-01T02:00:00+02:00", NEW_YORK));
    assertEquals(expected, EventTimes.parseIso("2014-06-30T20:00:00-04:00", PARIS));
    assertEquals(expected, EventTimes.parseIso("2014-07-01T05:30:00+05:30", NEW_YORK));
  }

  @Test
  void isoWithOffsetInsideALocalGapIsFine() throws Exception {
    // The wall time of New York's gap is absolute once an offset is given.
    assertEquals(
        Instant.parse("2014-03-09T07:30:00Z"), EventTimes.parseIso("2014-03-09T02:30:00-05:00", NEW_YORK));
  }

  @Test
  void isoWithoutOffsetUsesTheDefaultZone() throws Exception {
    assertEquals(
        Instant.parse("2014-07-01T00:00:00Z"), EventTimes.parseIso("2014-07-01T00:00:00", ZoneOffset.UTC));
    assertEquals(
        Instant.parse("2014-07-01T04:00:00Z"), EventTimes.parseIso("2014-07-01T00:00:00", NEW_YORK));
    assertEquals(
        Instant.parse("2014-06-30T22:00:00Z"), EventTimes.parseIso("2014-07-01T00:00:00", PARIS));
  }

  @Test
  void isoWithoutOffsetInDstGapIsRejected() {
    EventTimes.BadTimestampException e = rejectIso("2014-03-09T02:30:00", NEW_YORK);
    assertFalse(e.isOutOfRange());
  }

  @Test
  void isoWithoutOffsetInOverlapTakesTheEarlierOffset() throws Exception {
    assertEquals(
        Instant.parse("2014-11-02T05:30:00Z"), EventTimes.parseIso("2014-11-02T01:30:00", NEW_YORK));
  }

  @Test
  void isoFractionsAreKeptToTheMillisecond() throws Exception {
    assertEquals(
        Instant.parse("2014-07-01T00:00:00.123Z"),
        EventTimes.parseIso("2014-07-01T00:00:00.123Z", ZoneOffset.UTC));
    assertEquals(
        Instant.parse("2014-07-01T00:00:00.123Z"),
        EventTimes.parseIso("2014-07-01T00:00:00.123456789Z", ZoneOffset.UTC));
    assertEquals(
        Instant.parse("2014-07-01T00:00:00.5Z"), EventTimes.parseIso("2014-07-01T00:00:00.5", ZoneOffset.UTC));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "now",
        "2014-07-01",
        "2014-07-01 00:00:00",
        "2014-07-01T00:00:00ZZ",
        "2014-13-01T00:00:00Z",
        "2014-02-30T00:00:00Z",
        "2014-02-30T00:00:00",
        "2014-07-01T25:00:00Z",
        "2014-07-01T00:00:00+19:00",
        "1404172800000",
        "2014-07-01T00:00:00Z[Europe/Paris]"
      })
  void badIsoIsRejectedAndNotOutOfRange(String text) {
    assertFalse(rejectIso(text, ZoneOffset.UTC).isOutOfRange());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1850-01-01T00:00:00Z",
        "1899-12-31T23:59:59.999Z",
        "2200-01-01T00:00:00Z",
        "1900-01-01T00:30:00+01:00",
        "1850-01-01T00:00:00",
        "+100000-01-01T00:00:00Z",
        "+999999999-12-31T23:59:59Z",
        "-999999999-01-01T00:00:00Z",
        "+999999999-12-31T23:59:59"
      })
  void isoOutOfRange(String text) {
    assertTrue(rejectIso(text, ZoneOffset.UTC).isOutOfRange(), text);
  }

  @Test
  void isoRangeBoundaries() throws Exception {
    assertEquals(EventTimes.MIN_PLAUSIBLE, EventTimes.parseIso("1900-01-01T00:00:00Z", ZoneOffset.UTC));
    assertEquals(
        EventTimes.MAX_PLAUSIBLE.minus(1),
        EventTimes.parseIso("2199-12-31T23:59:59.999Z", ZoneOffset.UTC));
  }

  // ---------------------------------------------------------------- fromEpochMillis

  @Test
  void epochMillisInRange() throws Exception {
    assertEquals(new Instant(0), EventTimes.fromEpochMillis(0));
    assertEquals(Instant.parse("2014-07-01T00:00:00Z"), EventTimes.fromEpochMillis(1_404_172_800_000L));
    assertEquals(EventTimes.MIN_PLAUSIBLE, EventTimes.fromEpochMillis(EventTimes.MIN_PLAUSIBLE.getMillis()));
    assertEquals(
        EventTimes.MAX_PLAUSIBLE.minus(1),
        EventTimes.fromEpochMillis(EventTimes.MAX_PLAUSIBLE.getMillis() - 1));
  }

  @Test
  void epochMillisOutOfRange() {
    for (long millis :
        new long[] {
          EventTimes.MIN_PLAUSIBLE.getMillis() - 1,
          EventTimes.MAX_PLAUSIBLE.getMillis(),
          1_404_172_800_000_000L, // microseconds read as millis
          Long.MAX_VALUE,
          Long.MIN_VALUE,
          -10_000_000_000_000L
        }) {
      EventTimes.BadTimestampException e = rejectMillis(millis);
      assertTrue(e.isOutOfRange(), Long.toString(millis));
      assertTrue(e.getMessage().contains(Long.toString(millis)), e.getMessage());
    }
  }

  @Test
  void nabFormatIsStrict() throws Exception {
    assertEquals(
        Instant.parse("2016-02-29T00:00:00Z"),
        EventTimes.parseLocal("2016-02-29 00:00:00", EventTimes.NAB_FORMAT, ZoneOffset.UTC));
    rejectLocal("2015-02-29 00:00:00", ZoneOffset.UTC);
  }
}
