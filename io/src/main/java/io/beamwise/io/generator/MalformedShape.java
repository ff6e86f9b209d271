package io.beamwise.io.generator;

import io.beamwise.failure.Failure;
import java.util.Locale;

/**
 * The shapes of malformed record {@link SensorGenerator} writes, each with the dead-letter reason
 * beamwise's JSON Lines parser ({@code ParseSensorReadings.jsonLines}) gives it.
 */
public enum MalformedShape {
  /** The JSON text cut off in the middle of the value: {@code {"sensor":"s","ts":"...","val}. */
  TRUNCATED_JSON(Failure.Reasons.MALFORMED_JSON),
  /** No {@code value} field. */
  MISSING_FIELD(Failure.Reasons.MISSING_FIELD),
  /** {@code "value":"n/a"}. */
  NON_NUMERIC_VALUE(Failure.Reasons.BAD_VALUE),
  /** {@code "ts":"2024-13-45T25:61:00Z"} (no such date). */
  BAD_TIMESTAMP(Failure.Reasons.BAD_TIMESTAMP);

  private final String parseReason;

  MalformedShape(String parseReason) {
    this.parseReason = parseReason;
  }

  /** The {@link Failure} reason the JSON Lines parser dead-letters this shape with. */
  public String parseReason() {
    return parseReason;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
