package io.beamwise.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.apache.beam.sdk.transforms.windowing.Trigger;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.values.WindowingStrategy;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Unit tests of {@link WindowSpec}: text grammar, canonical form, validation and Beam objects. */
class WindowSpecTest {

  private static Duration ms(long n) {
    return Duration.millis(n);
  }

  private static Duration s(long n) {
    return Duration.standardSeconds(n);
  }

  private static Duration m(long n) {
    return Duration.standardMinutes(n);
  }

  private static Duration h(long n) {
    return Duration.standardHours(n);
  }

  private static Duration d(long n) {
    return Duration.standardDays(n);
  }

  // ---------------------------------------------------------------- parsing: kinds and sizes

  @Test
  void parsesTumbling() {
    WindowSpec w = WindowSpec.parse("tumbling:10s");
    assertEquals(WindowSpec.Kind.TUMBLING, w.getKind());
    assertEquals(s(10), w.getSize());
    assertNull(w.getPeriod());
    assertEquals(Duration.ZERO, w.getAllowedLateness());
    assertFalse(w.isAccumulating());
    assertEquals(WindowSpec.tumbling(s(10)), w);
  }

  @Test
  void parsesSliding() {
    WindowSpec w = WindowSpec.parse("sliding:1m/10s");
    assertEquals(WindowSpec.Kind.SLIDING, w.getKind());
    assertEquals(m(1), w.getSize());
    assertEquals(s(10), w.getPeriod());
    assertEquals(WindowSpec.sliding(m(1), s(10)), w);
    // period equal to the size is allowed (then sliding = tumbling windows)
    assertEquals(WindowSpec.sliding(m(1), m(1)), WindowSpec.parse("sliding:1m/1m"));
    assertEquals(WindowSpec.sliding(h(1), m(1)), WindowSpec.parse("sliding:PT1H/PT1M"));
  }

  @Test
  void parsesSession() {
    WindowSpec w = WindowSpec.parse("session:5m");
    assertEquals(WindowSpec.Kind.SESSION, w.getKind());
    assertEquals(m(5), w.getSize());
    assertNull(w.getPeriod());
    assertEquals(WindowSpec.sessions(m(5)), w);
  }

  @Test
  void sessionsIsAnAliasOfSession() {
    assertEquals(WindowSpec.sessions(m(5)), WindowSpec.parse("sessions:5m"));
    assertEquals(WindowSpec.parse("session:5m"), WindowSpec.parse("sessions:5m"));
  }

  @Test
  void bareDurationIsTumbling() {
    assertEquals(WindowSpec.tumbling(h(1)), WindowSpec.parse("1h"));
    assertEquals(WindowSpec.parse("tumbling:1h"), WindowSpec.parse("1h"));
    assertEquals(WindowSpec.tumbling(ms(250)), WindowSpec.parse("250ms"));
    assertEquals(WindowSpec.tumbling(Duration.standardMinutes(90)), WindowSpec.parse("PT1H30M"));
    // a bare duration can carry options too
    assertEquals(
        WindowSpec.tumbling(h(1)).withAllowedLateness(m(10)).accumulating(),
        WindowSpec.parse("1h,lateness=10m,accumulating"));
  }

  @Test
  void allShortUnits() {
    assertEquals(ms(250), WindowSpec.parse("tumbling:250ms").getSize());
    assertEquals(s(10), WindowSpec.parse("tumbling:10s").getSize());
    assertEquals(m(5), WindowSpec.parse("tumbling:5m").getSize());
    assertEquals(h(2), WindowSpec.parse("tumbling:2h").getSize());
    assertEquals(d(7), WindowSpec.parse("tumbling:7d").getSize());
  }

  @Test
  void isoDurations() {
    assertEquals(WindowSpec.tumbling(s(10)), WindowSpec.parse("tumbling:PT10S"));
    assertEquals(WindowSpec.tumbling(h(1).plus(m(30))), WindowSpec.parse("tumbling:PT1H30M"));
    assertEquals(WindowSpec.tumbling(d(2)), WindowSpec.parse("tumbling:P2D"));
    assertEquals(WindowSpec.tumbling(ms(500)), WindowSpec.parse("tumbling:PT0.5S"));
    assertEquals(WindowSpec.sessions(m(5)), WindowSpec.parse("session:PT5M"));
    assertEquals(WindowSpec.tumbling(s(10)), WindowSpec.parse("pt10s"), "ISO is case-insensitive");
    assertEquals(
        WindowSpec.tumbling(h(1)).withAllowedLateness(m(10)).withEarlyFiringsAfter(s(30)),
        WindowSpec.parse("tumbling:PT1H,lateness=PT10M,early=PT30S"));
    assertEquals(
        WindowSpec.tumbling(h(1)).withAllowedLateness(m(10)).withLateFiringsAfter(m(1)),
        WindowSpec.parse("tumbling:PT1H,lateness=PT10M,late=PT1M"));
  }

