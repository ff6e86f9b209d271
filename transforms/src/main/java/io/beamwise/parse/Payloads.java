package io.beamwise.parse;

import io.beamwise.failure.Failure.Reasons;
import java.nio.charset.StandardCharsets;

/**
 * The checks every parser makes before reading a line: valid UTF-8, size limit, a leading byte
 * order mark (U+FEFF) and a trailing carriage return are removed, blank lines are rejected.
 */
final class Payloads {

  /** Default limit on one record's size: 1 MiB of UTF-8. */
  static final int DEFAULT_MAX_BYTES = 1 << 20;

  private Payloads() {}

  /** The cleaned text, or a failure outcome. */
  static Object prepare(SourceLine line, int maxBytes) {
    if (line.getInvalidUtf8()) {
      return ParseOutcome.failure(Reasons.INVALID_UTF8, "line is not valid UTF-8");
    }
    String text = line.getText();
    // UTF-8 needs at least one byte per char and at most three per UTF-16 unit.
    if (text.length() > maxBytes
        || (text.length() * 3L > maxBytes
            && text.getBytes(StandardCharsets.UTF_8).length > maxBytes)) {
      return ParseOutcome.failure(
          Reasons.PAYLOAD_TOO_LARGE,
          "record of " + text.getBytes(StandardCharsets.UTF_8).length + " bytes exceeds the limit of " + maxBytes);
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    if (text.isBlank()) {
      return ParseOutcome.failure(Reasons.EMPTY_LINE, "line is empty");
    }
    return text;
  }
}
