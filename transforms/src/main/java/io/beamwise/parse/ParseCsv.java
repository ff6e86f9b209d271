package io.beamwise.parse;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Parses CSV lines into records of a declared Beam schema, with the event time taken from a
 * column and every bad line sent to {@link ParseResult#failures()} with its reason. Rules: {@link
 * CsvRecordParser} (columns, header, quoting), {@link RecordRules}, {@link FieldValues}, {@link
 * EventTime}.
 *
 * <pre>{@code
 * Schema schema = Schema.builder().addDateTimeField("timestamp").addDoubleField("value").build();
 * ParseResult<Row> parsed = lines.apply(
 *     ParseCsv.rows(schema)
 *         .withEventTime(EventTime.pattern("timestamp", "uuuu-MM-dd HH:mm:ss"))
 *         .withHeader(CsvHeader.REQUIRED));
 * }</pre>
 *
 * @param <T> {@link Row} or the user type
 */
public final class ParseCsv<T> extends PTransform<PCollection<SourceLine>, ParseResult<T>> {

  private final RecordTarget<T> target;
  private final EventTime eventTime;
  private final NonFinitePolicy nonFinite;
  private final int maxPayloadBytes;
  private final List<String> columns; // null: the schema's fields in order
  private final CsvHeader header;
  private final char delimiter;
  private final boolean lenientColumnCount;
  private final PositionFields position; // null: none

  private ParseCsv(
      RecordTarget<T> target,
      EventTime eventTime,
      NonFinitePolicy nonFinite,
      int maxPayloadBytes,
      List<String> columns,
      CsvHeader header,
      char delimiter,
      boolean lenientColumnCount,
      PositionFields position) {
    this.target = target;
    this.eventTime = eventTime;
    this.nonFinite = nonFinite;
    this.maxPayloadBytes = maxPayloadBytes;
    this.columns = columns;
    this.header = header;
    this.delimiter = delimiter;
    this.lenientColumnCount = lenientColumnCount;
    this.position = position;
  }

  /** Parses into {@link Row}s of {@code schema}; columns are its fields in order. */
  public static ParseCsv<Row> rows(Schema schema) {
    return new ParseCsv<>(
        RecordTarget.rows(schema), null, NonFinitePolicy.DEAD_LETTER, Payloads.DEFAULT_MAX_BYTES,
        null, CsvHeader.SKIP_IF_PRESENT, ',', false, null);
  }

  /** Parses into {@code type}, whose Beam schema comes from the pipeline's schema registry. */
  public static <T> ParseCsv<T> to(Class<T> type) {
    return new ParseCsv<>(
        RecordTarget.type(type), null, NonFinitePolicy.DEAD_LETTER, Payloads.DEFAULT_MAX_BYTES,
        null, CsvHeader.SKIP_IF_PRESENT, ',', false, null);
  }

  /** Where the event time is; without it, records keep the input element's timestamp. */
  public ParseCsv<T> withEventTime(EventTime eventTime) {
    checkArgument(eventTime != null, "eventTime must not be null");
    return new ParseCsv<>(target, eventTime, nonFinite, maxPayloadBytes, columns, header, delimiter, lenientColumnCount, position);
  }

  /** NaN/Infinity handling; default {@link NonFinitePolicy#DEAD_LETTER}. */
  public ParseCsv<T> withNonFinite(NonFinitePolicy policy) {
    checkArgument(policy != null, "policy must not be null");
    return new ParseCsv<>(target, eventTime, policy, maxPayloadBytes, columns, header, delimiter, lenientColumnCount, position);
  }

  /** Lines over this many UTF-8 bytes are dead-lettered; default 1 MiB. Must be positive. */
  public ParseCsv<T> withMaxPayloadBytes(int maxPayloadBytes) {
    checkArgument(maxPayloadBytes > 0, "maxPayloadBytes must be positive, got %s", maxPayloadBytes);
    return new ParseCsv<>(target, eventTime, nonFinite, maxPayloadBytes, columns, header, delimiter, lenientColumnCount, position);
  }

  /** The columns in file order; a name not in the schema is a column to ignore. */
  public ParseCsv<T> withColumns(String... columns) {
    checkArgument(columns != null && columns.length > 0, "columns must not be empty");
    return new ParseCsv<>(target, eventTime, nonFinite, maxPayloadBytes, List.copyOf(Arrays.asList(columns)), header, delimiter, lenientColumnCount, position);
  }

  /** Line 1 handling; default {@link CsvHeader#SKIP_IF_PRESENT}. */
  public ParseCsv<T> withHeader(CsvHeader header) {
    checkArgument(header != null, "header must not be null");
    return new ParseCsv<>(target, eventTime, nonFinite, maxPayloadBytes, columns, header, delimiter, lenientColumnCount, position);
  }

  /** Field separator; default comma. */
  public ParseCsv<T> withDelimiter(char delimiter) {
    return new ParseCsv<>(target, eventTime, nonFinite, maxPayloadBytes, columns, header, delimiter, lenientColumnCount, position);
  }

  /** Ignore extra columns, treat missing trailing columns as absent. */
  public ParseCsv<T> withLenientColumnCount() {
    return new ParseCsv<>(target, eventTime, nonFinite, maxPayloadBytes, columns, header, delimiter, true, position);
  }

  /**
   * Fills the fields {@code sourceField} (a {@code STRING}) and {@code lineField} (an {@code
   * INT64}) of each record with the input position of its line instead of a column; the columns
   * map to the other fields.
   *
   * @throws IllegalArgumentException if a name is null or empty, or both names are the same; at
   *     expansion, if the schema lacks either field or has it with another type
   */
  public ParseCsv<T> withPositionFields(String sourceField, String lineField) {
    return new ParseCsv<>(target, eventTime, nonFinite, maxPayloadBytes, columns, header, delimiter,
        lenientColumnCount, PositionFields.of(sourceField, lineField));
  }

  @Override
  public ParseResult<T> expand(PCollection<SourceLine> lines) {
    Schema schema = target.schema(lines.getPipeline());
    Schema payloadSchema = position == null ? schema : position.payloadSchema(schema);
    CsvRecordParser parser =
        CsvRecordParser.of(payloadSchema, null)
            .withHeader(header)
            .withDelimiter(delimiter)
            .withNonFinite(nonFinite)
            .withMaxPayloadBytes(maxPayloadBytes);
    if (eventTime != null) {
      parser = parser.withEventTime(eventTime);
    }
    if (columns != null) {
      parser = parser.withColumns(columns.toArray(new String[0]));
    }
    if (lenientColumnCount) {
      parser = parser.withLenientColumnCount();
    }
    LineParser<Row> positioned = position == null ? parser : position.around(parser, schema);
    ParseResult<Row> rows = lines.apply("Parse CSV", new ParseLines<>(positioned, RowCoder.of(schema)));
    return ParseResult.of(target.convert(rows.output()), rows.failures());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("target", target.describe()))
        .add(DisplayData.item("eventTime", String.valueOf(eventTime)))
        .add(DisplayData.item("header", header.name()))
        .add(DisplayData.item("delimiter", String.valueOf(delimiter)));
  }
}
