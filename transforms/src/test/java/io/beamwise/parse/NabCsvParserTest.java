package io.beamwise.parse;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.beamwise.failure.Failure.Reasons;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.Set;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NabCsvParserTest {

  private static final String SOURCE = "/data/x/nyc_taxi.csv";
  private static final NabCsvParser UTC = new NabCsvParser(ZoneOffset.UTC);

  /** The failure reasons NabCsvParser documents. */
  static final Set<String> DOCUMENTED_REASONS =
      Set.of(
          Reasons.EMPTY_LINE,
          Reasons.INVALID_UTF8,
          Reasons.PAYLOAD_TOO_LARGE,
          Reasons.MISSING_FIELD,
          Reasons.MALFORMED_CSV,
          Reasons.WRONG_COLUMN_COUNT,
          Reasons.BAD_TIMESTAMP,
          Reasons.TIMESTAMP_OUT_OF_RANGE,
          Reasons.BAD_VALUE,
          Reasons.NON_FINITE_VALUE);

  private static ParseOutcome<SensorReading> parse(long line, String text) {
    return UTC.parse(SourceLine.of(SOURCE, line, text));
  }

  private static ParseOutcome<SensorReading> row(String text) {
    return parse(2, text);
  }

  private static void assertFailure(String reason, ParseOutcome<SensorReading> outcome) {
    assertNotNull(outcome);
    assertEquals(ParseOutcome.Kind.FAILURE, outcome.kind(), () -> "outcome: " + outcome);
    assertEquals(reason, outcome.reason(), () -> "outcome: " + outcome);
    assertNotNull(outcome.message(), "a failure carries a message");
    assertNull(outcome.value());
  }

  private static SensorReading assertReading(ParseOutcome<SensorReading> outcome) {
    assertNotNull(outcome);
    assertEquals(ParseOutcome.Kind.RECORD, outcome.kind(), () -> "outcome: " + outcome);
    assertNull(outcome.reason());
    assertNotNull(outcome.value());
    return outcome.value();
  }

  // ---------------------------------------------------------------- header

  @Test
  void headerAtLineOne() {
    ParseOutcome<SensorReading> o = parse(1, "timestamp,value");
    assertEquals(ParseOutcome.Kind.HEADER, o.kind());
    assertNull(o.value());
    assertNull(o.reason());
  }

  @Test
  void headerAtLineOneWithUtf8Bom() {
    assertEquals(ParseOutcome.Kind.HEADER, parse(1, "\uFEFFtimestamp,value").kind());
  }

  @ParameterizedTest
  @ValueSource(strings = {"TIMESTAMP,VALUE", "Timestamp,Value", "timestamp, value", "\uFEFFTimeStamp,VALUE"})
  void headerIsCaseInsensitive(String header) {
    assertEquals(ParseOutcome.Kind.HEADER, parse(1, header).kind());
  }

  @Test
  void headerTextAfterLineOneIsABadTimestamp() {
    assertFailure(Reasons.BAD_TIMESTAMP, parse(5, "timestamp,value"));
    assertFailure(Reasons.BAD_TIMESTAMP, parse(2, "timestamp,value"));
  }

  @Test
  void dataRowAtLineOneIsAReadingEvenWithBom() {
    SensorReading r = assertReading(parse(1, "\uFEFF2014-07-01 00:00:00,10844"));
    assertEquals(Instant.parse("2014-07-01T00:00:00Z"), r.getTimestamp());
    assertEquals(10844.0, r.getValue());
    assertEquals(1, r.getLine());
  }

  // ---------------------------------------------------------------- valid rows

  @Test
  void validRow() {
    ParseOutcome<SensorReading> o = UTC.parse(SourceLine.of(SOURCE, 42, "2014-07-01 00:30:00,10844.5"));
    SensorReading r = assertReading(o);
    assertAll(
        () -> assertEquals("nyc_taxi", r.getSensor()),
        () -> assertEquals(Instant.parse("2014-07-01T00:30:00Z"), r.getTimestamp()),
        () -> assertEquals(10844.5, r.getValue()),
        () -> assertEquals(SOURCE, r.getSource()),
        () -> assertEquals(42, r.getLine()));
  }

  @Test
  void zoneOtherThanUtcShiftsTheInstant() {
    NabCsvParser ny = new NabCsvParser(ZoneId.of("America/New_York"));
    SensorReading summer = assertReading(ny.parse(SourceLine.of(SOURCE, 2, "2014-07-01 00:00:00,1")));
    assertEquals(Instant.parse("2014-07-01T04:00:00Z"), summer.getTimestamp()); // EDT, -04:00
    SensorReading winter = assertReading(ny.parse(SourceLine.of(SOURCE, 3, "2014-01-15 12:00:00,1")));
    assertEquals(Instant.parse("2014-01-15T17:00:00Z"), winter.getTimestamp()); // EST, -05:00

    NabCsvParser plusTwo = new NabCsvParser(ZoneOffset.ofHours(2));
    SensorReading r = assertReading(plusTwo.parse(SourceLine.of(SOURCE, 2, "2014-07-01 00:00:00,1")));
    assertEquals(Instant.parse("2014-06-30T22:00:00Z"), r.getTimestamp());
  }

  @Test
  void dstGapIsABadTimestampAndOverlapTakesEarlierOffset() {
    NabCsvParser ny = new NabCsvParser(ZoneId.of("America/New_York"));
    assertFailure(
        Reasons.BAD_TIMESTAMP, ny.parse(SourceLine.of(SOURCE, 2, "2014-03-09 02:30:00,1")));
    SensorReading r = assertReading(ny.parse(SourceLine.of(SOURCE, 2, "2014-11-02 01:30:00,1")));
    assertEquals(Instant.parse("2014-11-02T05:30:00Z"), r.getTimestamp()); // EDT, the earlier offset
  }

  @Test
  void sensorIdIsTheBaseNameWithoutCsv() {
    assertEquals("nyc_taxi", NabCsvParser.sensorId("/data/x/nyc_taxi.csv"));
    assertEquals("nyc_taxi", NabCsvParser.sensorId("nyc_taxi.csv"));
    assertEquals("nyc_taxi", NabCsvParser.sensorId("nyc_taxi"));
    assertEquals("ec2_cpu", NabCsvParser.sensorId("gs://bucket/realKnownCause/ec2_cpu.CSV"));
    assertEquals("machine", NabCsvParser.sensorId("C:\\data\\machine.csv"));
    assertEquals("a.b", NabCsvParser.sensorId("/d/a.b.csv"));
    assertEquals("nyc_taxi", NabCsvParser.sensorId("/d/nyc_taxi.csv.gz"));
    assertEquals("readings.jsonl", NabCsvParser.sensorId("/d/readings.jsonl.bz2"));
    SensorReading r =
        assertReading(
            UTC.parse(SourceLine.of("gs://b/realTweets/Twitter_volume_AAPL.csv", 7, "2015-02-26 21:42:53,104")));
    assertEquals("Twitter_volume_AAPL", r.getSensor());
  }

  @Test
  void quotedFieldsAreAccepted() {
    SensorReading r = assertReading(row("\"2014-07-01 00:00:00\",\"10844\""));
    assertEquals(Instant.parse("2014-07-01T00:00:00Z"), r.getTimestamp());
    assertEquals(10844.0, r.getValue());
  }

  @Test
  void quotedCommaStaysInsideTheField() {
    // With real CSV quoting "1,5" is one (bad) value, not two columns.
    assertFailure(Reasons.BAD_VALUE, row("2014-07-01 00:00:00,\"1,5\""));
    assertFailure(Reasons.WRONG_COLUMN_COUNT, row("2014-07-01 00:00:00,1,5"));
  }

  @Test
  void spacesAroundValueAreIgnored() {
    assertEquals(12.5, assertReading(row("2014-07-01 00:00:00, 12.5 ")).getValue());
    assertEquals(12.5, assertReading(row("2014-07-01 00:00:00,\" 12.5 \"")).getValue());
  }

  @Test
  void decimalForms() {
    assertEquals(3.0, assertReading(row("2014-07-01 00:00:00,+3")).getValue());
    assertEquals(-3.0, assertReading(row("2014-07-01 00:00:00,-3")).getValue());
    assertEquals(0.5, assertReading(row("2014-07-01 00:00:00,.5")).getValue());
    assertEquals(5.0, assertReading(row("2014-07-01 00:00:00,5.")).getValue());
    assertEquals(1000.0, assertReading(row("2014-07-01 00:00:00,1E3")).getValue());
    assertEquals(-2.5e-3, assertReading(row("2014-07-01 00:00:00,-2.5e-3")).getValue());
    assertEquals(0.0, assertReading(row("2014-07-01 00:00:00,0")).getValue());
  }

  // ---------------------------------------------------------------- failures

  @Test
  void emptyLine() {
    assertFailure(Reasons.EMPTY_LINE, row(""));
    assertFailure(Reasons.EMPTY_LINE, parse(1, ""));
    assertFailure(Reasons.EMPTY_LINE, parse(1, "\uFEFF"));
  }

  @ParameterizedTest
  @ValueSource(strings = {" ", "   ", "\t", " \t  "})
  void whitespaceOnlyLine(String text) {
    assertFailure(Reasons.EMPTY_LINE, row(text));
  }

  @Test
  void invalidUtf8Flag() {
    assertFailure(
        Reasons.INVALID_UTF8,
        UTC.parse(SourceLine.create(SOURCE, 2, "2014-07-01 00:00:00,1\uFFFD", true)));
    // The flag wins even when the replacement text happens to be a valid row or a header.
    assertFailure(
        Reasons.INVALID_UTF8, UTC.parse(SourceLine.create(SOURCE, 2, "2014-07-01 00:00:00,1", true)));
    assertFailure(Reasons.INVALID_UTF8, UTC.parse(SourceLine.create(SOURCE, 1, "timestamp,value", true)));
  }

  @Test
  void oneColumn() {
    assertFailure(Reasons.WRONG_COLUMN_COUNT, row("2014-07-01 00:00:00"));
    assertFailure(Reasons.WRONG_COLUMN_COUNT, row("10844"));
  }

  @Test
  void threeColumns() {
    assertFailure(Reasons.WRONG_COLUMN_COUNT, row("2014-07-01 00:00:00,10844,extra"));
    assertFailure(Reasons.WRONG_COLUMN_COUNT, row("2014-07-01 00:00:00,10844,"));
  }

  @Test
  void unterminatedQuoteIsMalformedCsv() {
    assertFailure(Reasons.MALFORMED_CSV, row("\"2014-07-01 00:00:00,10844"));
    assertFailure(Reasons.MALFORMED_CSV, row("2014-07-01 00:00:00,\"10844"));
  }

  @Test
  void garbageAfterClosingQuoteIsMalformedCsv() {
    assertFailure(Reasons.MALFORMED_CSV, row("\"2014-07-01 00:00:00\"x,10844"));
  }

  @Test
  void embeddedLineBreakIsMalformedCsv() {
    // A line holding two records (a multi-line quoted field is not supported).
    assertFailure(Reasons.MALFORMED_CSV, row("2014-07-01 00:00:00,1\n2014-07-01 00:05:00,2"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2014-07-01T00:00:00",
        "2014-13-01 00:00:00",
        "2014-02-30 00:00:00",
        "2014-02-29 00:00:00",
        "2014-07-01 24:00:00",
        "2014-07-01 00:60:00",
        "2014-07-01 00:00",
        "2014-07-01",
        "2014-7-1 0:0:0",
        "01/07/2014 00:00:00",
        "2014-07-01 00:00:00Z",
        "2014-07-01 00:00:00.000",
        "1404172800000",
        " "
      })
  void badTimestampLayouts(String ts) {
    assertFailure(Reasons.BAD_TIMESTAMP, row(ts + ",1"));
  }

  @Test
  void emptyTimestampIsMissing() {
    assertFailure(Reasons.MISSING_FIELD, row(",1"));
    assertFailure(Reasons.MISSING_FIELD, row("\"\",1"));
  }

  @Test
  void leapDayInLeapYearIsFine() {
    assertEquals(
        Instant.parse("2016-02-29T12:00:00Z"),
        assertReading(row("2016-02-29 12:00:00,1")).getTimestamp());
  }

  @Test
  void timestampOutOfRange() {
    assertFailure(Reasons.TIMESTAMP_OUT_OF_RANGE, row("1850-01-01 00:00:00,1"));
    assertFailure(Reasons.TIMESTAMP_OUT_OF_RANGE, row("1899-12-31 23:59:59,1"));
    assertFailure(Reasons.TIMESTAMP_OUT_OF_RANGE, row("2200-01-01 00:00:00,1"));
    assertFailure(Reasons.TIMESTAMP_OUT_OF_RANGE, row("9999-12-31 23:59:59,1"));
    assertEquals(
        EventTimes.MIN_PLAUSIBLE, assertReading(row("1900-01-01 00:00:00,1")).getTimestamp());
    assertEquals(
        Instant.parse("2199-12-31T23:59:59Z"),
        assertReading(row("2199-12-31 23:59:59,1")).getTimestamp());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"NaN", "nan", "inf", "INF", "+inf", "-Infinity", "Infinity", "1e400", "-1e400", "1E309"})
  void nonFiniteValue(String value) {
    assertFailure(Reasons.NON_FINITE_VALUE, row("2014-07-01 00:00:00," + value));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "abc", "0x10", "1d", "1f", "1.5f", "0x1p3", "1,5", "--1", "1e", "e5", ".", "1.2.3", "1 2", "Infinit",
        "١٢", "12abc"
      })
  void badValue(String value) {
    assertFailure(Reasons.BAD_VALUE, row("2014-07-01 00:00:00,\"" + value + "\""));
  }

  @Test
  void emptyValueIsMissingAndBlankValueIsBad() {
    assertFailure(Reasons.MISSING_FIELD, row("2014-07-01 00:00:00,"));
    assertFailure(Reasons.MISSING_FIELD, row("2014-07-01 00:00:00,\"\""));
    assertFailure(Reasons.BAD_VALUE, row("2014-07-01 00:00:00,   "));
  }

  @Test
  void timestampIsCheckedBeforeValue() {
    assertFailure(Reasons.BAD_TIMESTAMP, row("not a time,abc"));
  }

  @Test
  void linesOverTheLimitAreTooLarge() {
    assertFailure(Reasons.PAYLOAD_TOO_LARGE, row("2014-07-01 00:00:00," + "1".repeat(1 << 20)));
  }

  @Test
  void longLinesDoNotThrow() {
    String huge = "a".repeat((1 << 20) - 100);
    assertFailure(Reasons.BAD_VALUE, row("2014-07-01 00:00:00," + huge));
    assertFailure(Reasons.BAD_TIMESTAMP, row(huge + ",1"));
    assertFailure(Reasons.WRONG_COLUMN_COUNT, row(",".repeat(100_000)));
    assertFailure(Reasons.BAD_VALUE, row("2014-07-01 00:00:00,\"" + huge + "\""));
  }

  @Test
  void longDigitRunIsRejectedQuickly() {
    String value = "1".repeat(200_000) + "x";
    ParseOutcome<SensorReading> o =
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> row("2014-07-01 00:00:00," + value));
    assertFailure(Reasons.BAD_VALUE, o);
  }

  // ---------------------------------------------------------------- never throws

  @Test
  void neverThrowsOnRandomAndMutatedInput() {
    Random random = new Random(20240611L);
    String[] seeds = {
      "timestamp,value",
      "\uFEFFtimestamp,value",
      "2014-07-01 00:00:00,10844",
      "\"2014-07-01 00:00:00\",\"10844\"",
      "2014-07-01 00:00:00,-1.5e-3",
      "2014-07-01 00:00:00,NaN",
      "\"a\"\"b\",c",
      "",
    };
    NabCsvParser ny = new NabCsvParser(ZoneId.of("America/New_York"));
    for (int i = 0; i < 2000; i++) {
      String text =
          random.nextInt(4) == 0
              ? RandomText.random(random)
              : RandomText.mutate(random, seeds[random.nextInt(seeds.length)]);
      long line = random.nextInt(3) == 0 ? 1 : 1 + random.nextInt(1000);
      SourceLine input = SourceLine.create(SOURCE, line, text, random.nextInt(20) == 0);
      for (NabCsvParser parser : new NabCsvParser[] {UTC, ny}) {
        ParseOutcome<SensorReading> o;
        try {
          o = parser.parse(input);
        } catch (RuntimeException | Error e) {
          fail("parser threw for " + RandomText.escape(text) + " at line " + line, e);
          return;
        }
        assertNotNull(o, () -> "null outcome for " + RandomText.escape(text));
        switch (o.kind()) {
          case RECORD:
            assertTrue(Double.isFinite(o.value().getValue()));
            assertTrue(!o.value().getTimestamp().isBefore(EventTimes.MIN_PLAUSIBLE));
            assertTrue(o.value().getTimestamp().isBefore(EventTimes.MAX_PLAUSIBLE));
            assertEquals("nyc_taxi", o.value().getSensor());
            assertEquals(line, o.value().getLine());
            break;
          case HEADER:
            assertEquals(1, line, () -> "header after line 1: " + RandomText.escape(text));
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
