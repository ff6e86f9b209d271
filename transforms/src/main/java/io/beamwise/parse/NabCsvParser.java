package io.beamwise.parse;

import java.time.ZoneId;
import java.util.Locale;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * Parses lines of a Numenta Anomaly Benchmark data file into {@link SensorReading}s: {@code
 * timestamp,value}, the timestamp written {@code yyyy-MM-dd HH:mm:ss} without a zone (read in the
 * configured zone, UTC by default), the value a finite decimal.
 *
 * <p>A {@link CsvRecordParser} with {@link #SCHEMA} does the parsing, so its rules and failure
 * reasons apply (line 1 equal to {@code timestamp,value} is the header). The sensor id is the file
 * name without directory and {@code .csv}.
 */
public final class NabCsvParser implements LineParser<SensorReading> {

  private static final long serialVersionUID = 1L;

  /** {@code timestamp DATETIME, value DOUBLE}. */
  public static final Schema SCHEMA =
      Schema.builder().addDateTimeField("timestamp").addDoubleField("value").build();

  private final CsvRecordParser csv;

  public NabCsvParser(ZoneId zone) {
    this.csv =
        CsvRecordParser.of(
            SCHEMA, EventTime.pattern("timestamp", "uuuu-MM-dd HH:mm:ss").withZone(zone));
  }

  @Override
  public ParseOutcome<SensorReading> parse(SourceLine line) {
    ParseOutcome<Row> row = csv.parse(line);
    if (row.kind() != ParseOutcome.Kind.RECORD) {
      return row.castFailure();
    }
    SensorReading reading =
        SensorReading.create(
            sensorId(line.getSource()),
            row.eventTime(),
            row.value().getDouble("value"),
            line.getSource(),
            line.getLine());
    return ParseOutcome.record(reading, reading.getTimestamp());
  }

  /**
   * The sensor id of a NAB file: its base name without {@code .csv} (and without a compression
   * suffix such as {@code .gz} before that: {@code taxi.csv.gz} is {@code taxi}).
   */
  public static String sensorId(String source) {
    String name = source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
    name = withoutCompressionSuffix(name);
    return name.toLowerCase(Locale.ROOT).endsWith(".csv")
        ? name.substring(0, name.length() - 4)
        : name;
  }

  /** The compression suffixes Beam's file reading decompresses by ({@code Compression.AUTO}). */
  private static final String[] COMPRESSION_SUFFIXES = {".gz", ".bz2", ".zip", ".zst", ".deflate", ".lzo"};

  /** {@code name} without a trailing compression suffix, e.g. {@code a.csv.gz} → {@code a.csv}. */
  public static String withoutCompressionSuffix(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String suffix : COMPRESSION_SUFFIXES) {
      if (lower.endsWith(suffix)) {
        return name.substring(0, name.length() - suffix.length());
      }
    }
    return name;
  }
}
