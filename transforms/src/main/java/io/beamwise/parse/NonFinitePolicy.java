package io.beamwise.parse;

/** What to do with a NaN, ±Infinity or overflowing number in a floating-point field. */
public enum NonFinitePolicy {
  /** The record goes to the dead-letter output with reason {@code non_finite_value} (default). */
  DEAD_LETTER,
  /** The field is set to null, as if missing; only allowed for nullable fields. */
  KEEP_AS_MISSING
}