  @Test
  void kindsAndOptionNamesAreCaseInsensitive() {
    assertEquals(WindowSpec.tumbling(s(10)), WindowSpec.parse("TUMBLING:10s"));
    assertEquals(WindowSpec.tumbling(s(10)), WindowSpec.parse("Tumbling:10s"));
    assertEquals(WindowSpec.sliding(m(1), s(10)), WindowSpec.parse("SLIDING:1m/10s"));
    assertEquals(WindowSpec.sessions(m(5)), WindowSpec.parse("Session:5m"));
    assertEquals(WindowSpec.sessions(m(5)), WindowSpec.parse("SESSIONS:5m"));
    assertEquals(
        WindowSpec.tumbling(h(1)).withAllowedLateness(m(10)).withEarlyFiringsEvery(5).accumulating(),
        WindowSpec.parse("tumbling:1h,LATENESS=10m,Early=5,ACCUMULATING"));
    assertEquals(
        WindowSpec.tumbling(h(1)).withAllowedLateness(m(10)),
        WindowSpec.parse("tumbling:1h,lateness=10m,late=EACH"));
  }

  @Test
  void whitespaceAroundPartsIsIgnored() {
    assertEquals(
        WindowSpec.sliding(m(1), s(10)).withAllowedLateness(m(2)).accumulating(),
        WindowSpec.parse("  sliding : 1m/10s , lateness = 2m ,  accumulating "));
  }

  // ---------------------------------------------------------------- parsing: options

  @Test
  void latenessOption() {
    WindowSpec w = WindowSpec.parse("tumbling:1h,lateness=10m");
    assertEquals(m(10), w.getAllowedLateness());
    assertEquals(WindowSpec.tumbling(h(1)).withAllowedLateness(m(10)), w);
    assertEquals(WindowSpec.tumbling(h(1)).withLateFiringsEach().withAllowedLateness(m(10)), w);
    // zero lateness is accepted in every zero form and is the default
    for (String zero : List.of("0", "0s", "0ms", "0m", "0h", "0d")) {
      WindowSpec z = WindowSpec.parse("tumbling:1h,lateness=" + zero);
      assertEquals(Duration.ZERO, z.getAllowedLateness(), zero);
      assertEquals(WindowSpec.tumbling(h(1)), z, zero);
    }
    assertEquals(d(366), WindowSpec.parse("tumbling:1h,lateness=366d").getAllowedLateness());
  }

  @Test
  void earlyOptionDurationOrCount() {
    assertEquals(
        WindowSpec.tumbling(h(1)).withEarlyFiringsAfter(s(30)),
        WindowSpec.parse("tumbling:1h,early=30s"));
    assertEquals(
        WindowSpec.tumbling(h(1)).withEarlyFiringsEvery(100), WindowSpec.parse("tumbling:1h,early=100"));
    assertEquals(
        WindowSpec.tumbling(h(1)).withEarlyFiringsEvery(1), WindowSpec.parse("tumbling:1h,early=1"));
    assertEquals(
        WindowSpec.tumbling(h(1)).withEarlyFiringsEvery(1_000_000_000),
        WindowSpec.parse("tumbling:1h,early=1000000000"));
    assertEquals(
        WindowSpec.tumbling(h(1)).withEarlyFiringsAfter(d(1)), WindowSpec.parse("tumbling:1h,early=1d"));
    assertEquals(
        WindowSpec.tumbling(h(1)).withEarlyFiringsAfter(ms(1)), WindowSpec.parse("tumbling:1h,early=1ms"));
    // a count and a delay are different specs
    assertNotEquals(WindowSpec.parse("tumbling:1h,early=30"), WindowSpec.parse("tumbling:1h,early=30s"));
    // the last early= wins
    assertEquals(
        WindowSpec.parse("tumbling:1h,early=5"), WindowSpec.parse("tumbling:1h,early=30s,early=5"));
    assertEquals(
        WindowSpec.parse("tumbling:1h,early=30s"), WindowSpec.parse("tumbling:1h,early=5,early=30s"));
  }

  @Test
  void lateOption() {
    assertEquals(
        WindowSpec.tumbling(h(1)).withAllowedLateness(m(10)).withLateFiringsEach(),
        WindowSpec.parse("tumbling:1h,lateness=10m,late=each"));
    assertEquals(
        WindowSpec.tumbling(h(1)).withAllowedLateness(m(10)).withLateFiringsAfter(m(1)),
        WindowSpec.parse("tumbling:1h,lateness=10m,late=1m"));
    // late= may come before lateness=
    assertEquals(
        WindowSpec.parse("tumbling:1h,lateness=10m,late=1m"),
        WindowSpec.parse("tumbling:1h,late=1m,lateness=10m"));
    // late=each is the default with lateness > 0
    assertEquals(
        WindowSpec.parse("tumbling:1h,lateness=10m"), WindowSpec.parse("tumbling:1h,lateness=10m,late=each"));
    assertNotEquals(
        WindowSpec.parse("tumbling:1h,lateness=10m"), WindowSpec.parse("tumbling:1h,lateness=10m,late=1m"));
  }

