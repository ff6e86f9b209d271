package io.beamwise.stats;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteOrder;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * Coder for a {@link KllDoublesSketch}, the accumulator of {@link QuantilesFn}: a varint length
 * followed by the sketch's own compact serialization ({@link KllDoublesSketch#toByteArray()},
 * little-endian, 8 bytes when empty, 16 with one value, and a few KB at most for k = 200).
 * Decoding uses {@link KllDoublesSketch#heapify}, which in DataSketches 6.x returns an updatable
 * on-heap sketch: a decoded accumulator accepts further values and merges like a fresh one.
 *
 * <p>Deterministic in the sense that matters here: the bytes are a function of the sketch state
 * only, so encoding twice, or encoding, decoding and encoding again, gives the same bytes. Note
 * that a query ({@code getQuantiles}, as in {@link QuantilesFn#extractOutput}) sorts the
 * sketch's level 0 in place and sets a "sorted" flag: the bytes before and after a query differ,
 * although both decode to sketches that give the same answers. Sketches have no {@code equals},
 * so the coder is not consistent with equals; Beam compares the encoded bytes. No Java
 * serialization.
 */
public final class KllSketchCoder extends AtomicCoder<KllDoublesSketch> {

  private static final KllSketchCoder INSTANCE = new KllSketchCoder();
  private static final VarIntCoder INT = VarIntCoder.of();

  public static KllSketchCoder of() {
    return INSTANCE;
  }

  private KllSketchCoder() {}

  @Override
  public void encode(KllDoublesSketch value, OutputStream out) throws CoderException, IOException {
    if (value == null) {
      throw new CoderException("cannot encode a null KllDoublesSketch");
    }
    byte[] bytes = value.toByteArray();
    INT.encode(bytes.length, out);
    out.write(bytes);
  }

  @Override
  public KllDoublesSketch decode(InputStream in) throws CoderException, IOException {
    int length = INT.decode(in);
    if (length < 0) {
      throw new CoderException("negative KllDoublesSketch length: " + length);
    }
    byte[] bytes = new byte[length];
    new DataInputStream(in).readFully(bytes);
    try {
      // The serialized form is little-endian whatever the platform.
      return KllDoublesSketch.heapify(Memory.wrap(bytes, ByteOrder.LITTLE_ENDIAN));
    } catch (RuntimeException e) {
      // Corrupt bytes surface as SketchesArgumentException, MemoryBoundsException,
      // ArrayIndexOutOfBoundsException and others, depending on where they are caught.
      throw new CoderException("invalid KllDoublesSketch bytes: " + e, e);
    }
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return false;
  }
}
