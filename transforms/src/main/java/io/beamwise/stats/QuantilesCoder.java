package io.beamwise.stats;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * Compact deterministic coder for {@link Quantiles}: a varint number of ranks m, then m (rank,
 * value) pairs of IEEE-754 doubles, a varint n, and the min, max and normalized rank error as
 * doubles — 16·m + 24 bytes plus the two varints. No Java serialization.
 */
public final class QuantilesCoder extends AtomicCoder<Quantiles> {

  private static final QuantilesCoder INSTANCE = new QuantilesCoder();
  private static final VarIntCoder INT = VarIntCoder.of();
  private static final VarLongCoder LONG = VarLongCoder.of();

  public static QuantilesCoder of() {
    return INSTANCE;
  }

  private QuantilesCoder() {}

  @Override
  public void encode(Quantiles value, OutputStream out) throws CoderException, IOException {
    if (value == null) {
      throw new CoderException("cannot encode a null Quantiles");
    }
    double[] ranks = value.ranks();
    double[] values = value.values();
    INT.encode(ranks.length, out);
    DataOutputStream data = new DataOutputStream(out);
    for (int i = 0; i < ranks.length; i++) {
      data.writeDouble(ranks[i]);
      data.writeDouble(values[i]);
    }
    data.flush();
    LONG.encode(value.n(), out);
    data.writeDouble(value.min());
    data.writeDouble(value.max());
    data.writeDouble(value.normalizedRankError());
    data.flush();
  }

  @Override
  public Quantiles decode(InputStream in) throws CoderException, IOException {
    int m = INT.decode(in);
    if (m < 0) {
      throw new CoderException("negative number of ranks: " + m);
    }
    DataInputStream data = new DataInputStream(in);
    double[] ranks = new double[m];
    double[] values = new double[m];
    for (int i = 0; i < m; i++) {
      ranks[i] = data.readDouble();
      values[i] = data.readDouble();
    }
    long n = LONG.decode(in);
    double min = data.readDouble();
    double max = data.readDouble();
    double error = data.readDouble();
    try {
      return Quantiles.of(ranks, values, n, min, max, error);
    } catch (IllegalArgumentException e) {
      throw new CoderException("invalid encoded Quantiles: " + e.getMessage(), e);
    }
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
