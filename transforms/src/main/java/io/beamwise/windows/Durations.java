package io.beamwise.windows;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.joda.time.Duration;

/**
 * Parses positive durations written for command lines: a positive integer and a unit, {@code ms}, {@code
 * s}, {@code m}, {@code h} or {@code d} (for example {@code 250ms}, {@code 10s}, {@code 5m},
 * {@code 1h}, {@code 7d}), or an ISO-8601 duration such as {@code PT1H30M}.
 */
public final class Durations {

  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming {@code parameter}, the bad text and the accepted forms
   */
  public static Duration parse(String parameter, String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(parameter + " is empty; expected e.g. 10s, 5m, 1h");
    }
    String t = text.trim();
    Matcher m = SHORT.matcher(t);
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        if (n == 0) {
          throw new IllegalArgumentException(
              parameter + "='" + text + "' must be positive, e.g. 10s, 5m, 1h");
        }
        switch (m.group(2)) {
          case "ms":
            return Duration.millis(n);
          case "s":
            return Duration.standardSeconds(n);
          case "m":
            return Duration.standardMinutes(n);
          case "h":
            return Duration.standardHours(n);
          default:
            return Duration.standardDays(n);
        }
      }
      if (t.startsWith("P") || t.startsWith("p")) {
        long millis = java.time.Duration.parse(t).toMillis();
        if (millis <= 0) {
          throw new IllegalArgumentException(
              parameter + "='" + text + "' must be positive, e.g. PT10S, PT1H");
        }
        return Duration.millis(millis);
      }
    } catch (ArithmeticException | NumberFormatException | java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          parameter + "='" + text + "' is not a valid duration: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException(
        parameter
            + "='"
            + text
            + "' is not a duration; expected a number and a unit (ms, s, m, h, d), e.g. 10s, 5m,"
            + " 1h, or ISO-8601 such as PT1H");
  }

  /** Like {@link #parse}, but also accepts zero ({@code 0}, {@code 0s}, ...). */
  public static Duration parseOrZero(String parameter, String text) {
    if (text != null && text.trim().matches("0+(ms|s|m|h|d)?")) {
      return Duration.ZERO;
    }
    return parse(parameter, text);
  }

  /** Formats {@code d} in the short form parsed by {@link #parse} (largest exact unit). */
  public static String format(Duration d) {
    long ms = d.getMillis();
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      if (ms != 0 && ms % sizes[i] == 0) {
        return (ms / sizes[i]) + units[i];
      }
    }
    return ms + "ms";
  }
}