  @Test
  void accumulationOption() {
    assertTrue(WindowSpec.parse("tumbling:1h,accumulating").isAccumulating());
    assertFalse(WindowSpec.parse("tumbling:1h,discarding").isAccumulating());
    assertFalse(WindowSpec.parse("tumbling:1h").isAccumulating(), "discarding is the default");
    assertFalse(WindowSpec.parse("tumbling:1h,accumulating,discarding").isAccumulating());
    assertTrue(WindowSpec.parse("tumbling:1h,discarding,accumulating").isAccumulating());
    assertEquals(WindowSpec.tumbling(h(1)).accumulating(), WindowSpec.parse("tumbling:1h,accumulating"));
    assertEquals(WindowSpec.tumbling(h(1)), WindowSpec.parse("tumbling:1h,discarding"));
  }

  @Test
  void documentedFullExample() {
    WindowSpec w = WindowSpec.parse("tumbling:1h,lateness=10m,early=30s,accumulating");
    assertEquals(
        WindowSpec.tumbling(h(1))
            .withAllowedLateness(m(10))
            .withEarlyFiringsAfter(s(30))
            .withLateFiringsEach()
            .accumulating(),
        w);
    assertEquals(WindowSpec.Kind.TUMBLING, w.getKind());
    assertEquals(h(1), w.getSize());
    assertEquals(m(10), w.getAllowedLateness());
    assertTrue(w.isAccumulating());
  }

  @Test
  void boundaryValuesAreAccepted() {
    assertEquals(ms(1), WindowSpec.parse("tumbling:1ms").getSize());
    assertEquals(d(366), WindowSpec.parse("tumbling:366d").getSize());
    assertEquals(d(366), WindowSpec.parse("session:366d").getSize());
    assertEquals(d(366), WindowSpec.parse("sliding:366d/366d").getSize());
    assertEquals(ms(1), WindowSpec.parse("sliding:366d/1ms").getPeriod());
    assertEquals(d(366), WindowSpec.parse("P366D").getSize());
  }

