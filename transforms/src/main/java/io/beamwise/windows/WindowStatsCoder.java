package io.beamwise.windows;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;

/**
 * Compact deterministic coder for {@link WindowStats}, field by field: one flags byte (the pane's
 * timing and {@code isFinal}), key, window start and end (8 bytes each), count and pane index
 * (varints), then min, max, mean, sum and standard deviation (8 bytes each, {@link
 * Double#doubleToLongBits}). About 70 bytes for a key of 10 characters.
 *
 * <p>{@link ComputeWindowStats} uses it for its statistics, so they cross the runner's stages
 * without the conversion to and from a schema {@code Row} that {@code SchemaCoder} does for every
 * element. The type keeps its schema ({@code @DefaultSchema}): for {@code Row}s apply {@code
 * .setCoder(pipeline.getSchemaRegistry().getSchemaCoder(WindowStats.class))} first.
 */
public final class WindowStatsCoder extends AtomicCoder<WindowStats> {

  private static final WindowStatsCoder INSTANCE = new WindowStatsCoder();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final PaneInfo.Timing[] TIMINGS = PaneInfo.Timing.values();

  // Flags byte: bits 0-2 the index of the timing in PaneInfo.Timing (7 = another timing, written
  // as a string), bit 3 isFinal.
  private static final int TIMING_MASK = 0b111;
  private static final int OTHER_TIMING = 7;
  private static final int IS_FINAL = 1 << 3;

  public static WindowStatsCoder of() {
    return INSTANCE;
  }

  private WindowStatsCoder() {}

  @Override
  public void encode(WindowStats s, OutputStream out) throws CoderException, IOException {
    if (s == null) {
      throw new CoderException("cannot encode a null WindowStats");
    }
    int timing = timingCode(s.getTiming());
    out.write(timing | (s.getIsFinal() ? IS_FINAL : 0));
    if (timing == OTHER_TIMING) {
      STRING.encode(s.getTiming(), out);
    }
    STRING.encode(s.getKey(), out);
    InstantCoder.of().encode(s.getWindowStart(), out);
    InstantCoder.of().encode(s.getWindowEnd(), out);
    VarLongCoder.of().encode(s.getCount(), out);
    VarLongCoder.of().encode(s.getPaneIndex(), out);
    DataOutputStream data = new DataOutputStream(out);
    data.writeDouble(s.getMin());
    data.writeDouble(s.getMax());
    data.writeDouble(s.getMean());
    data.writeDouble(s.getSum());
    data.writeDouble(s.getStdDev());
  }

  @Override
  public WindowStats decode(InputStream in) throws CoderException, IOException {
    int flags = in.read();
    if (flags < 0) {
      throw new CoderException("end of input before a WindowStats");
    }
    int timingCode = flags & TIMING_MASK;
    String timing = timingCode == OTHER_TIMING ? STRING.decode(in) : TIMINGS[timingCode].name();
    String key = STRING.decode(in);
    org.joda.time.Instant start = InstantCoder.of().decode(in);
    org.joda.time.Instant end = InstantCoder.of().decode(in);
    long count = VarLongCoder.of().decode(in);
    long paneIndex = VarLongCoder.of().decode(in);
    DataInputStream data = new DataInputStream(in);
    double min = data.readDouble();
    double max = data.readDouble();
    double mean = data.readDouble();
    double sum = data.readDouble();
    double stdDev = data.readDouble();
    return new AutoValue_WindowStats(
        key, start, end, count, min, max, mean, sum, stdDev, timing, paneIndex,
        (flags & IS_FINAL) != 0);
  }

  private static int timingCode(String timing) {
    for (int i = 0; i < TIMINGS.length && i < OTHER_TIMING; i++) {
      if (TIMINGS[i].name().equals(timing)) {
        return i;
      }
    }
    return OTHER_TIMING;
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
