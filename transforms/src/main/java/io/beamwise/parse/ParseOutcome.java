package io.beamwise.parse;

import org.joda.time.Instant;

/**
 * What a {@link LineParser} made of one line: a record with its event time, a header line to
 * skip, or a failure with a reason code (see {@link io.beamwise.failure.Failure.Reasons}), a
 * message and possibly the exception behind it.
 *
 * @param <T> the record type
 */
public final class ParseOutcome<T> {

  /** The three things a line can be. */
  public enum Kind {
    RECORD,
    HEADER,
    FAILURE
  }

  private final Kind kind;
  private final T value;
  private final Instant eventTime;
  private final String reason;
  private final String message;
  private final Throwable error;

  private ParseOutcome(
      Kind kind, T value, Instant eventTime, String reason, String message, Throwable error) {
    this.kind = kind;
    this.value = value;
    this.eventTime = eventTime;
    this.reason = reason;
    this.message = message;
    this.error = error;
  }

  /** A record; {@code eventTime} null means "keep the input element's timestamp". */
  public static <T> ParseOutcome<T> record(T value, Instant eventTime) {
    return new ParseOutcome<>(Kind.RECORD, value, eventTime, null, null, null);
  }

  public static <T> ParseOutcome<T> header() {
    return new ParseOutcome<>(Kind.HEADER, null, null, null, null, null);
  }

  public static <T> ParseOutcome<T> failure(String reason, String message) {
    return new ParseOutcome<>(Kind.FAILURE, null, null, reason, message, null);
  }

  public static <T> ParseOutcome<T> failure(String reason, String message, Throwable error) {
    return new ParseOutcome<>(Kind.FAILURE, null, null, reason, message, error);
  }

  /** The same failure, typed for another record type. */
  @SuppressWarnings("unchecked")
  public <U> ParseOutcome<U> castFailure() {
    if (kind == Kind.RECORD) {
      throw new IllegalStateException("not a failure: " + this);
    }
    return (ParseOutcome<U>) this;
  }

  public Kind kind() {
    return kind;
  }

  /** The record; only for {@link Kind#RECORD}. */
  public T value() {
    return value;
  }

  /** The event time of the record, or null to keep the input's timestamp. */
  public Instant eventTime() {
    return eventTime;
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
      case RECORD:
        return "RECORD " + value + (eventTime == null ? "" : " @ " + eventTime);
      case HEADER:
        return "HEADER";
      default:
        return "FAILURE " + reason + ": " + message;
    }
  }
}
