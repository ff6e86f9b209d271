package io.beamwise.parse;

/**
 * What a {@link ReadingParser} made of one line: a reading, a header line to skip, or a failure
 * with a reason code (see {@link io.beamwise.failure.Failure.Reasons}) and a message.
 */
public final class ParseOutcome {

  /** The three things a line can be. */
  public enum Kind {
    READING,
    HEADER,
    FAILURE
  }

  private final Kind kind;
  private final SensorReading reading;
  private final String reason;
  private final String message;
  private final Throwable error;

  private ParseOutcome(
      Kind kind, SensorReading reading, String reason, String message, Throwable error) {
    this.kind = kind;
    this.reading = reading;
    this.reason = reason;
    this.message = message;
    this.error = error;
  }

  public static ParseOutcome reading(SensorReading reading) {
    return new ParseOutcome(Kind.READING, reading, null, null, null);
  }

  public static ParseOutcome header() {
    return new ParseOutcome(Kind.HEADER, null, null, null, null);
  }

  public static ParseOutcome failure(String reason, String message) {
    return new ParseOutcome(Kind.FAILURE, null, reason, message, null);
  }

  public static ParseOutcome failure(String reason, String message, Throwable error) {
    return new ParseOutcome(Kind.FAILURE, null, reason, message, error);
  }

  public Kind kind() {
    return kind;
  }

  /** The reading; only for {@link Kind#READING}. */
  public SensorReading reading() {
    return reading;
  }

  /** The reason code; only for {@link Kind#FAILURE}. */
  public String reason() {
    return reason;
  }

  /** The explanation; only for {@link Kind#FAILURE}. */
  public String message() {
    return message;
  }

  /** The exception behind a failure, or null. */
  public Throwable error() {
    return error;
  }

  @Override
  public String toString() {
    switch (kind) {
      case READING:
        return "READING " + reading;
      case HEADER:
        return "HEADER";
      default:
        return "FAILURE " + reason + ": " + message;
    }
  }
}
