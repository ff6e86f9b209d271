package io.beamwise.parse;

/** A field that cannot be converted to its schema type: carries a failure reason code. */
final class FieldException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String reason;

  FieldException(String reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  FieldException(String reason, String message, Throwable cause) {
    super(message, cause, false, false);
    this.reason = reason;
  }

  String reason() {
    return reason;
  }
}
