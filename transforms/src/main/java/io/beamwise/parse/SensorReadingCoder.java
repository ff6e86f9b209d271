package io.beamwise.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * Compact deterministic coder for {@link SensorReading}: sensor, timestamp, value, source, line,
 * field by field, each by the coder of its schema field type. Used inside {@code ScoreAnomalies}
 * (the keyed shuffle and the per-sensor buffer) and wherever readings are shuffled whole. These
 * bytes are also the fields of the schema's row encoding, which {@link SensorReadingSchemaCoder}
 * writes after the row's header: keep the two in step ({@code SensorReadingSchemaCoderTest}).
 *
 * <p>Why not the schema coder: it converts every reading to a {@code Row} and back, which the
 * end-to-end benchmark measured at about a sixth of beamwise's CPU time on the FlinkRunner. The
 * public outputs keep the input's coder.
 */
public final class SensorReadingCoder extends AtomicCoder<SensorReading> {

  private static final SensorReadingCoder INSTANCE = new SensorReadingCoder();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();

  public static SensorReadingCoder of() {
    return INSTANCE;
  }

  private SensorReadingCoder() {}

  @Override
  public void encode(SensorReading r, OutputStream out) throws CoderException, IOException {
    if (r == null) {
      throw new CoderException("cannot encode a null SensorReading");
    }
    STRING.encode(r.getSensor(), out);
    InstantCoder.of().encode(r.getTimestamp(), out);
    DoubleCoder.of().encode(r.getValue(), out);
    STRING.encode(r.getSource(), out);
    VarLongCoder.of().encode(r.getLine(), out);
  }

  @Override
  public SensorReading decode(InputStream in) throws CoderException, IOException {
    return SensorReading.create(
        STRING.decode(in),
        InstantCoder.of().decode(in),
        DoubleCoder.of().decode(in),
        STRING.decode(in),
        VarLongCoder.of().decode(in));
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
