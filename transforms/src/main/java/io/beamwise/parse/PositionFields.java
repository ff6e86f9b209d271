package io.beamwise.parse;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * Two fields of a record schema that the parser fills with the input position of each record
 * (the {@link SourceLine}'s source and line number) instead of reading them from the payload, so
 * that parsed records can be traced back to their line, e.g. in dead letters written later.
 *
 * <p>The source field must be a {@code STRING} and the line field an {@code INT64} (Java {@code
 * long}) of the schema. The payload's own fields of those names are ignored, and for CSV the two
 * fields take no column: the columns map to the other fields.
 */
final class PositionFields implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final String line;

  private PositionFields(String source, String line) {
    this.source = source;
    this.line = line;
  }

  /**
   * @throws IllegalArgumentException if a name is null or empty or both are the same
   */
  static PositionFields of(String source, String line) {
    checkArgument(source != null && !source.isEmpty(), "source field must be a field name, got '%s'", source);
    checkArgument(line != null && !line.isEmpty(), "line field must be a field name, got '%s'", line);
    checkArgument(!source.equals(line), "source and line fields must differ, both are '%s'", source);
    return new PositionFields(source, line);
  }

  /**
   * The schema the payload is parsed with: {@code schema} without the two position fields.
   *
   * @throws IllegalArgumentException if {@code schema} lacks either field or has it with another type
   */
  Schema payloadSchema(Schema schema) {
    check(schema, source, Schema.TypeName.STRING);
    check(schema, line, Schema.TypeName.INT64);
    Schema.Builder b = Schema.builder();
    for (Schema.Field f : schema.getFields()) {
      if (!f.getName().equals(source) && !f.getName().equals(line)) {
        b.addField(f);
      }
    }
    return b.build();
  }

  private static void check(Schema schema, String name, Schema.TypeName type) {
    checkArgument(
        schema.hasField(name),
        "position field '%s' is not a field of the record schema %s",
        name,
        schema.getFieldNames());
    Schema.TypeName actual = schema.getField(name).getType().getTypeName();
    checkArgument(
        actual == type, "position field '%s' must be of type %s, got %s", name, type, actual);
  }

  /** {@code parser} (over {@link #payloadSchema}) with the position put into its records. */
  LineParser<Row> around(LineParser<Row> parser, Schema schema) {
    int sourceIndex = schema.indexOf(source);
    int lineIndex = schema.indexOf(line);
    return sourceLine -> {
      ParseOutcome<Row> outcome = parser.parse(sourceLine);
      if (outcome.kind() != ParseOutcome.Kind.RECORD) {
        return outcome;
      }
      Object[] values = new Object[schema.getFieldCount()];
      int from = 0;
      for (int i = 0; i < values.length; i++) {
        if (i == sourceIndex) {
          values[i] = sourceLine.getSource();
        } else if (i == lineIndex) {
          values[i] = sourceLine.getLine();
        } else {
          values[i] = outcome.value().getValue(from++);
        }
      }
      return ParseOutcome.record(
          Row.withSchema(schema).attachValues(Arrays.asList(values)), outcome.eventTime());
    };
  }

  @Override
  public String toString() {
    return source + "," + line;
  }
}
