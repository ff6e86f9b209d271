package io.beamwise.parse;

/** How a CSV parser treats line 1 of each source. */
public enum CsvHeader {
  /** Every line is data. */
  NONE,
  /**
   * Line 1 is skipped when it equals the column names (case and spaces ignored, optional BOM),
   * and parsed as data otherwise. The default.
   */
  SKIP_IF_PRESENT,
  /** Line 1 must equal the column names; otherwise it is dead-lettered as {@code header_mismatch}. */
  REQUIRED
}
