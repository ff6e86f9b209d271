package io.beamwise.stats;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * Compact deterministic coder for {@link Stats}: two varints (count, NaN count) and five IEEE-754
 * doubles (sum, mean, M2, min, max) — at most 60 bytes. No Java serialization.
 */
public final class StatsCoder extends AtomicCoder<Stats> {

  private static final StatsCoder INSTANCE = new StatsCoder();
  private static final VarLongCoder LONG = VarLongCoder.of();

  public static StatsCoder of() {
    return INSTANCE;
  }

  private StatsCoder() {}

  @Override
  public void encode(Stats value, OutputStream out) throws CoderException, IOException {
    if (value == null) {
      throw new CoderException("cannot encode a null Stats");
    }
    LONG.encode(value.count(), out);
    LONG.encode(value.nanCount(), out);
    DataOutputStream data = new DataOutputStream(out);
    data.writeDouble(value.sum());
    data.writeDouble(value.rawMean());
    data.writeDouble(value.m2());
    data.writeDouble(value.min());
    data.writeDouble(value.max());
    data.flush();
  }

  @Override
  public Stats decode(InputStream in) throws CoderException, IOException {
    long count = LONG.decode(in);
    long nanCount = LONG.decode(in);
    DataInputStream data = new DataInputStream(in);
    return Stats.of(
        count,
        nanCount,
        data.readDouble(),
        data.readDouble(),
        data.readDouble(),
        data.readDouble(),
        data.readDouble());
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
