package io.beamwise.failure;

import com.google.auto.value.AutoValue;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.joda.time.Instant;

/**
 * A dead-letter record: one input that a stage could not process, with everything needed to find,
 * count and replay it.
 *
 * <ul>
 *   <li>{@code stage}: the transform that rejected it, e.g. {@code parse};
 *   <li>{@code reason}: a short stable code, e.g. {@code bad_timestamp} (see {@link Reasons});
 *   <li>{@code message}: a human-readable explanation naming the offending value;
 *   <li>{@code errorClass}: the exception class behind the failure, or empty;
 *   <li>{@code source} and {@code line}: where the input came from (file and 1-based line; line 0
 *       when the source has no line numbers);
 *   <li>{@code payload}: the raw input, truncated to {@link #MAX_PAYLOAD_CHARS} characters, and
 *       {@code payloadBytes}, its original size in UTF-8 bytes;
 *   <li>{@code processingTime}: wall-clock time (UTC) at which the failure was recorded.
 * </ul>
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class Failure {

  /** Payloads longer than this many characters are truncated in the dead-letter record. */
  public static final int MAX_PAYLOAD_CHARS = 4096;

  @SchemaFieldNumber("0")
  public abstract String getStage();

  @SchemaFieldNumber("1")
  public abstract String getReason();

  @SchemaFieldNumber("2")
  public abstract String getMessage();

  @SchemaFieldNumber("3")
  public abstract String getErrorClass();

  @SchemaFieldNumber("4")
  public abstract String getSource();

  @SchemaFieldNumber("5")
  public abstract long getLine();

  @SchemaFieldNumber("6")
  public abstract String getPayload();

  @SchemaFieldNumber("7")
  public abstract int getPayloadBytes();

  @SchemaFieldNumber("8")
  public abstract Instant getProcessingTime();

  /**
   * A failure for {@code payload}; truncates the payload and records its original size.
   *
   * @param error the exception behind the failure, or null when the input was simply invalid
   */
  public static Failure of(
      String stage,
      String reason,
      String message,
      Throwable error,
      String source,
      long line,
      String payload,
      Instant processingTime) {
    String safePayload = payload == null ? "" : payload;
    int bytes = safePayload.getBytes(StandardCharsets.UTF_8).length;
    String kept =
        safePayload.length() > MAX_PAYLOAD_CHARS
            ? safePayload.substring(0, MAX_PAYLOAD_CHARS)
            : safePayload;
    return new AutoValue_Failure(
        stage,
        reason,
        message,
        error == null ? "" : error.getClass().getName(),
        source,
        line,
        kept,
        bytes,
        processingTime);
  }

  /** Reason codes used by beamwise's own stages. */
  public static final class Reasons {
    public static final String EMPTY_LINE = "empty_line";
    public static final String INVALID_UTF8 = "invalid_utf8";
    public static final String MALFORMED_CSV = "malformed_csv";
    public static final String WRONG_COLUMN_COUNT = "wrong_column_count";
    public static final String MALFORMED_JSON = "malformed_json";
    public static final String MISSING_FIELD = "missing_field";
    public static final String WRONG_TYPE = "wrong_type";
    public static final String BAD_TIMESTAMP = "bad_timestamp";
    public static final String TIMESTAMP_OUT_OF_RANGE = "timestamp_out_of_range";
    public static final String BAD_VALUE = "bad_value";
    public static final String NON_FINITE_VALUE = "non_finite_value";
    public static final String OUT_OF_RANGE = "out_of_range";
    public static final String PAYLOAD_TOO_LARGE = "payload_too_large";
    public static final String HEADER_MISMATCH = "header_mismatch";
    public static final String PARSER_ERROR = "parser_error";
    public static final String LATE_FOR_SCORING = "late_for_scoring";
    public static final String LATE_FOR_WINDOW = "late_for_window";

    private Reasons() {}
  }
}
