package io.beamwise.parse;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.failure.Failure.Reasons;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Parses one CSV record per line into a {@link Row} of the declared schema, following {@link
 * RecordRules}. Quoting follows RFC 4180 (Apache Commons CSV; a line without any quote is split
 * at the delimiters directly), one line at a time: a quoted field spanning lines is not supported
 * and each of its lines is dead-lettered.
 *
 * <p>Columns are positional: by default the schema's fields in order; {@link #withColumns} names
 * them explicitly (a name not in the schema is a column to ignore). Line 1 is handled per {@link
 * CsvHeader}. By default the number of columns must match exactly ({@code wrong_column_count});
 * {@link #withLenientColumnCount()} ignores extra columns and treats missing trailing ones as
 * absent. An empty column is absent: null for a nullable field, {@code missing_field} otherwise.
 *
 * <p>Failures: those of {@link JsonRecordParser} except {@code malformed_json}, plus {@code
 * malformed_csv}, {@code wrong_column_count}, {@code header_mismatch}.
 */
public final class CsvRecordParser implements LineParser<Row> {

  private static final long serialVersionUID = 1L;

  private final RecordRules rules;
  private final List<String> columns;
  private final CsvHeader header;
  private final char delimiter;
  private final boolean lenientColumnCount;
  private final int[] fieldIndexOfColumn;
  private transient CSVFormat format;

  private CsvRecordParser(
      RecordRules rules, List<String> columns, CsvHeader header, char delimiter, boolean lenient) {
    checkArgument(header != null, "header must not be null");
    checkArgument(
        delimiter != '"' && delimiter != '\n' && delimiter != '\r',
        "delimiter must not be a quote or a line break, got %s",
        delimiter);
    this.rules = rules;
    this.columns = List.copyOf(columns);
    this.header = header;
    this.delimiter = delimiter;
    this.lenientColumnCount = lenient;
    this.fieldIndexOfColumn = new int[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      String name = columns.get(c);
      fieldIndexOfColumn[c] = rules.schema.hasField(name) ? rules.schema.indexOf(name) : -1;
    }
    for (String field : rules.schema.getFieldNames()) {
      checkArgument(
          columns.contains(field), "schema field '%s' is not among the columns %s", field, columns);
    }
  }

  /** Columns = the schema's fields in order; header {@link CsvHeader#SKIP_IF_PRESENT}; comma. */
  public static CsvRecordParser of(Schema schema, EventTime eventTime) {
    return new CsvRecordParser(
        new RecordRules(schema, eventTime, NonFinitePolicy.DEAD_LETTER, Payloads.DEFAULT_MAX_BYTES),
        schema.getFieldNames(),
        CsvHeader.SKIP_IF_PRESENT,
        ',',
        false);
  }

  /** Names the columns in file order; every schema field must be one of them. */
  public CsvRecordParser withColumns(String... columns) {
    checkArgument(columns.length > 0, "columns must not be empty");
    return new CsvRecordParser(rules, Arrays.asList(columns), header, delimiter, lenientColumnCount);
  }

  public CsvRecordParser withHeader(CsvHeader header) {
    return new CsvRecordParser(rules, columns, header, delimiter, lenientColumnCount);
  }

  public CsvRecordParser withDelimiter(char delimiter) {
    return new CsvRecordParser(rules, columns, header, delimiter, lenientColumnCount);
  }

  public CsvRecordParser withLenientColumnCount() {
    return new CsvRecordParser(rules, columns, header, delimiter, true);
  }

  public CsvRecordParser withNonFinite(NonFinitePolicy policy) {
    return new CsvRecordParser(rules.withNonFinite(policy), columns, header, delimiter, lenientColumnCount);
  }

  /** Where the event time is (a DATETIME field of the schema). */
  public CsvRecordParser withEventTime(EventTime eventTime) {
    return new CsvRecordParser(rules.withEventTime(eventTime), columns, header, delimiter, lenientColumnCount);
  }

  public CsvRecordParser withMaxPayloadBytes(int maxPayloadBytes) {
    return new CsvRecordParser(
        rules.withMaxPayloadBytes(maxPayloadBytes), columns, header, delimiter, lenientColumnCount);
  }

  public Schema getSchema() {
    return rules.schema;
  }

  @Override
  public ParseOutcome<Row> parse(SourceLine line) {
    Object prepared = Payloads.prepare(line, rules.maxPayloadBytes);
    if (prepared instanceof ParseOutcome) {
      return ((ParseOutcome<?>) prepared).castFailure();
    }
    String text = (String) prepared;
    List<String> fields;
    try {
      fields = split(text);
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      return ParseOutcome.failure(Reasons.MALFORMED_CSV, "malformed CSV: " + e.getMessage(), e);
    }
    if (line.getLine() == 1 && header != CsvHeader.NONE) {
      if (isHeader(fields)) {
        return ParseOutcome.header();
      }
      if (header == CsvHeader.REQUIRED) {
        return ParseOutcome.failure(
            Reasons.HEADER_MISMATCH, "line 1 must be the header " + String.join(",", columns));
      }
    }
    if (fields.size() != columns.size()
        && !(lenientColumnCount && fields.size() > 0)) {
      return ParseOutcome.failure(
          Reasons.WRONG_COLUMN_COUNT,
          "expected " + columns.size() + " columns (" + String.join(",", columns) + "), got " + fields.size());
    }
    Object[] values = new Object[rules.schema.getFieldCount()];
    boolean[] present = new boolean[values.length];
    try {
      for (int c = 0; c < Math.min(fields.size(), columns.size()); c++) {
        int f = fieldIndexOfColumn[c];
        String raw = fields.get(c);
        if (f < 0 || raw.isEmpty()) {
          continue;
        }
        Schema.Field field = rules.schema.getField(f);
        present[f] = true;
        if (f == rules.eventTimeIndex) {
          values[f] = rules.eventTime(raw);
        } else {
          try {
            values[f] = FieldValues.fromText(field.getName(), field.getType(), raw);
          } catch (FieldException e) {
            values[f] = rules.onFieldFailure(field, e);
          }
        }
      }
      rules.checkRequired(present);
    } catch (FieldException e) {
      return ParseOutcome.failure(e.reason(), e.getMessage(), e.getCause());
    }
    return rules.record(values);
  }

  private boolean isHeader(List<String> fields) {
    if (fields.size() != columns.size()) {
      return false;
    }
    for (int i = 0; i < fields.size(); i++) {
      if (!fields.get(i).trim().toLowerCase(Locale.ROOT).equals(columns.get(i).toLowerCase(Locale.ROOT))) {
        return false;
      }
    }
    return true;
  }

  private List<String> split(String text) throws IOException {
    if (text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
      // Without quotes RFC 4180 fields are exactly the text between delimiters: skip the
      // general parser, which costs more than the rest of the record.
      List<String> fields = new ArrayList<>(columns.size());
      int start = 0;
      for (int i = text.indexOf(delimiter); i >= 0; i = text.indexOf(delimiter, start)) {
        fields.add(text.substring(start, i));
        start = i + 1;
      }
      fields.add(text.substring(start));
      return fields;
    }
    if (format == null) {
      format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).build();
    }
    try (CSVParser parser = CSVParser.parse(text, format)) {
      List<CSVRecord> records = parser.getRecords();
      if (records.size() != 1) {
        throw new IllegalStateException("expected one record, found " + records.size());
      }
      return new ArrayList<>(records.get(0).toList());
    }
  }
}
