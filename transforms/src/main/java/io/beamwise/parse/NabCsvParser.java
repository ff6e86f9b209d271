package io.beamwise.parse;

import io.beamwise.failure.Failure.Reasons;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.joda.time.Instant;

/**
 * Parses lines of a Numenta Anomaly Benchmark data file: {@code timestamp,value} with the
 * timestamp written {@code yyyy-MM-dd HH:mm:ss} (no zone; read in the configured zone, UTC by
 * default) and a decimal value.
 *
 * <p>The sensor id is the file name without directory and without {@code .csv}. Line 1 equal to
 * {@code timestamp,value} (case-insensitive, optional UTF-8 BOM) is the header. CSV quoting
 * follows RFC 4180 through Apache Commons CSV, one line at a time: a quoted field spanning lines
 * is not supported and each of its lines is dead-lettered.
 *
 * <p>Failures: {@code empty_line}, {@code invalid_utf8}, {@code malformed_csv}, {@code
 * wrong_column_count}, {@code bad_timestamp}, {@code timestamp_out_of_range}, {@code bad_value},
 * {@code non_finite_value}.
 */
public final class NabCsvParser implements ReadingParser {

  private static final long serialVersionUID = 1L;
  private static final String HEADER = "timestamp,value";
  private static final CSVFormat FORMAT = CSVFormat.RFC4180;

  private final ZoneId zone;

  public NabCsvParser(ZoneId zone) {
    this.zone = zone;
  }

  @Override
  public ParseOutcome parse(SourceLine line) {
    if (line.getInvalidUtf8()) {
      return ParseOutcome.failure(Reasons.INVALID_UTF8, "line is not valid UTF-8");
    }
    String text = line.getText();
    if (line.getLine() == 1 && text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    if (text.isBlank()) {
      return ParseOutcome.failure(Reasons.EMPTY_LINE, "line is empty");
    }
    if (line.getLine() == 1 && text.replace(" ", "").equalsIgnoreCase(HEADER)) {
      return ParseOutcome.header();
    }
    List<String> fields;
    try {
      fields = fields(text);
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      return ParseOutcome.failure(Reasons.MALFORMED_CSV, "malformed CSV: " + e.getMessage(), e);
    }
    if (fields.size() != 2) {
      return ParseOutcome.failure(
          Reasons.WRONG_COLUMN_COUNT, "expected 2 columns (timestamp,value), got " + fields.size());
    }
    Instant timestamp;
    try {
      timestamp = EventTimes.parseLocal(fields.get(0).trim(), EventTimes.NAB_FORMAT, zone);
    } catch (EventTimes.BadTimestampException e) {
      return ParseOutcome.failure(
          e.isOutOfRange() ? Reasons.TIMESTAMP_OUT_OF_RANGE : Reasons.BAD_TIMESTAMP,
          e.getMessage(),
          e.getCause());
    }
    Object value = Values.parseFinite(fields.get(1));
    if (value instanceof ParseOutcome) {
      return (ParseOutcome) value;
    }
    return ParseOutcome.reading(
        SensorReading.create(
            sensorId(line.getSource()), timestamp, (Double) value, line.getSource(), line.getLine()));
  }

  /** The sensor id of a NAB file: its base name without {@code .csv}. */
  public static String sensorId(String source) {
    String name = source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
    return name.toLowerCase(java.util.Locale.ROOT).endsWith(".csv")
        ? name.substring(0, name.length() - 4)
        : name;
  }

  private static List<String> fields(String text) throws IOException {
    try (CSVParser parser = CSVParser.parse(text, FORMAT)) {
      List<CSVRecord> records = parser.getRecords();
      if (records.size() != 1) {
        throw new IllegalStateException("expected one record, found " + records.size());
      }
      return records.get(0).toList();
    }
  }
}