  // ---------------------------------------------------------------- canonical form

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1h                                               | tumbling:1h,discarding",
        "tumbling:10s                                     | tumbling:10s,discarding",
        "tumbling:60m                                     | tumbling:1h,discarding",
        "tumbling:60000ms                                 | tumbling:1m,discarding",
        "tumbling:1500ms                                  | tumbling:1500ms,discarding",
        "tumbling:90s                                     | tumbling:90s,discarding",
        "tumbling:48h                                     | tumbling:2d,discarding",
        "PT1H30M                                          | tumbling:90m,discarding",
        "TUMBLING:10s                                     | tumbling:10s,discarding",
        "sliding:1m/10s                                   | sliding:1m/10s,discarding",
        "sliding:PT1H/PT15M                               | sliding:1h/15m,discarding",
        "session:5m                                       | session:5m,discarding",
        "sessions:5m                                      | session:5m,discarding",
        "tumbling:1h,lateness=0                           | tumbling:1h,discarding",
        "tumbling:1h,lateness=10m                         | tumbling:1h,lateness=10m,late=each,discarding",
        "tumbling:1h,accumulating,lateness=10m,early=30s  | tumbling:1h,lateness=10m,early=30s,late=each,accumulating",
        "tumbling:1h,lateness=10m,early=30s,accumulating  | tumbling:1h,lateness=10m,early=30s,late=each,accumulating",
        "tumbling:1h,early=100                            | tumbling:1h,early=100,discarding",
        "tumbling:1h,late=PT5M,lateness=PT2H              | tumbling:1h,lateness=2h,late=5m,discarding",
        "session:30m,discarding,lateness=1d,late=each     | session:30m,lateness=1d,late=each,discarding",
      })
  void canonicalForm(String text, String canonical) {
    WindowSpec w = WindowSpec.parse(text);
    assertEquals(canonical, w.toString());
    assertEquals(w, WindowSpec.parse(canonical));
    assertEquals(canonical, WindowSpec.parse(canonical).toString(), "canonical form is a fixed point");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "tumbling:10s",
        "tumbling:1ms",
        "tumbling:366d",
        "1h",
        "PT0.25S",
        "sliding:1m/10s",
        "sliding:25m/10m",
        "sliding:366d/1ms",
        "session:5m",
        "sessions:90s",
        "tumbling:1h,lateness=10m",
        "tumbling:1h,lateness=10m,early=30s,accumulating",
        "tumbling:1h,lateness=366d,early=1d,late=1d",
        "tumbling:1h,lateness=1ms,early=1ms,late=1ms",
        "sliding:1h/5m,lateness=15m,early=7,late=2m,accumulating",
        "session:10m,early=1000000000",
        "session:10m,lateness=1500ms,late=each,discarding",
        "tumbling:1h,early=30s,early=20",
      })
  void parseOfToStringRoundTrips(String text) {
    WindowSpec w = WindowSpec.parse(text);
    WindowSpec again = WindowSpec.parse(w.toString());
    assertEquals(w, again, text + " -> " + w);
    assertEquals(w.hashCode(), again.hashCode());
    assertEquals(w.toString(), again.toString());
  }

  @Test
  void builderMadeSpecsRoundTrip() {
    List<WindowSpec> specs =
        List.of(
            WindowSpec.tumbling(s(10)),
            WindowSpec.tumbling(ms(1234)),
            WindowSpec.tumbling(d(3)).accumulating(),
            WindowSpec.sliding(h(1), m(5)),
            WindowSpec.sliding(ms(1001), ms(7)).withEarlyFiringsEvery(3),
            WindowSpec.sessions(m(5)).withAllowedLateness(h(1)),
            WindowSpec.sessions(m(5)).withAllowedLateness(h(1)).withLateFiringsAfter(s(30)),
            WindowSpec.tumbling(h(1))
                .withAllowedLateness(m(10))
                .withEarlyFiringsAfter(s(30))
                .withLateFiringsAfter(m(1))
                .accumulating(),
            WindowSpec.tumbling(h(1)).withEarlyFiringsEvery(10).withEarlyFiringsAfter(s(1)),
            WindowSpec.tumbling(h(1)).accumulating().discarding(),
            WindowSpec.tumbling(h(1)).withAllowedLateness(m(1)).withLateFiringsAfter(s(5)).withLateFiringsEach());
    for (WindowSpec w : specs) {
      assertEquals(w, WindowSpec.parse(w.toString()), w.toString());
    }
  }

  @Test
  void randomSpecsRoundTrip() {
    Random random = new Random(42);
    for (int i = 0; i < 500; i++) {
      WindowSpec w;
      Duration size = randomDuration(random, Duration.standardDays(366));
      switch (random.nextInt(3)) {
        case 0:
          w = WindowSpec.tumbling(size);
          break;
        case 1:
          w = WindowSpec.sliding(size, Duration.millis(1 + (long) (random.nextDouble() * (size.getMillis() - 1))));
          break;
        default:
          w = WindowSpec.sessions(size);
      }
      if (random.nextBoolean()) {
        w = w.withAllowedLateness(randomDuration(random, Duration.standardDays(366)));
        if (random.nextBoolean()) {
          w = w.withLateFiringsAfter(randomDuration(random, Duration.standardDays(1)));
        }
      }
      switch (random.nextInt(3)) {
        case 0:
          w = w.withEarlyFiringsAfter(randomDuration(random, Duration.standardDays(1)));
          break;
        case 1:
          w = w.withEarlyFiringsEvery(1 + random.nextInt(1_000_000_000));
          break;
        default:
          break;
      }
      if (random.nextBoolean()) {
        w = w.accumulating();
      }
      WindowSpec again = WindowSpec.parse(w.toString());
      assertEquals(w, again, w.toString());
      assertEquals(w.toString(), again.toString());
    }
  }

  /** A random duration in [1ms, max], often a whole number of some unit. */
  private static Duration randomDuration(Random random, Duration max) {
    long[] unitMillis = {1L, 1_000L, 60_000L, 3_600_000L, 86_400_000L};
    long unit = unitMillis[random.nextInt(unitMillis.length)];
    long maxUnits = max.getMillis() / unit;
    if (maxUnits < 1) {
      return Duration.millis(1 + (long) (random.nextDouble() * (max.getMillis() - 1)));
    }
    return Duration.millis(unit * (1 + (long) (random.nextDouble() * maxUnits)));
  }

  @Test
  void builderMethodsCommuteAndLateFiringsWithoutLatenessFailWhenUsed() {
    assertEquals(
        WindowSpec.tumbling(h(1)).withLateFiringsAfter(s(30)).withAllowedLateness(m(10)),
        WindowSpec.tumbling(h(1)).withAllowedLateness(m(10)).withLateFiringsAfter(s(30)));
    WindowSpec w = WindowSpec.tumbling(h(1)).withLateFiringsAfter(s(30));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, w::toWindow);
    assertMentions(e.getMessage(), "late", "lateness");
    // The text form keeps the option, and parsing it fails the same way.
    assertMentions(failure(w.toString()), "late", "lateness");
  }

  // ---------------------------------------------------------------- invalid specs

  private static String failure(String text) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> WindowSpec.parse(text), "should reject '" + text + "'");
    assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "message for '" + text + "'");
    return e.getMessage();
  }

  private static void assertMentions(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), "'" + message + "' should mention '" + part + "'");
    }
  }

  @Test
  void emptySpec() {
    assertMentions(failure(""), "empty", "tumbling:10s");
    assertMentions(failure("   "), "empty");
    assertMentions(
        assertThrows(IllegalArgumentException.class, () -> WindowSpec.parse(null)).getMessage(), "empty");
  }

  @Test
  void unknownKind() {
    assertMentions(failure("hopping:1m"), "'hopping'", "tumbling", "sliding", "session");
    assertMentions(failure("fixed:10s,lateness=1m"), "'fixed'", "tumbling", "sliding", "session");
    assertMentions(failure(":10s"), "tumbling", "sliding", "session");
  }

  @Test
  void missingSizes() {
    assertMentions(failure("tumbling:"), "tumbling size", "empty", "10s");
    assertMentions(failure("session:"), "session gap", "empty");
    assertMentions(failure("session:,lateness=1m"), "session gap", "empty");
    assertMentions(failure("sliding:"), "sliding", "SIZE/PERIOD");
    assertMentions(failure("sliding:/10s"), "sliding", "SIZE/PERIOD");
    assertMentions(failure("sliding:1m/"), "sliding period", "empty");
    // a kind without ':' is read as a bare duration, which it is not
    assertMentions(failure("tumbling"), "'tumbling'", "not a duration", "ms, s, m, h, d");
  }

  @Test
  void slidingWithoutPeriod() {
    assertMentions(failure("sliding:1m"), "sliding", "SIZE/PERIOD", "sliding:1m/10s", "'1m'");
  }

  @Test
  void periodLargerThanSize() {
    assertMentions(failure("sliding:1m/2m"), "sliding period", "[1ms, 1m]", "2m");
    assertMentions(failure("sliding:1m/61s"), "sliding period", "[1ms, 1m]", "61s");
    assertMentions(failure("sliding:1h/PT2H"), "sliding period", "[1ms, 1h]", "2h");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WindowSpec.sliding(m(1), m(2)));
    assertMentions(e.getMessage(), "sliding period", "[1ms, 1m]", "2m");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "tumbling:0s    | tumbling size | '0s'",
        "tumbling:0     | tumbling size | '0'",
        "tumbling:0ms   | tumbling size | '0ms'",
        "session:0m     | session gap   | '0m'",
        "sliding:0s/0s  | sliding size  | '0s'",
        "sliding:1m/0s  | sliding period | '0s'",
        "0h             | window size   | '0h'",
        "tumbling:PT0S  | tumbling size | 'PT0S'",
        "tumbling:PT-10S | tumbling size | 'PT-10S'",
      })
  void zeroOrNegativeDurations(String text, String part, String bad) {
    String message = failure(text);
    assertMentions(message, part.trim(), bad.trim());
    assertTrue(
        message.contains("positive") || message.contains("[1ms,") || message.contains("not a duration"),
        message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "tumbling:-1s        | tumbling size  | '-1s'",
        "tumbling:abc        | tumbling size  | 'abc'",
        "tumbling:10         | tumbling size  | '10'",
        "tumbling:10sec      | tumbling size  | '10sec'",
        "tumbling:1.5s       | tumbling size  | '1.5s'",
        "tumbling:10 s       | tumbling size  | '10 s'",
        "session:-5m         | session gap    | '-5m'",
        "sliding:x/10s       | sliding size   | 'x'",
        "sliding:1m/y        | sliding period | 'y'",
        "sliding:1m/10s/5s   | sliding period | '10s/5s'",
        "abc                 | window size    | 'abc'",
        "tumbling:P          | tumbling size  | 'P'",
        "tumbling:PTXS       | tumbling size  | 'PTXS'",
      })
  void garbageDurations(String text, String part, String bad) {
    String message = failure(text);
    assertMentions(message, part.trim(), bad.trim());
    assertTrue(
        message.contains("ms, s, m, h, d") || message.contains("not a valid duration"), message);
  }

  @Test
  void sizeOver366Days() {
    assertMentions(failure("tumbling:367d"), "tumbling size", "[1ms, 366d]", "367d");
    assertMentions(failure("P367D"), "tumbling size", "[1ms, 366d]", "367d");
    assertMentions(failure("session:8785h"), "session gap", "[1ms, 366d]", "8785h");
    assertMentions(failure("sliding:400d/1d"), "sliding size", "[1ms, 366d]", "400d");
    assertMentions(failure("tumbling:31622400001ms"), "tumbling size", "[1ms, 366d]", "31622400001ms");
    assertMentions(failure("tumbling:1h,lateness=367d"), "lateness must be in [0", "366d]", "367d");
    // far too large to represent at all
    assertMentions(failure("tumbling:99999999999999999999d"), "tumbling size");
    assertMentions(failure("tumbling:999999999999999d"), "tumbling size");
  }

  @Test
  void unknownOption() {
    assertMentions(
        failure("tumbling:1m,foo"), "'foo'", "lateness=", "early=", "late=", "accumulating", "discarding");
    assertMentions(failure("tumbling:1m,allowedLateness=5m"), "'allowedLateness=5m'", "lateness=");
    assertMentions(failure("tumbling:1m,,discarding"), "option", "lateness=");
    assertMentions(failure("tumbling:1m,acc"), "'acc'", "accumulating");
  }

  @Test
  void flagOptionsWithAValueAreRejected() {
    assertMentions(failure("tumbling:1m,accumulating=false"), "accumulating=false", "accumulating");
    assertMentions(failure("tumbling:1m,discarding=no"), "discarding=no", "discarding");
  }

  @Test
  void earlyCountOutOfRange() {
    assertMentions(failure("tumbling:1m,early=0"), "early count", "[1, 1000000000]", "0");
    assertMentions(failure("tumbling:1m,early=1000000001"), "early count", "[1, 1000000000]", "1000000001");
    assertMentions(failure("tumbling:1m,early=99999999999"), "early count", "[1, 1000000000]", "99999999999");
    assertThrows(IllegalArgumentException.class, () -> WindowSpec.tumbling(m(1)).withEarlyFiringsEvery(0));
    assertThrows(IllegalArgumentException.class, () -> WindowSpec.tumbling(m(1)).withEarlyFiringsEvery(-3));
  }

  @Test
  void earlyGarbage() {
    assertMentions(failure("tumbling:1m,early=abc"), "early", "'abc'", "ms, s, m, h, d");
    assertMentions(failure("tumbling:1m,early="), "early", "empty");
    assertMentions(failure("tumbling:1m,early=-5"), "early", "'-5'");
    assertMentions(failure("tumbling:1m,early=0s"), "early", "'0s'", "positive");
  }

  @Test
  void lateWithoutLateness() {
    assertMentions(failure("tumbling:1m,late=each"), "late=", "lateness=", "greater than 0");
    assertMentions(failure("tumbling:1m,late=10s"), "late=", "lateness=", "greater than 0");
    assertMentions(failure("tumbling:1m,lateness=0,late=each"), "late=", "lateness=", "greater than 0");
    assertMentions(failure("tumbling:1m,lateness=5m,late=each,lateness=0s"), "late=", "greater than 0");
  }

  @Test
  void lateGarbage() {
    assertMentions(failure("tumbling:1m,lateness=5m,late=sometimes"), "late", "'sometimes'");
    assertMentions(failure("tumbling:1m,lateness=5m,late=0s"), "late", "'0s'", "positive");
  }

  @Test
  void negativeOrGarbageLateness() {
    assertMentions(failure("tumbling:1m,lateness=-1s"), "lateness", "'-1s'", "ms, s, m, h, d");
    assertMentions(failure("tumbling:1m,lateness=PT-1S"), "lateness", "'PT-1S'");
    assertMentions(failure("tumbling:1m,lateness=soon"), "lateness", "'soon'");
    assertMentions(failure("tumbling:1m,lateness"), "lateness", "empty");
    assertThrows(
        IllegalArgumentException.class, () -> WindowSpec.tumbling(m(1)).withAllowedLateness(s(-1)));
  }

  @Test
  void delayOverOneDay() {
    assertMentions(failure("tumbling:1m,early=2d"), "early delay", "[1ms, 1d]", "2d");
    assertMentions(failure("tumbling:1m,early=25h"), "early delay", "[1ms, 1d]", "25h");
    assertMentions(failure("tumbling:1m,early=86400001ms"), "early delay", "[1ms, 1d]", "86400001ms");
    assertMentions(failure("tumbling:1m,lateness=5m,late=25h"), "late delay", "[1ms, 1d]", "25h");
    assertMentions(failure("tumbling:1m,lateness=5m,late=P2D"), "late delay", "[1ms, 1d]", "2d");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> WindowSpec.tumbling(m(1)).withEarlyFiringsAfter(d(2)));
    assertMentions(e.getMessage(), "early delay", "[1ms, 1d]");
  }

  @Test
  void builderRejectsOutOfRangeAndNull() {
    assertThrows(IllegalArgumentException.class, () -> WindowSpec.tumbling(null));
    assertThrows(IllegalArgumentException.class, () -> WindowSpec.tumbling(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> WindowSpec.tumbling(d(367)));
    assertThrows(IllegalArgumentException.class, () -> WindowSpec.sessions(ms(-1)));
    assertThrows(IllegalArgumentException.class, () -> WindowSpec.sliding(m(1), null));
    assertThrows(IllegalArgumentException.class, () -> WindowSpec.sliding(m(1), Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> WindowSpec.tumbling(m(1)).withAllowedLateness(d(367)));
    assertThrows(
        IllegalArgumentException.class, () -> WindowSpec.tumbling(m(1)).withLateFiringsAfter(Duration.ZERO));
  }

  // ---------------------------------------------------------------- Beam objects

  @Test
  void windowFnOfEachKind() {
    WindowFn<Object, ?> fixed = WindowSpec.parse("tumbling:10s").windowFn();
    FixedWindows f = assertInstanceOf(FixedWindows.class, fixed);
    assertEquals(s(10), f.getSize());
    assertEquals(Duration.ZERO, f.getOffset(), "aligned to the epoch");

    WindowFn<Object, ?> sliding = WindowSpec.parse("sliding:1m/10s").windowFn();
    SlidingWindows sw = assertInstanceOf(SlidingWindows.class, sliding);
    assertEquals(m(1), sw.getSize());
    assertEquals(s(10), sw.getPeriod());
    assertEquals(Duration.ZERO, sw.getOffset(), "aligned to the epoch");

    WindowFn<Object, ?> session = WindowSpec.parse("session:5m,lateness=1h").windowFn();
    Sessions ss = assertInstanceOf(Sessions.class, session);
    assertEquals(m(5), ss.getGapDuration());
  }

  @Test
  void triggerOnTimeOnly() {
    Trigger t = WindowSpec.parse("tumbling:1m").trigger();
    assertEquals("AfterWatermark.pastEndOfWindow()", t.toString());
    assertEquals(AfterWatermark.pastEndOfWindow().toString(), t.toString());
    assertFalse(t.toString().contains("Early"));
    assertFalse(t.toString().contains("Late"));
  }

  @Test
  void triggerWithEarlyCount() {
    String t = WindowSpec.parse("tumbling:1m,early=10").trigger().toString();
    assertTrue(t.startsWith("AfterWatermark.pastEndOfWindow()"), t);
    assertTrue(t.contains("withEarlyFirings(AfterPane.elementCountAtLeast(10))"), t);
    assertFalse(t.contains("withLateFirings"), "no late firings without lateness: " + t);
    assertEquals(
        AfterWatermark.pastEndOfWindow().withEarlyFirings(AfterPane.elementCountAtLeast(10)).toString(), t);
  }

  @Test
  void triggerWithEarlyDelay() {
    String t = WindowSpec.parse("session:5m,early=30s").trigger().toString();
    assertTrue(t.startsWith("AfterWatermark.pastEndOfWindow()"), t);
    assertTrue(t.contains("withEarlyFirings(AfterProcessingTime.pastFirstElementInPane()"), t);
    assertTrue(t.contains("30 seconds"), t);
    assertFalse(t.contains("withLateFirings"), t);
  }

  @Test
  void triggerWithLatenessHasALatePanePerElementByDefault() {
    String t = WindowSpec.parse("tumbling:1m,lateness=5m").trigger().toString();
    assertTrue(t.startsWith("AfterWatermark.pastEndOfWindow()"), t);
    assertFalse(t.contains("withEarlyFirings"), t);
    assertTrue(t.contains("withLateFirings(AfterPane.elementCountAtLeast(1))"), t);
    assertEquals(
        AfterWatermark.pastEndOfWindow().withLateFirings(AfterPane.elementCountAtLeast(1)).toString(), t);
    assertEquals(t, WindowSpec.parse("tumbling:1m,lateness=5m,late=each").trigger().toString());
  }

  @Test
  void triggerWithLateDelay() {
    String t = WindowSpec.parse("tumbling:1m,lateness=5m,late=10s").trigger().toString();
    assertTrue(t.contains("withLateFirings(AfterProcessingTime.pastFirstElementInPane()"), t);
    assertTrue(t.contains("10 seconds"), t);
    assertFalse(t.contains("elementCountAtLeast"), t);
  }

  @Test
  void triggerWithEarlyAndLate() {
    String t = WindowSpec.parse("tumbling:1h,lateness=10m,early=30s,accumulating").trigger().toString();
    assertEquals(
        AfterWatermark.pastEndOfWindow()
            .withEarlyFirings(AfterProcessingTime.pastFirstElementInPane().plusDelayOf(s(30)))
            .withLateFirings(AfterPane.elementCountAtLeast(1))
            .toString(),
        t);
    assertTrue(t.contains("AfterWatermark"), t);
    assertTrue(t.indexOf("withEarlyFirings") < t.indexOf("withLateFirings"), t);
  }

  private static WindowingStrategy<?, ?> strategyOf(WindowSpec spec) {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    Window<String> window = spec.toWindow();
    return p.apply(Create.of("a", "b")).apply(window).getWindowingStrategy();
  }

  @Test
  void toWindowDefaults() {
    WindowingStrategy<?, ?> ws = strategyOf(WindowSpec.parse("tumbling:10s"));
    assertEquals(Duration.ZERO, ws.getAllowedLateness());
    assertEquals(WindowingStrategy.AccumulationMode.DISCARDING_FIRED_PANES, ws.getMode());
    assertEquals(Window.ClosingBehavior.FIRE_IF_NON_EMPTY, ws.getClosingBehavior());
    assertEquals(Window.OnTimeBehavior.FIRE_IF_NON_EMPTY, ws.getOnTimeBehavior());
    assertEquals(s(10), assertInstanceOf(FixedWindows.class, ws.getWindowFn()).getSize());
    assertEquals("AfterWatermark.pastEndOfWindow()", ws.getTrigger().toString());
  }

  @Test
  void toWindowUsesLatenessAndAccumulation() {
    WindowSpec spec = WindowSpec.parse("sliding:1h/5m,lateness=10m,early=30s,accumulating");
    WindowingStrategy<?, ?> ws = strategyOf(spec);
    assertEquals(m(10), ws.getAllowedLateness());
    assertEquals(WindowingStrategy.AccumulationMode.ACCUMULATING_FIRED_PANES, ws.getMode());
    assertEquals(Window.ClosingBehavior.FIRE_IF_NON_EMPTY, ws.getClosingBehavior());
    assertEquals(Window.OnTimeBehavior.FIRE_IF_NON_EMPTY, ws.getOnTimeBehavior());
    SlidingWindows sw = assertInstanceOf(SlidingWindows.class, ws.getWindowFn());
    assertEquals(h(1), sw.getSize());
    assertEquals(m(5), sw.getPeriod());
    String trigger = ws.getTrigger().toString();
    assertTrue(trigger.contains("AfterWatermark"), trigger);
    assertTrue(trigger.contains("withEarlyFirings"), trigger);
    assertTrue(trigger.contains("withLateFirings"), trigger);
    assertEquals(spec.trigger().toString(), trigger);
  }

  @Test
  void toWindowSessionsDiscardingWithLateness() {
    WindowingStrategy<?, ?> ws = strategyOf(WindowSpec.parse("session:5m,lateness=1h,late=1m"));
    assertEquals(h(1), ws.getAllowedLateness());
    assertEquals(WindowingStrategy.AccumulationMode.DISCARDING_FIRED_PANES, ws.getMode());
    assertEquals(Window.ClosingBehavior.FIRE_IF_NON_EMPTY, ws.getClosingBehavior());
    assertEquals(Window.OnTimeBehavior.FIRE_IF_NON_EMPTY, ws.getOnTimeBehavior());
    assertEquals(m(5), assertInstanceOf(Sessions.class, ws.getWindowFn()).getGapDuration());
    assertTrue(ws.getTrigger().toString().contains("withLateFirings(AfterProcessingTime"));
  }

  // ---------------------------------------------------------------- value semantics

  @Test
  void equalityAndHashCode() {
    WindowSpec a = WindowSpec.parse("tumbling:1h,lateness=10m,early=30s");
    WindowSpec b = WindowSpec.tumbling(h(1)).withEarlyFiringsAfter(s(30)).withAllowedLateness(m(10));
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, a.accumulating());
    assertNotEquals(a, WindowSpec.parse("tumbling:1h,lateness=11m,early=30s"));
    assertNotEquals(a, WindowSpec.parse("tumbling:1h,lateness=10m,early=31s"));
    assertNotEquals(WindowSpec.tumbling(m(5)), WindowSpec.sessions(m(5)));
    assertNotEquals(WindowSpec.tumbling(m(5)), WindowSpec.sliding(m(5), m(5)));
    assertNotEquals(WindowSpec.sliding(m(5), m(1)), WindowSpec.sliding(m(5), m(2)));
    assertNotEquals(a, "tumbling:1h,lateness=10m,early=30s,late=each,discarding");
  }

  @Test
  void withMethodsDoNotModifyTheReceiver() {
    WindowSpec base = WindowSpec.tumbling(h(1));
    base.withAllowedLateness(m(5));
    base.withEarlyFiringsEvery(3);
    base.accumulating();
    assertEquals("tumbling:1h,discarding", base.toString());
  }
}
