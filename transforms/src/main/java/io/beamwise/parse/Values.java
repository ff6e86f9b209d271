package io.beamwise.parse;

import java.util.regex.Pattern;

/** Rules for reading a measured value from text. */
final class Values {

  /**
   * Plain decimal or scientific notation; no hex floats, no {@code d}/{@code f} suffixes. Written
   * without ambiguous repetitions so matching stays linear in the input length.
   */
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

  private static final Pattern NON_FINITE =
      Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);

  private Values() {}

  /**
   * Parses {@code text} as a finite double, or returns a failure outcome explaining why not.
   * Leading and trailing spaces are ignored.
   */
  static Object parseFinite(String text) {
    String trimmed = text.trim();
    if (trimmed.isEmpty()) {
      return ParseOutcome.failure(
          io.beamwise.failure.Failure.Reasons.BAD_VALUE, "value is empty");
    }
    if (NON_FINITE.matcher(trimmed).matches()) {
      return ParseOutcome.failure(
          io.beamwise.failure.Failure.Reasons.NON_FINITE_VALUE,
          "value '" + trimmed + "' is not a finite number");
    }
    if (!DECIMAL.matcher(trimmed).matches()) {
      return ParseOutcome.failure(
          io.beamwise.failure.Failure.Reasons.BAD_VALUE,
          "value '" + abbreviate(trimmed) + "' is not a decimal number");
    }
    double value = Double.parseDouble(trimmed);
    if (!Double.isFinite(value)) {
      return ParseOutcome.failure(
          io.beamwise.failure.Failure.Reasons.NON_FINITE_VALUE,
          "value '" + abbreviate(trimmed) + "' overflows a double");
    }
    return value;
  }

  static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
