package io.beamwise.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  private static final String PARAM = "--window";

  @Test
  void shortForms() {
    assertEquals(Duration.millis(250), Durations.parse(PARAM, "250ms"));
    assertEquals(Duration.standardSeconds(10), Durations.parse(PARAM, "10s"));
    assertEquals(Duration.standardMinutes(5), Durations.parse(PARAM, "5m"));
    assertEquals(Duration.standardHours(1), Durations.parse(PARAM, "1h"));
    assertEquals(Duration.standardDays(7), Durations.parse(PARAM, "7d"));
    assertEquals(Duration.millis(1), Durations.parse(PARAM, "1ms"));
    assertEquals(Duration.standardDays(36_500), Durations.parse(PARAM, "36500d"));
    assertEquals(Duration.standardSeconds(90), Durations.parse(PARAM, "90s"));
  }

  @Test
  void isoForms() {
    assertEquals(Duration.standardMinutes(90), Durations.parse(PARAM, "PT1H30M"));
    assertEquals(Duration.standardHours(1), Durations.parse(PARAM, "PT1H"));
    assertEquals(Duration.millis(250), Durations.parse(PARAM, "PT0.25S"));
    assertEquals(Duration.standardDays(2), Durations.parse(PARAM, "P2D"));
    assertEquals(Duration.standardHours(26), Durations.parse(PARAM, "P1DT2H"));
  }

  @Test
  void surroundingWhitespaceIsIgnored() {
    assertEquals(Duration.standardMinutes(5), Durations.parse(PARAM, " 5m "));
    assertEquals(Duration.standardMinutes(90), Durations.parse(PARAM, "\tPT1H30M "));
  }

  private static IllegalArgumentException reject(String parameter, String text) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Durations.parse(parameter, text),
            () -> "expected '" + text + "' to be rejected");
    assertTrue(
        e.getMessage() != null && e.getMessage().contains(parameter),
        () -> "message should name " + parameter + ": " + e.getMessage());
    return e;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0x", "5 minutes", "-1h", "1w", "5", "m", "ms", "1.5h", "1H", "5M", "1y", "+1h", "1h30m", "h1",
        "P", "PT", "P1Y", "P1M", "PT1X", "1e3s", "１h"
      })
  void invalidFormsNameTheParameterAndTheText(String text) {
    IllegalArgumentException e = reject(PARAM, text);
    assertTrue(e.getMessage().contains(text), () -> "message should quote the text: " + e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t"})
  void emptyIsRejected(String text) {
    reject(PARAM, text);
    reject("--allowedLateness", text);
  }

  @Test
  void nullIsRejected() {
    reject(PARAM, null);
  }

  @Test
  void parameterNameIsTheOneGiven() {
    IllegalArgumentException e = reject("--allowedLateness", "1w");
    assertTrue(!e.getMessage().contains(PARAM), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"99999999999999999999s", "9223372036854775807d", "9223372036854775807s", "PT9999999999999999H"})
  void overflowIsRejectedAsIllegalArgument(String text) {
    reject(PARAM, text);
  }

  @Test
  void zeroIsRejected() {
    for (String text : new String[] {"0s", "0ms", "0m", "0h", "0d", "000s"}) {
      reject(PARAM, text);
    }
  }

  @Test
  void formatUsesTheLargestExactUnit() {
    assertEquals("250ms", Durations.format(Duration.millis(250)));
    assertEquals("10s", Durations.format(Duration.standardSeconds(10)));
    assertEquals("5m", Durations.format(Duration.standardMinutes(5)));
    assertEquals("1h", Durations.format(Duration.standardHours(1)));
    assertEquals("7d", Durations.format(Duration.standardDays(7)));
    assertEquals("90m", Durations.format(Duration.standardMinutes(90)));
    assertEquals("1500ms", Durations.format(Duration.millis(1500)));
    assertEquals("25h", Durations.format(Duration.standardHours(25)));
    assertEquals("0ms", Durations.format(Duration.ZERO));
  }

  @Test
  void formatThenParseRoundTrips() {
    for (String text : new String[] {"250ms", "10s", "5m", "1h", "7d"}) {
      assertEquals(text, Durations.format(Durations.parse(PARAM, text)));
    }
    assertEquals("90m", Durations.format(Durations.parse(PARAM, "PT1H30M")));
    Random r = new Random(17);
    long[] units = {1L, 1_000L, 60_000L, 3_600_000L, 86_400_000L};
    for (int i = 0; i < 1000; i++) {
      long millis = (1 + r.nextInt(100_000)) * units[r.nextInt(units.length)];
      Duration d = Duration.millis(millis);
      assertEquals(d, Durations.parse(PARAM, Durations.format(d)), "millis=" + millis);
    }
  }
}
