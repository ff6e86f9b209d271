package io.beamwise.parse;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.beamwise.failure.Failure.Reasons;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.Set;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonReadingParserTest {

  private static final String SOURCE = "/data/readings.jsonl";
  private static final JsonReadingParser UTC = new JsonReadingParser(ZoneOffset.UTC);
  private static final Instant JULY_1 = Instant.parse("2014-07-01T00:00:00Z");

  /** The failure reasons JsonReadingParser documents. */
  static final Set<String> DOCUMENTED_REASONS =
      Set.of(
          Reasons.EMPTY_LINE,
          Reasons.INVALID_UTF8,
          Reasons.PAYLOAD_TOO_LARGE,
          Reasons.BAD_VALUE,
          Reasons.MALFORMED_JSON,
          Reasons.MISSING_FIELD,
          Reasons.WRONG_TYPE,
          Reasons.BAD_TIMESTAMP,
          Reasons.TIMESTAMP_OUT_OF_RANGE,
          Reasons.NON_FINITE_VALUE);

  private static ParseOutcome<SensorReading> parse(String text) {
    return UTC.parse(SourceLine.of(SOURCE, 3, text));
  }

  /** A reading line with the given raw JSON for each field (null leaves the field out). */
  private static String json(String sensor, String ts, String value) {
    StringBuilder b = new StringBuilder("{");
    String sep = "";
    if (sensor != null) {
      b.append("\"sensor\":").append(sensor);
      sep = ",";
    }
    if (ts != null) {
      b.append(sep).append("\"ts\":").append(ts);
      sep = ",";
    }
    if (value != null) {
      b.append(sep).append("\"value\":").append(value);
    }
    return b.append('}').toString();
  }

  private static void assertFailure(String reason, ParseOutcome<SensorReading> outcome) {
    assertNotNull(outcome);
    assertEquals(ParseOutcome.Kind.FAILURE, outcome.kind(), () -> "outcome: " + outcome);
    assertEquals(reason, outcome.reason(), () -> "outcome: " + outcome);
    assertNotNull(outcome.message());
    assertNull(outcome.value());
  }

  private static SensorReading assertReading(ParseOutcome<SensorReading> outcome) {
    assertNotNull(outcome);
    assertEquals(ParseOutcome.Kind.RECORD, outcome.kind(), () -> "outcome: " + outcome);
    assertNotNull(outcome.value());
    return outcome.value();
  }

  // ---------------------------------------------------------------- valid

  @Test
  void validWithIsoZ() {
    SensorReading r =
        assertReading(
            UTC.parse(
                SourceLine.of(
                    SOURCE, 17, "{\"sensor\": \"room-1\", \"ts\": \"2014-07-01T00:00:00Z\", \"value\": 21.5}")));
    assertAll(
        () -> assertEquals("room-1", r.getSensor()),
        () -> assertEquals(JULY_1, r.getTimestamp()),
        () -> assertEquals(21.5, r.getValue()),
        () -> assertEquals(SOURCE, r.getSource()),
        () -> assertEquals(17, r.getLine()));
  }

  @Test
  void validWithOffset() {
    SensorReading r = assertReading(parse(json("\"s\"", "\"2014-07-01T02:00:00+02:00\"", "1")));
    assertEquals(JULY_1, r.getTimestamp());
    r = assertReading(parse(json("\"s\"", "\"2014-06-30T18:30:00-05:30\"", "1")));
    assertEquals(JULY_1, r.getTimestamp());
  }

  @Test
  void offsetOrZIsNotAffectedByTheDefaultZone() {
    JsonReadingParser ny = new JsonReadingParser(ZoneId.of("America/New_York"));
    assertEquals(
        JULY_1,
        assertReading(ny.parse(SourceLine.of(SOURCE, 1, json("\"s\"", "\"2014-07-01T00:00:00Z\"", "1"))))
            .getTimestamp());
    assertEquals(
        JULY_1,
        assertReading(
                ny.parse(SourceLine.of(SOURCE, 1, json("\"s\"", "\"2014-07-01T02:00:00+02:00\"", "1"))))
            .getTimestamp());
  }

  @Test
  void withoutOffsetTheDefaultZoneApplies() {
    assertEquals(
        JULY_1, assertReading(parse(json("\"s\"", "\"2014-07-01T00:00:00\"", "1"))).getTimestamp());
    JsonReadingParser ny = new JsonReadingParser(ZoneId.of("America/New_York"));
    assertEquals(
        Instant.parse("2014-07-01T04:00:00Z"),
        assertReading(ny.parse(SourceLine.of(SOURCE, 1, json("\"s\"", "\"2014-07-01T00:00:00\"", "1"))))
            .getTimestamp());
  }

  @Test
  void localTimeInDstGapIsABadTimestamp() {
    JsonReadingParser ny = new JsonReadingParser(ZoneId.of("America/New_York"));
    assertFailure(
        Reasons.BAD_TIMESTAMP,
        ny.parse(SourceLine.of(SOURCE, 1, json("\"s\"", "\"2014-03-09T02:30:00\"", "1"))));
    // With an explicit offset the same wall time is fine.
    assertEquals(
        Instant.parse("2014-03-09T07:30:00Z"),
        assertReading(
                ny.parse(SourceLine.of(SOURCE, 1, json("\"s\"", "\"2014-03-09T02:30:00-05:00\"", "1"))))
            .getTimestamp());
  }

  @Test
  void fractionalSecondsKeepMillis() {
    assertEquals(
        Instant.parse("2014-07-01T00:00:00.250Z"),
        assertReading(parse(json("\"s\"", "\"2014-07-01T00:00:00.250Z\"", "1"))).getTimestamp());
  }

  @Test
  void epochMillisNumber() {
    assertEquals(JULY_1, assertReading(parse(json("\"s\"", "1404172800000", "1"))).getTimestamp());
    assertEquals(
        new Instant(0), assertReading(parse(json("\"s\"", "0", "1"))).getTimestamp());
  }

  @Test
  void integerValueIsADouble() {
    assertEquals(12.0, assertReading(parse(json("\"s\"", "1404172800000", "12"))).getValue());
    assertEquals(-0.001, assertReading(parse(json("\"s\"", "1404172800000", "-1e-3"))).getValue());
  }

  @Test
  void extraFieldsAreIgnored() {
    SensorReading r =
        assertReading(
            parse(
                "{\"unit\":\"C\",\"sensor\":\"s\",\"meta\":{\"a\":[1,2,{}]},\"ts\":1404172800000,"
                    + "\"value\":3,\"value2\":\"x\",\"n\":null}"));
    assertEquals("s", r.getSensor());
    assertEquals(3.0, r.getValue());
  }

  @Test
  void fieldOrderDoesNotMatter() {
    SensorReading r = assertReading(parse("{\"value\":3,\"ts\":1404172800000,\"sensor\":\"s\"}"));
    assertEquals("s", r.getSensor());
    assertEquals(JULY_1, r.getTimestamp());
  }

  @Test
  void oneMegabyteLineDoesNotThrow() {
    // Just under the 1 MiB payload limit: a valid record with a large ignored field.
    String big = "x".repeat((1 << 20) - 100);
    SensorReading r =
        assertReading(parse("{\"sensor\":\"s\",\"ts\":1404172800000,\"value\":1,\"blob\":\"" + big + "\"}"));
    assertEquals(1.0, r.getValue());
    // Over the limit: dead-lettered before it is parsed.
    String huge = "x".repeat(1 << 20);
    assertFailure(
        Reasons.PAYLOAD_TOO_LARGE,
        parse("{\"sensor\":\"s\",\"ts\":1404172800000,\"value\":1,\"blob\":\"" + huge + "\"}"));
    // A 1 MB number is not acceptable JSON for Jackson's read constraints, and must not throw.
    ParseOutcome<SensorReading> hugeNumber = parse(json("\"s\"", "1404172800000", "1".repeat(1 << 20)));
    assertEquals(ParseOutcome.Kind.FAILURE, hugeNumber.kind());
    // Unbalanced brackets, just under the limit.
    assertFailure(Reasons.MALFORMED_JSON, parse("[".repeat((1 << 20) - 1)));
    assertFailure(Reasons.MALFORMED_JSON, parse("{\"sensor\":\"" + big));
  }

  // ---------------------------------------------------------------- ts failures

  @Test
  void fractionalEpochMillisAreTruncatedToTheMillisecond() {
    assertEquals(
        Instant.ofEpochMilli(1_500_000_000_000L),
        assertReading(parse(json("\"s\"", "1.5e12", "1"))).getTimestamp());
    assertEquals(JULY_1, assertReading(parse(json("\"s\"", "1404172800000.5", "1"))).getTimestamp());
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "false", "{}", "[1404172800000]", "{\"ms\":1404172800000}"})
  void tsOfAnotherTypeIsABadTimestamp(String ts) {
    assertFailure(Reasons.BAD_TIMESTAMP, parse(json("\"s\"", ts, "1")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"\"",
        "\"yesterday\"",
        "\"1404172800000\"",
        "\"2014-07-01\"",
        "\"2014-07-01 00:00:00\"",
        "\"2014-13-01T00:00:00Z\"",
        "\"2014-02-30T00:00:00Z\"",
        "\"2014-07-01T00:00:00+25:00\"",
        "\"2014-07-01T00:00:00Z[UTC]x\""
      })
  void tsStringThatIsNotIsoIsABadTimestamp(String ts) {
    assertFailure(Reasons.BAD_TIMESTAMP, parse(json("\"s\"", ts, "1")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"1850-01-01T00:00:00Z\"",
        "\"2200-01-01T00:00:00Z\"",
        "\"1850-01-01T00:00:00\"",
        "\"+999999999-12-31T23:59:59Z\"",
        "\"-999999999-01-01T00:00:00Z\"",
        "1404172800000000",
        "-2208988800001",
        "7258118400000",
        "9223372036854775807",
        "-9223372036854775808",
        "100000000000000000000"
      })
  void tsOutOfRange(String ts) {
    assertFailure(Reasons.TIMESTAMP_OUT_OF_RANGE, parse(json("\"s\"", ts, "1")));
  }

  @Test
  void tsRangeBoundaries() {
    assertEquals(
        EventTimes.MIN_PLAUSIBLE,
        assertReading(parse(json("\"s\"", "-2208988800000", "1"))).getTimestamp());
    assertEquals(
        new Instant(7258118399999L),
        assertReading(parse(json("\"s\"", "7258118399999", "1"))).getTimestamp());
  }

  // ---------------------------------------------------------------- missing / null / wrong type

  @Test
  void missingEachField() {
    for (String[] c :
        new String[][] {
          {"sensor", json(null, "1404172800000", "1")},
          {"ts", json("\"s\"", null, "1")},
          {"value", json("\"s\"", "1404172800000", null)},
        }) {
      ParseOutcome<SensorReading> o = parse(c[1]);
      assertFailure(Reasons.MISSING_FIELD, o);
      assertTrue(o.message().contains(c[0]), () -> "message should name " + c[0] + ": " + o.message());
    }
    assertFailure(Reasons.MISSING_FIELD, parse("{}"));
  }

  @Test
  void nullFieldIsMissing() {
    assertFailure(Reasons.MISSING_FIELD, parse(json("null", "1404172800000", "1")));
    assertFailure(Reasons.MISSING_FIELD, parse(json("\"s\"", "null", "1")));
    assertFailure(Reasons.MISSING_FIELD, parse(json("\"s\"", "1404172800000", "null")));
  }

  @Test
  void fieldNamesAreCaseSensitive() {
    assertFailure(Reasons.MISSING_FIELD, parse("{\"Sensor\":\"s\",\"ts\":1404172800000,\"value\":1}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "[1]", "{\"v\":1}", "{}"})
  void valueOfWrongType(String value) {
    assertFailure(Reasons.WRONG_TYPE, parse(json("\"s\"", "1404172800000", value)));
  }

  @Test
  void numericStringValueIsCoercedAndOtherStringsAreNot() {
    assertEquals(12.5, assertReading(parse(json("\"s\"", "1404172800000", "\"12.5\""))).getValue());
    assertFailure(Reasons.NON_FINITE_VALUE, parse(json("\"s\"", "1404172800000", "\"NaN\"")));
    assertFailure(Reasons.BAD_VALUE, parse(json("\"s\"", "1404172800000", "\"12,5\"")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"42", "4.2", "true", "[\"s\"]", "{\"id\":\"s\"}", "\"\"", "\" \"", "\"\\t \""})
  void sensorOfWrongTypeOrBlank(String sensor) {
    assertFailure(Reasons.WRONG_TYPE, parse(json(sensor, "1404172800000", "1")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "[{\"sensor\":\"s\",\"ts\":1404172800000,\"value\":1}]", "42", "\"s\"", "null", "true"})
  void topLevelNonObjectIsWrongType(String text) {
    assertFailure(Reasons.WRONG_TYPE, parse(text));
  }

  // ---------------------------------------------------------------- malformed

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"sensor\":\"s\",\"ts\":1404172800000,\"value\":1",
        "{\"sensor\":\"s\",\"ts\":14041728",
        "{\"sensor\":\"s",
        "{",
        "{\"sensor\":\"s\",\"ts\":1404172800000,\"value\":1} x",
        "{\"sensor\":\"s\",\"ts\":1404172800000,\"value\":1}}",
        "{\"sensor\":\"s\",\"ts\":1404172800000,\"value\":1}{}",
        "{\"sensor\":\"s\",\"ts\":1404172800000,\"value\":1},",
        "{\"sensor\":\"s\",\"ts\":1404172800000,\"value\":1,}",
        "{'sensor':'s','ts':1404172800000,'value':1}",
        "{sensor:\"s\",\"ts\":1404172800000,\"value\":1}",
        "{\"sensor\":\"s\",\"ts\":1404172800000,\"value\":01}",
        "{\"sensor\":\"s\",\"ts\":1404172800000,\"value\":.5}",
        "{\"sensor\":\"s\",\"ts\":1404172800000,\"value\":+1}",
        "{\"sensor\":\"s\",\"ts\":1404172800000,\"value\":1} // comment",
        "sensor=s ts=1 value=1",
        "2014-07-01 00:00:00,1"
      })
  void malformedJson(String text) {
    assertFailure(Reasons.MALFORMED_JSON, parse(text));
  }

  @Test
  void duplicateKeyIsMalformed() {
    assertFailure(
        Reasons.MALFORMED_JSON,
        parse("{\"sensor\":\"a\",\"sensor\":\"b\",\"ts\":1404172800000,\"value\":1}"));
    // Even a duplicate of an ignored field, or one with the same value.
    assertFailure(
        Reasons.MALFORMED_JSON,
        parse("{\"sensor\":\"a\",\"x\":1,\"x\":1,\"ts\":1404172800000,\"value\":1}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "+Infinity"})
  void nonFiniteLiteralIsMalformed(String literal) {
    assertFailure(Reasons.MALFORMED_JSON, parse(json("\"s\"", "1404172800000", literal)));
  }

  @Test
  void trailingWhitespaceIsFine() {
    assertReading(parse(json("\"s\"", "1404172800000", "1") + "   "));
    assertReading(parse("  " + json("\"s\"", "1404172800000", "1") + "\t"));
  }

  // ---------------------------------------------------------------- value overflow

  @ParameterizedTest
  @ValueSource(strings = {"1e400", "-1e400", "1E309"})
  void overflowingValueIsNonFinite(String value) {
    assertFailure(Reasons.NON_FINITE_VALUE, parse(json("\"s\"", "1404172800000", value)));
  }

  @Test
  void hugeIntegerValueIsNonFinite() {
    // 400 digits: a legal JSON integer that no double can hold.
    assertFailure(
        Reasons.NON_FINITE_VALUE, parse(json("\"s\"", "1404172800000", "9".repeat(400))));
  }

  // ---------------------------------------------------------------- line-level

  @Test
  void emptyAndWhitespaceLines() {
    assertFailure(Reasons.EMPTY_LINE, parse(""));
    assertFailure(Reasons.EMPTY_LINE, parse("   "));
    assertFailure(Reasons.EMPTY_LINE, parse("\t \t"));
  }

  @Test
  void invalidUtf8Flag() {
    assertFailure(
        Reasons.INVALID_UTF8,
        UTC.parse(SourceLine.create(SOURCE, 1, "{\"sensor\":\"\uFFFD\",\"ts\":1404172800000,\"value\":1}", true)));
    assertFailure(
        Reasons.INVALID_UTF8,
        UTC.parse(SourceLine.create(SOURCE, 1, json("\"s\"", "1404172800000", "1"), true)));
  }

  // ---------------------------------------------------------------- never throws

  @Test
  void neverThrowsOnRandomAndMutatedInput() {
    Random random = new Random(987654321L);
    String[] seeds = {
      json("\"s\"", "\"2014-07-01T00:00:00Z\"", "21.5"),
      json("\"s\"", "\"2014-07-01T02:00:00+02:00\"", "-1e-3"),
      json("\"s\"", "\"2014-03-09T02:30:00\"", "1"),
      json("\"s\"", "1404172800000", "1"),
      json("\"s\"", "1.5e12", "\"1\""),
      "{\"sensor\":\"a\",\"meta\":{\"x\":[1,2,{\"y\":null}]},\"ts\":0,\"value\":0}",
      "[]",
      "",
    };
    JsonReadingParser ny = new JsonReadingParser(ZoneId.of("America/New_York"));
    for (int i = 0; i < 2000; i++) {
      String text =
          random.nextInt(4) == 0
              ? RandomText.random(random)
              : RandomText.mutate(random, seeds[random.nextInt(seeds.length)]);
      long line = 1 + random.nextInt(1000);
      SourceLine input = SourceLine.create(SOURCE, line, text, random.nextInt(20) == 0);
      for (JsonReadingParser parser : new JsonReadingParser[] {UTC, ny}) {
        ParseOutcome<SensorReading> o;
        try {
          o = parser.parse(input);
        } catch (RuntimeException | Error e) {
          fail("parser threw for " + RandomText.escape(text), e);
          return;
        }
        assertNotNull(o, () -> "null outcome for " + RandomText.escape(text));
        switch (o.kind()) {
          case RECORD:
            assertTrue(Double.isFinite(o.value().getValue()));
            assertTrue(!o.value().getTimestamp().isBefore(EventTimes.MIN_PLAUSIBLE));
            assertTrue(o.value().getTimestamp().isBefore(EventTimes.MAX_PLAUSIBLE));
            assertTrue(!o.value().getSensor().isBlank());
            assertEquals(line, o.value().getLine());
            break;
          case HEADER:
            fail("JSON has no header line: " + RandomText.escape(text));
            break;
          default:
            assertTrue(
                DOCUMENTED_REASONS.contains(o.reason()),
                () -> "undocumented reason " + o.reason() + " for " + RandomText.escape(text));
            assertNotNull(o.message());
        }
      }
    }
  }
}
