package io.beamwise.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.SchemaCoder;
import org.apache.beam.sdk.util.VarInt;

/**
 * The schema coder of {@link SensorReading}, writing and reading the very bytes of Beam's {@code
 * RowCoder} for its schema without building a {@code Row}: the field count (5), an empty null
 * bitmap, then the fields in schema order, which is {@link SensorReadingCoder}'s encoding (sensor,
 * timestamp, value, source, line, each by the coder of its field type). It is a {@link SchemaCoder}
 * with the registered schema and conversion functions, so a {@code PCollection<SensorReading>}
 * that has it still has its schema (rows, {@code Select}, SQL); only the work per element changes.
 *
 * <p>Why: the parsers' output crosses a task boundary on the FlinkRunner's batch mode (the parse
 * step has two outputs, readings and dead letters), and the generic schema coder's conversion to
 * and from a {@code Row} (reflective getters, a cached creator looked up per element) was about 9%
 * of beamwise's CPU samples over 10 million readings.
 *
 * <p>{@link #wrap} returns the registered coder unchanged when the schema is not the one this class
 * knows (these five non-null fields, in this encoding order): the bytes are always those of the
 * registered coder. Decoding rejects, with a {@link CoderException}, encodings with another field
 * count or with null fields, which no {@code SensorReading} has.
 */
public final class SensorReadingSchemaCoder extends SchemaCoder<SensorReading> {

  private static final long serialVersionUID = 1L;

  /** The registered schema, field by field in encoding order: {@link SensorReadingCoder}'s order. */
  private static final List<Schema.Field> FIELDS =
      List.of(
          Schema.Field.of("sensor", Schema.FieldType.STRING),
          Schema.Field.of("timestamp", Schema.FieldType.DATETIME),
          Schema.Field.of("value", Schema.FieldType.DOUBLE),
          Schema.Field.of("source", Schema.FieldType.STRING),
          Schema.Field.of("line", Schema.FieldType.INT64));

  private SensorReadingSchemaCoder(SchemaCoder<SensorReading> registered) {
    super(
        registered.getSchema(),
        registered.getEncodedTypeDescriptor(),
        registered.getToRowFunction(),
        registered.getFromRowFunction());
  }

  /**
   * The registered schema coder of {@link SensorReading} with direct encoding, or {@code
   * registered} itself when its schema is not the expected one.
   */
  public static SchemaCoder<SensorReading> wrap(SchemaCoder<SensorReading> registered) {
    Schema schema = registered.getSchema();
    if (schema.getFieldCount() != FIELDS.size()) {
      return registered;
    }
    for (int i = 0; i < FIELDS.size(); i++) {
      Schema.Field want = FIELDS.get(i);
      Integer position = schema.getEncodingPositions().get(want.getName());
      if (!schema.hasField(want.getName())
          || !schema.getField(want.getName()).getType().equals(want.getType())
          || position == null
          || position != i) {
        return registered;
      }
    }
    return new SensorReadingSchemaCoder(registered);
  }

  @Override
  public void encode(SensorReading r, OutputStream out) throws IOException {
    if (r == null) {
      throw new CoderException("cannot encode a null SensorReading");
    }
    VarInt.encode(FIELDS.size(), out);
    out.write(0); // the null bitmap: an empty BitSet, as a length-prefixed empty byte array
    SensorReadingCoder.of().encode(r, out);
  }

  @Override
  public SensorReading decode(InputStream in) throws IOException {
    int fields = VarInt.decodeInt(in);
    if (fields != FIELDS.size()) {
      throw new CoderException(
          "a SensorReading row has " + FIELDS.size() + " fields, this encoding has " + fields);
    }
    if (VarInt.decodeInt(in) != 0) {
      throw new CoderException("a SensorReading has no null fields, this encoding has some");
    }
    return SensorReadingCoder.of().decode(in);
  }
}
