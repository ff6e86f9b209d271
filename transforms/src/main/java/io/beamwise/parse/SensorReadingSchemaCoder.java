package io.beamwise.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.SchemaCoder;
import org.apache.beam.sdk.util.VarInt;

/**
 * The schema coder of {@link SensorReading}, writing and reading the very bytes of Beam's {@code
 * RowCoder} for its schema without building a {@code Row}: the field count, an empty null bitmap,
 * then sensor, timestamp, value, source and line, each by its field type's coder, in the schema's
 * encoding order. It is a {@link SchemaCoder} with the registered schema and conversion functions,
 * so a {@code PCollection<SensorReading>} that has it still has its schema (rows, {@code Select},
 * SQL); only the work per element changes.
 *
 * <p>Why: the parsers' output crosses a task boundary on the FlinkRunner's batch mode (the parse
 * step has two outputs, readings and dead letters), and the generic schema coder's conversion to
 * and from a {@code Row} (reflective getters, a cached creator looked up per element) was about 9%
 * of beamwise's CPU samples over 10 million readings.
 *
 * <p>{@link #wrap} returns the registered coder unchanged when the schema is not the one this class
 * knows (five non-null fields of these types, in any encoding order): the bytes are always those
 * of the registered coder. Decoding rejects, with a {@link CoderException}, encodings with another
 * field count or with null fields, which no {@code SensorReading} has.
 */
public final class SensorReadingSchemaCoder extends SchemaCoder<SensorReading> {

  private static final long serialVersionUID = 1L;
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final InstantCoder INSTANT = InstantCoder.of();
  private static final DoubleCoder DOUBLE = DoubleCoder.of();
  private static final VarLongCoder LONG = VarLongCoder.of();

  private static final List<String> FIELDS = List.of("sensor", "timestamp", "value", "source", "line");
  private static final List<Schema.FieldType> TYPES =
      List.of(
          Schema.FieldType.STRING,
          Schema.FieldType.DATETIME,
          Schema.FieldType.DOUBLE,
          Schema.FieldType.STRING,
          Schema.FieldType.INT64);

  /** {@code order[i]}: which of {@link #FIELDS} is encoded i-th. */
  private final int[] order;

  private SensorReadingSchemaCoder(SchemaCoder<SensorReading> registered, int[] order) {
    super(
        registered.getSchema(),
        registered.getEncodedTypeDescriptor(),
        registered.getToRowFunction(),
        registered.getFromRowFunction());
    this.order = order;
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
    int[] order = new int[FIELDS.size()];
    boolean[] seen = new boolean[FIELDS.size()];
    for (int f = 0; f < FIELDS.size(); f++) {
      String name = FIELDS.get(f);
      if (!schema.hasField(name) || !schema.getField(name).getType().equals(TYPES.get(f))) {
        return registered;
      }
      Integer position = schema.getEncodingPositions().get(name);
      if (position == null || position < 0 || position >= order.length || seen[position]) {
        return registered;
      }
      seen[position] = true;
      order[position] = f;
    }
    return new SensorReadingSchemaCoder(registered, order);
  }

  @Override
  public void encode(SensorReading r, OutputStream out) throws IOException {
    if (r == null) {
      throw new CoderException("cannot encode a null SensorReading");
    }
    VarInt.encode(FIELDS.size(), out);
    out.write(0); // the null bitmap: an empty BitSet, as a length-prefixed empty byte array
    for (int f : order) {
      switch (f) {
        case 0 -> STRING.encode(r.getSensor(), out);
        case 1 -> INSTANT.encode(r.getTimestamp(), out);
        case 2 -> DOUBLE.encode(r.getValue(), out);
        case 3 -> STRING.encode(r.getSource(), out);
        default -> LONG.encode(r.getLine(), out);
      }
    }
  }

  @Override
  public SensorReading decode(InputStream in) throws IOException {
    int fields = VarInt.decodeInt(in);
    if (fields != FIELDS.size()) {
      throw new CoderException(
          "a SensorReading row has " + FIELDS.size() + " fields, this encoding has " + fields);
    }
    int nullBitmapLength = VarInt.decodeInt(in);
    if (nullBitmapLength != 0) {
      throw new CoderException("a SensorReading has no null fields, this encoding has some");
    }
    String sensor = null;
    org.joda.time.Instant timestamp = null;
    double value = 0;
    String source = null;
    long line = 0;
    for (int f : order) {
      switch (f) {
        case 0 -> sensor = STRING.decode(in);
        case 1 -> timestamp = INSTANT.decode(in);
        case 2 -> value = DOUBLE.decode(in);
        case 3 -> source = STRING.decode(in);
        default -> line = LONG.decode(in);
      }
    }
    return SensorReading.create(sensor, timestamp, value, source, line);
  }
}
