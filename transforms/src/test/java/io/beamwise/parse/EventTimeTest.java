package io.beamwise.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** Plain unit tests of {@link EventTime}: no pipeline. */
class EventTimeTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final Instant T0 = t("2024-01-01T00:00:00.123Z");

  private static Instant t(String iso) {
    return Instant.parse(iso);
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  private static EventTimes.BadTimestampException reject(EventTime et, String text) {
    return assertThrows(
        EventTimes.BadTimestampException.class,
        () -> et.parse(text),
        () -> "expected '" + text + "' to be rejected by " + et);
  }

  private static EventTimes.BadTimestampException reject(EventTime et, JsonNode node) {
    return assertThrows(
        EventTimes.BadTimestampException.class,
        () -> et.parse(node),
        () -> "expected " + node + " to be rejected by " + et);
  }

  private static void assertBad(EventTimes.BadTimestampException e) {
    assertFalse(e.isOutOfRange(), () -> "expected a bad (not out-of-range) timestamp: " + e.getMessage());
  }

  private static void assertOutOfRange(EventTimes.BadTimestampException e) {
    assertTrue(e.isOutOfRange(), () -> "expected an out-of-range timestamp: " + e.getMessage());
  }

  // ------------------------------------------------------------------ ISO

  @Test
  void isoWithZOrOffsetIsAbsolute() throws Exception {
    EventTime iso = EventTime.iso("ts");
    assertEquals(t("2024-01-01T00:00:00Z"), iso.parse("2024-01-01T00:00:00Z"));
    assertEquals(t("2024-01-01T00:00:00Z"), iso.parse("2024-01-01T01:00:00+01:00"));
    assertEquals(t("2024-01-01T05:30:00Z"), iso.parse("2024-01-01T00:00:00-05:30"));
    // The zone only applies to local times: an explicit offset wins.
    assertEquals(t("2024-07-01T12:00:00Z"), iso.withZone(NEW_YORK).parse("2024-07-01T12:00:00Z"));
    assertEquals(
        t("2024-07-01T10:00:00Z"), iso.withZone(NEW_YORK).parse("2024-07-01T12:00:00+02:00"));
  }

  @Test
  void isoLocalTimeIsReadInUtcByDefault() throws Exception {
    assertEquals(t("2024-01-01T12:34:56Z"), EventTime.iso("ts").parse("2024-01-01T12:34:56"));
    assertEquals(ZoneOffset.UTC, EventTime.iso("ts").getZone());
  }

  @Test
  void isoFractionIsTruncatedToTheMillisecond() throws Exception {
    EventTime iso = EventTime.iso("ts");
    assertEquals(T0, iso.parse("2024-01-01T00:00:00.123Z"));
    assertEquals(T0, iso.parse("2024-01-01T00:00:00.123999999Z"));
    assertEquals(t("2024-01-01T00:00:00.100Z"), iso.parse("2024-01-01T00:00:00.1Z"));
  }

  @Test
  void isoSurroundingSpacesAndJsonStringsAreAccepted() throws Exception {
    EventTime iso = EventTime.iso("ts");
    assertEquals(t("2024-01-01T00:00:00Z"), iso.parse("  2024-01-01T00:00:00Z \t"));
    assertEquals(t("2024-01-01T00:00:00Z"), iso.parse(new TextNode("2024-01-01T00:00:00Z")));
  }

  @Test
  void isoRejectsNonIsoText() {
    EventTime iso = EventTime.iso("ts");
    for (String bad :
        new String[] {
          "yesterday", "", "2024-01-01", "2024-01-01 00:00:00", "01/01/2024 00:00",
          "2024-02-30T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01T25:00:00Z",
          "2024-01-01T00:00:00+25:00", "1704067200"
        }) {
      EventTimes.BadTimestampException e = reject(iso, bad);
      assertBad(e);
      if (!bad.isEmpty()) {
        assertTrue(e.getMessage().contains(bad), e.getMessage());
      }
    }
  }

  @Test
  void isoRejectsJsonNonStringsWithAMessageNamingTheField() throws Exception {
    EventTime iso = EventTime.iso("event_time");
    for (JsonNode node :
        new JsonNode[] {json("1704067200"), json("true"), json("{}"), json("[]"), NullNode.getInstance()}) {
      EventTimes.BadTimestampException e = reject(iso, node);
      assertBad(e);
      assertTrue(e.getMessage().contains("'event_time'"), e.getMessage());
      assertTrue(e.getMessage().contains("ISO-8601"), e.getMessage());
    }
  }

  @Test
  void isoOutsideTheDefaultRangeIsOutOfRange() throws Exception {
    EventTime iso = EventTime.iso("ts");
    assertEquals(EventTimes.MIN_PLAUSIBLE, iso.parse("1900-01-01T00:00:00Z"));
    assertEquals(t("2199-12-31T23:59:59.999Z"), iso.parse("2199-12-31T23:59:59.999Z"));
    for (String bad :
        new String[] {
          "1899-12-31T23:59:59.999Z", "2200-01-01T00:00:00Z", "0001-01-01T00:00:00Z",
          "+10000-01-01T00:00:00Z", "+999999999-12-31T23:59:59", "-999999999-01-01T00:00:00Z"
        }) {
      assertOutOfRange(reject(iso, bad));
    }
  }

  // ------------------------------------------------------------------ zones

  @Test
  void zoneAppliesToLocalTimes() throws Exception {
    EventTime ny = EventTime.iso("ts").withZone(NEW_YORK);
    assertEquals(NEW_YORK, ny.getZone());
    assertEquals(t("2024-07-01T16:00:00Z"), ny.parse("2024-07-01T12:00:00")); // EDT, -4
    assertEquals(t("2024-01-15T17:00:00Z"), ny.parse("2024-01-15T12:00:00")); // EST, -5
    assertEquals(
        t("2024-07-01T09:00:00Z"),
        EventTime.iso("ts").withZone(ZoneOffset.ofHours(3)).parse("2024-07-01T12:00:00"));
  }

  @Test
  void daylightSavingGapIsABadTimestamp() {
    EventTime ny = EventTime.iso("ts").withZone(NEW_YORK);
    for (String gap : new String[] {"2024-03-10T02:00:00", "2024-03-10T02:30:00", "2024-03-10T02:59:59.999"}) {
      EventTimes.BadTimestampException e = reject(ny, gap);
      assertBad(e);
      assertTrue(e.getMessage().contains(gap), e.getMessage());
      assertTrue(e.getMessage().contains("America/New_York"), e.getMessage());
    }
    EventTime pattern = EventTime.pattern("ts", "dd/MM/uuuu HH:mm").withZone(NEW_YORK);
    assertBad(reject(pattern, "10/03/2024 02:30"));
  }

  @Test
  void daylightSavingEdgesAndOverlap() throws Exception {
    EventTime ny = EventTime.iso("ts").withZone(NEW_YORK);
    assertEquals(t("2024-03-10T06:59:59Z"), ny.parse("2024-03-10T01:59:59")); // last EST second
    assertEquals(t("2024-03-10T07:00:00Z"), ny.parse("2024-03-10T03:00:00")); // first EDT second
    // 01:30 on 2024-11-03 happens twice; the earlier offset (EDT, -4) is taken.
    assertEquals(t("2024-11-03T05:30:00Z"), ny.parse("2024-11-03T01:30:00"));
  }

  @Test
  void zoneDoesNotAffectEpochNumbers() throws Exception {
    EventTime epoch = EventTime.epoch("ts", TimeUnit.SECONDS).withZone(NEW_YORK);
    assertEquals(t("2024-01-01T00:00:00Z"), epoch.parse("1704067200"));
  }

  @Test
  void zoneMustNotBeNull() {
    assertThrows(IllegalArgumentException.class, () -> EventTime.iso("ts").withZone(null));
  }

  // ------------------------------------------------------------------ epoch

  @Test
  void epochUnitsGiveTheSameInstant() throws Exception {
    assertEquals(T0, EventTime.epoch("ts", TimeUnit.SECONDS).parse(json("1704067200.123")));
    assertEquals(T0, EventTime.epoch("ts", TimeUnit.MILLISECONDS).parse(json("1704067200123")));
    assertEquals(T0, EventTime.epoch("ts", TimeUnit.MICROSECONDS).parse(json("1704067200123456")));
    assertEquals(T0, EventTime.epoch("ts", TimeUnit.NANOSECONDS).parse(json("1704067200123456789")));
    assertEquals(T0, EventTime.epoch("ts", TimeUnit.SECONDS).parse("1704067200.123"));
    assertEquals(T0, EventTime.epoch("ts", TimeUnit.MILLISECONDS).parse("1704067200123"));
    assertEquals(T0, EventTime.epoch("ts", TimeUnit.MICROSECONDS).parse("1704067200123456"));
    assertEquals(T0, EventTime.epoch("ts", TimeUnit.NANOSECONDS).parse("1704067200123456789"));
  }

  @Test
  void epochAcceptsAllJsonNumberNodes() throws Exception {
    EventTime seconds = EventTime.epoch("ts", TimeUnit.SECONDS);
    Instant expected = t("2024-01-01T00:00:00Z");
    assertEquals(expected, seconds.parse(IntNode.valueOf(1704067200)));
    assertEquals(expected, seconds.parse(LongNode.valueOf(1704067200L)));
    assertEquals(expected, seconds.parse(DoubleNode.valueOf(1704067200.0)));
    assertEquals(expected, seconds.parse(DecimalNode.valueOf(new BigDecimal("1704067200.000"))));
    assertEquals(expected, seconds.parse(BigIntegerNode.valueOf(BigInteger.valueOf(1704067200L))));
    assertEquals(expected, seconds.parse(json("1.7040672E9")));
  }

  @Test
  void epochFractionsAreTruncatedToTheMillisecondNotRounded() throws Exception {
    EventTime seconds = EventTime.epoch("ts", TimeUnit.SECONDS);
    assertEquals(T0, seconds.parse("1704067200.1239"));
    assertEquals(T0, seconds.parse(json("1704067200.1239")));
    assertEquals(T0, EventTime.epoch("ts", TimeUnit.MILLISECONDS).parse("1704067200123.999"));
    assertEquals(T0, EventTime.epoch("ts", TimeUnit.MICROSECONDS).parse("1704067200123999"));
    assertEquals(T0, EventTime.epoch("ts", TimeUnit.NANOSECONDS).parse("1704067200123999999"));
    // Before 1970 "truncated" means towards the past, as java.time.Instant#truncatedTo does.
    long javaTime =
        java.time.Instant.ofEpochSecond(0, -1_500_000)
            .truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
            .toEpochMilli();
    assertEquals(-2L, javaTime);
    assertEquals(new Instant(javaTime), seconds.parse("-0.0015"));
    assertEquals(new Instant(-2L), EventTime.epoch("ts", TimeUnit.MILLISECONDS).parse("-1.5"));
  }

  @Test
  void epochNumericStringsAndTheirSyntax() throws Exception {
    EventTime seconds = EventTime.epoch("ts", TimeUnit.SECONDS);
    Instant expected = t("2024-01-01T00:00:00Z");
    assertEquals(expected, seconds.parse(new TextNode("1704067200")));
    assertEquals(expected, seconds.parse(" 1704067200 "));
    assertEquals(expected, seconds.parse("+1704067200"));
    assertEquals(expected, seconds.parse("1704067200."));
    assertEquals(new Instant(500), seconds.parse(".5"));
    assertEquals(t("1969-12-31T23:59:59Z"), seconds.parse("-1"));
    for (String bad : new String[] {"", "abc", "12x", "0x10", "1,5", "1 000", "--1", "NaN", "Infinity", "2024-01-01T00:00:00Z"}) {
      assertBad(reject(seconds, bad));
    }
  }

  @Test
  void epochErrorMessagesNameTheFieldAndTheUnit() throws Exception {
    EventTime millis = EventTime.epoch("created_at", TimeUnit.MILLISECONDS);
    EventTimes.BadTimestampException text = reject(millis, "soon");
    assertBad(text);
    assertTrue(text.getMessage().contains("'created_at'"), text.getMessage());
    assertTrue(text.getMessage().contains("epoch milliseconds"), text.getMessage());
    assertTrue(text.getMessage().contains("soon"), text.getMessage());
    for (JsonNode node : new JsonNode[] {BooleanNode.TRUE, json("{\"s\":1}"), json("[1]"), NullNode.getInstance()}) {
      EventTimes.BadTimestampException e = reject(millis, node);
      assertBad(e);
      assertTrue(e.getMessage().contains("'created_at'"), e.getMessage());
    }
    EventTimes.BadTimestampException range = reject(millis, "100000000000000000000");
    assertOutOfRange(range);
    assertTrue(range.getMessage().contains("epoch milliseconds"), range.getMessage());
  }

  @Test
  void epochOutsideTheDefaultRange() throws Exception {
    EventTime millis = EventTime.epoch("ts", TimeUnit.MILLISECONDS);
    assertEquals(EventTimes.MIN_PLAUSIBLE, millis.parse("-2208988800000"));
    assertEquals(t("2199-12-31T23:59:59.999Z"), millis.parse("7258118399999.9"));
    assertOutOfRange(reject(millis, "-2208988800000.5"));
    assertOutOfRange(reject(millis, "7258118400000"));
    // The classic unit mistake: milliseconds read as seconds land far in the future.
    assertOutOfRange(reject(EventTime.epoch("ts", TimeUnit.SECONDS), json("1704067200123")));
    assertOutOfRange(reject(EventTime.epoch("ts", TimeUnit.SECONDS), "-1704067200123"));
  }

  @Test
  void epochRejectsUnitsOtherThanSecondsToNanos() {
    for (TimeUnit unit : new TimeUnit[] {TimeUnit.HOURS, TimeUnit.MINUTES, TimeUnit.DAYS}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> EventTime.epoch("ts", unit));
      assertTrue(e.getMessage().contains(unit.name()), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> EventTime.isoOrEpoch("ts", unit));
    }
    assertThrows(IllegalArgumentException.class, () -> EventTime.epoch("ts", null));
  }

  // ------------------------------------------------------------------ pattern

  @Test
  void patternParsesStrictlyInTheZone() throws Exception {
    EventTime p = EventTime.pattern("ts", "dd/MM/uuuu HH:mm");
    assertEquals(t("2024-07-01T12:30:00Z"), p.parse("01/07/2024 12:30"));
    assertEquals(t("2024-07-01T12:30:00Z"), p.parse(new TextNode("01/07/2024 12:30")));
    assertEquals(t("2024-07-01T16:30:00Z"), p.withZone(NEW_YORK).parse("01/07/2024 12:30"));
    for (String bad :
        new String[] {"2024-07-01 12:30", "31/02/2024 10:00", "1/7/2024 12:30", "01/07/2024 12:30:00", "01/07/2024", "32/01/2024 00:00"}) {
      EventTimes.BadTimestampException e = reject(p, bad);
      assertBad(e);
      assertTrue(e.getMessage().contains(bad), e.getMessage());
    }
    assertOutOfRange(reject(p, "01/01/1850 00:00"));
    assertOutOfRange(reject(p, "01/01/2200 00:00"));
  }

  @Test
  void patternWithAnOffsetIsAbsolute() throws Exception {
    EventTime p = EventTime.pattern("ts", "uuuu-MM-dd HH:mm XXX").withZone(NEW_YORK);
    assertEquals(t("2024-07-01T10:30:00Z"), p.parse("2024-07-01 12:30 +02:00"));
    assertOutOfRange(reject(p, "2300-07-01 12:30 +02:00"));
  }

  @Test
  void patternMustDescribeADateAndATime() {
    // A date alone, or a year-of-era (yyyy) under strict resolution, never yields a date-time.
    assertBad(reject(EventTime.pattern("ts", "uuuu-MM-dd"), "2024-07-01"));
    assertBad(reject(EventTime.pattern("ts", "dd/MM/yyyy HH:mm"), "01/07/2024 12:30"));
  }

  @Test
  void patternJsonNonStringNamesTheField() throws Exception {
    EventTimes.BadTimestampException e =
        reject(EventTime.pattern("when", "dd/MM/uuuu HH:mm"), json("1704067200"));
    assertBad(e);
    assertTrue(e.getMessage().contains("'when'"), e.getMessage());
    assertTrue(e.getMessage().contains("dd/MM/uuuu HH:mm"), e.getMessage());
  }

  @Test
  void invalidPatternsFailAtConstruction() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EventTime.pattern("ts", "dd/MM/uuuu {"));
    assertTrue(e.getMessage().contains("dd/MM/uuuu {"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> EventTime.pattern("ts", ""));
    assertThrows(IllegalArgumentException.class, () -> EventTime.pattern("ts", null));
    assertThrows(IllegalArgumentException.class, () -> EventTime.pattern("", "uuuu"));
    assertThrows(IllegalArgumentException.class, () -> EventTime.iso(""));
    assertThrows(IllegalArgumentException.class, () -> EventTime.iso(null));
  }

  // ------------------------------------------------------------------ isoOrEpoch

  @Test
  void isoOrEpochReadsStringsAsIsoAndNumbersAsEpoch() throws Exception {
    EventTime either = EventTime.isoOrEpoch("ts", TimeUnit.MILLISECONDS);
    assertEquals(T0, either.parse(json("1704067200123")));
    assertEquals(T0, either.parse(new TextNode("2024-01-01T00:00:00.123Z")));
    assertEquals(T0, either.parse("2024-01-01T00:00:00.123Z"));
    // A string is ISO-8601, even when it holds digits.
    assertBad(reject(either, new TextNode("1704067200123")));
    assertBad(reject(either, "1704067200123"));
    assertBad(reject(either, BooleanNode.FALSE));
    assertOutOfRange(reject(either, json("7258118400000")));
    assertOutOfRange(reject(either, "2200-01-01T00:00:00Z"));
    assertEquals(EventTime.Format.ISO_OR_EPOCH, either.getFormat());
  }

  // ------------------------------------------------------------------ bounds

  @Test
  void boundsAreHalfOpenForEveryFormat() throws Exception {
    Instant min = t("2024-01-01T00:00:00Z");
    Instant max = t("2025-01-01T00:00:00Z");
    EventTime iso = EventTime.iso("ts").withBounds(min, max);
    assertEquals(min, iso.getMin());
    assertEquals(max, iso.getMax());
    assertEquals(min, iso.parse("2024-01-01T00:00:00Z"));
    assertEquals(t("2024-12-31T23:59:59.999Z"), iso.parse("2024-12-31T23:59:59.999Z"));
    assertOutOfRange(reject(iso, "2023-12-31T23:59:59.999Z"));
    EventTimes.BadTimestampException atMax = reject(iso, "2025-01-01T00:00:00Z");
    assertOutOfRange(atMax);
    assertTrue(atMax.getMessage().contains("2025-01-01T00:00:00Z"), atMax.getMessage());
    assertTrue(atMax.getMessage().contains(max.toString()), atMax.getMessage());

    EventTime epoch = EventTime.epoch("ts", TimeUnit.SECONDS).withBounds(min, max);
    assertEquals(min, epoch.parse("1704067200"));
    assertOutOfRange(reject(epoch, "1704067199.999"));
    assertOutOfRange(reject(epoch, json("1735689600")));
    assertEquals(t("2024-12-31T23:59:59.999Z"), epoch.parse(json("1735689599.9999")));

    EventTime pattern = EventTime.pattern("ts", "dd/MM/uuuu HH:mm").withBounds(min, max);
    assertEquals(min, pattern.parse("01/01/2024 00:00"));
    assertOutOfRange(reject(pattern, "31/12/2023 23:59"));
    assertOutOfRange(reject(pattern, "01/01/2025 00:00"));
  }

  @Test
  void boundsWithAZoneApplyToTheInstant() throws Exception {
    EventTime ny =
        EventTime.iso("ts")
            .withZone(NEW_YORK)
            .withBounds(t("2024-01-01T00:00:00Z"), t("2025-01-01T00:00:00Z"));
    // 2023-12-31T19:00 in New York is 2024-01-01T00:00Z: inside.
    assertEquals(t("2024-01-01T00:00:00Z"), ny.parse("2023-12-31T19:00:00"));
    assertOutOfRange(reject(ny, "2023-12-31T18:59:59"));
  }

  @Test
  void boundsCanOnlyNarrowTheDefaultRange() {
    Instant min = t("2024-01-01T00:00:00Z");
    Instant max = t("2025-01-01T00:00:00Z");
    assertThrows(
        IllegalArgumentException.class,
        () -> EventTime.iso("ts").withBounds(t("1800-01-01T00:00:00Z"), max));
    assertThrows(
        IllegalArgumentException.class,
        () -> EventTime.iso("ts").withBounds(min, t("2300-01-01T00:00:00Z")));
    assertThrows(IllegalArgumentException.class, () -> EventTime.iso("ts").withBounds(max, min));
    assertThrows(IllegalArgumentException.class, () -> EventTime.iso("ts").withBounds(min, min));
    assertThrows(IllegalArgumentException.class, () -> EventTime.iso("ts").withBounds(null, max));
    assertThrows(IllegalArgumentException.class, () -> EventTime.iso("ts").withBounds(min, null));
    // The full default range itself is allowed.
    EventTime full = EventTime.iso("ts").withBounds(EventTimes.MIN_PLAUSIBLE, EventTimes.MAX_PLAUSIBLE);
    assertEquals(EventTimes.MIN_PLAUSIBLE, full.getMin());
    assertEquals(EventTimes.MAX_PLAUSIBLE, full.getMax());
  }

  @Test
  void defaultsAndAccessors() {
    EventTime iso = EventTime.iso("ts");
    assertEquals("ts", iso.getField());
    assertEquals(EventTime.Format.ISO, iso.getFormat());
    assertEquals(EventTimes.MIN_PLAUSIBLE, iso.getMin());
    assertEquals(EventTimes.MAX_PLAUSIBLE, iso.getMax());
    assertEquals(EventTime.Format.EPOCH, EventTime.epoch("x", TimeUnit.SECONDS).getFormat());
    assertEquals(EventTime.Format.PATTERN, EventTime.pattern("x", "uuuu").getFormat());
    // withX returns a new object: the original keeps its settings.
    iso.withZone(NEW_YORK);
    assertEquals(ZoneOffset.UTC, iso.getZone());
  }

  @Test
  void survivesJavaSerializationIncludingThePatternFormatter() throws Exception {
    EventTime original =
        EventTime.pattern("ts", "dd/MM/uuuu HH:mm")
            .withZone(NEW_YORK)
            .withBounds(t("2024-01-01T00:00:00Z"), t("2025-01-01T00:00:00Z"));
    original.parse("01/07/2024 12:30"); // initialise the transient formatter
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(original);
    }
    EventTime copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (EventTime) in.readObject();
    }
    assertEquals(t("2024-07-01T16:30:00Z"), copy.parse("01/07/2024 12:30"));
    assertOutOfRange(reject(copy, "01/07/2025 12:30"));
  }

  // ------------------------------------------------------------------ absurd inputs

  @Test
  void absurdNumbersAreRejectedQuicklyAsOutOfRange() {
    EventTime seconds = EventTime.epoch("ts", TimeUnit.SECONDS);
    EventTime nanos = EventTime.epoch("ts", TimeUnit.NANOSECONDS);
    String tenThousandDigits = "9".repeat(10_000);
    assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () -> {
          assertOutOfRange(reject(seconds, json("1e999999999")));
          assertOutOfRange(reject(seconds, json("-1e999999999")));
          assertOutOfRange(reject(seconds, DecimalNode.valueOf(new BigDecimal("1e999999999"))));
          assertOutOfRange(reject(nanos, DecimalNode.valueOf(new BigDecimal("-1e999999999"))));
          assertOutOfRange(reject(seconds, tenThousandDigits));
          assertOutOfRange(reject(seconds, "-" + tenThousandDigits));
          assertOutOfRange(reject(nanos, tenThousandDigits + ".5"));
          assertOutOfRange(reject(seconds, BigIntegerNode.valueOf(new BigInteger(tenThousandDigits))));
          assertOutOfRange(
              reject(seconds, DecimalNode.valueOf(new BigDecimal(tenThousandDigits + "." + tenThousandDigits))));
          assertOutOfRange(
              reject(EventTime.isoOrEpoch("ts", TimeUnit.MILLISECONDS), json("1e999999999")));
          assertOutOfRange(reject(EventTime.iso("ts"), "+999999999-01-01T00:00:00Z"));
          // As text, an exponent is not epoch syntax at all: rejected (as a bad timestamp), quickly.
          reject(seconds, "1e999999999");
        });
  }

  @Test
  void absurdlyLongButSmallNumbersAreReadQuickly() {
    EventTime seconds = EventTime.epoch("ts", TimeUnit.SECONDS);
    String tinyFraction = "0." + "0".repeat(10_000) + "1";
    String leadingZeros = "0".repeat(10_000) + "1704067200";
    assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () -> {
          assertEquals(new Instant(0), seconds.parse(tinyFraction));
          assertEquals(t("2024-01-01T00:00:00Z"), seconds.parse(leadingZeros));
          assertEquals(new Instant(0), seconds.parse(json("1e-999999999")));
        });
  }

  @Test
  void tinyDecimalWithAHugeNegativeExponentIsReadQuicklyAsEpochZero() throws Exception {
    ObjectMapper bigDecimals =
        new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    JsonNode huge = bigDecimals.readTree("1e-999999999");
    JsonNode large = bigDecimals.readTree("1e-9999999");
    EventTime seconds = EventTime.epoch("ts", TimeUnit.SECONDS);
    assertTimeoutPreemptively(
        Duration.ofSeconds(2),
        () -> {
          assertEquals(new Instant(0), seconds.parse(huge));
          assertEquals(new Instant(0), seconds.parse(large));
          assertEquals(new Instant(-1), seconds.parse(DecimalNode.valueOf(new BigDecimal("-1e-999999999"))));
        });
  }

  /** Integral JSON numbers take a long-arithmetic path; it must agree with the exact one. */
  @Test
  void integralEpochNumbersAgreeWithTheExactDecimalPath() throws Exception {
    long[] amounts = {
      0, 1, -1, 999, -999, 1000, -1001, 1_704_067_200_123L, -2_208_988_800_000L,
      7_258_118_399_999L, 7_258_118_400_000L, 7_258_118_400L, -2_208_988_801L,
      1_704_067_200_123_456L, -1_704_067_200_123_457L, 1_704_067_200_123_456_789L,
      Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE / 1000, Long.MIN_VALUE / 1000 - 1
    };
    for (TimeUnit unit :
        new TimeUnit[] {TimeUnit.SECONDS, TimeUnit.MILLISECONDS, TimeUnit.MICROSECONDS, TimeUnit.NANOSECONDS}) {
      EventTime t = EventTime.epoch("ts", unit);
      for (long amount : amounts) {
        // DecimalNode goes the BigDecimal way; LongNode the long way.
        String exact = outcome(t, DecimalNode.valueOf(new BigDecimal(amount)));
        assertEquals(exact, outcome(t, LongNode.valueOf(amount)), unit + " " + amount);
        if (amount == (int) amount) {
          assertEquals(exact, outcome(t, IntNode.valueOf((int) amount)), unit + " " + amount);
        }
      }
    }
  }

  private static String outcome(EventTime t, JsonNode value) {
    try {
      return "ok " + t.parse(value).getMillis();
    } catch (EventTimes.BadTimestampException e) {
      return "bad " + e.isOutOfRange() + " " + e.getMessage();
    }
  }
}
