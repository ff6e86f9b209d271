package io.beamwise.io.generator;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;

/**
 * The unbounded source behind {@link GenerateSensorLines#unbounded}: emits the record indices
 * {@code offset, offset + stride, ...} in arrival order, each with its event time as timestamp,
 * and reports {@link SensorGenerator#watermarkBefore(long)} of the next index as watermark, so
 * on-time records are never behind it and late records are (by more than the lateness). A bounded
 * configuration ends after its last record (watermark at the end of time).
 *
 * <p>Why a source of our own: {@code GenerateSequence}'s reader reports the current element's
 * timestamp as watermark, which would make every out-of-order record late; shifting timestamps
 * back in a later {@code DoFn} needs the deprecated allowed skew and leaves the watermark ahead of
 * the data. Here the watermark is the generator's own lower bound.
 *
 * <p>{@code ratePerSecond > 0} paces emission (records per second over all splits, processing
 * time, from the reader's first start); 0 emits as fast as the runner reads.
 */
final class GeneratorSource extends UnboundedSource<Long, GeneratorSource.Checkpoint> {

  private static final long serialVersionUID = 1L;

  private final SensorGenerator generator;
  private final double ratePerSecond;
  private final long offset;
  private final long stride;

  GeneratorSource(SensorGenerator generator, double ratePerSecond, long offset, long stride) {
    this.generator = generator;
    this.ratePerSecond = ratePerSecond;
    this.offset = offset;
    this.stride = stride;
  }

  /** The next index to emit and when the reader first started (for pacing). */
  static final class Checkpoint implements UnboundedSource.CheckpointMark, Serializable {
    private static final long serialVersionUID = 1L;
    final long next;
    final long startedMillis;

    Checkpoint(long next, long startedMillis) {
      this.next = next;
      this.startedMillis = startedMillis;
    }

    @Override
    public void finalizeCheckpoint() {}
  }

  @Override
  public List<GeneratorSource> split(int desiredNumSplits, PipelineOptions options) {
    // Split by stride: each split's watermark bound holds for its own remaining records.
    int n = (int) Math.max(1, Math.min(desiredNumSplits, 64));
    List<GeneratorSource> splits = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      splits.add(new GeneratorSource(generator, ratePerSecond / n, offset + r * stride, stride * n));
    }
    return splits;
  }

  @Override
  public UnboundedReader<Long> createReader(PipelineOptions options, Checkpoint checkpoint) {
    return new Reader(this, checkpoint);
  }

  @Override
  public Coder<Checkpoint> getCheckpointMarkCoder() {
    return SerializableCoder.of(Checkpoint.class);
  }

  @Override
  public Coder<Long> getOutputCoder() {
    return VarLongCoder.of();
  }

  private static final class Reader extends UnboundedReader<Long> {
    private final GeneratorSource source;
    private long next;
    private long startedMillis;
    private Long current;
    private Instant currentTimestamp;

    Reader(GeneratorSource source, Checkpoint checkpoint) {
      this.source = source;
      this.next = checkpoint == null ? source.offset : checkpoint.next;
      this.startedMillis = checkpoint == null ? -1 : checkpoint.startedMillis;
    }

    @Override
    public boolean start() throws IOException {
      if (startedMillis < 0) {
        startedMillis = System.currentTimeMillis();
      }
      return advance();
    }

    @Override
    public boolean advance() {
      if (exhausted(next)) {
        current = null;
        return false;
      }
      if (source.ratePerSecond > 0) {
        long emitted = (next - source.offset) / source.stride;
        long due = startedMillis + (long) (emitted * 1000.0 / source.ratePerSecond);
        if (System.currentTimeMillis() < due) {
          return false;
        }
      }
      current = next;
      currentTimestamp = source.generator.eventTimeOf(next);
      next += source.stride;
      return true;
    }

    private boolean exhausted(long index) {
      return source.generator.isBounded() && index >= source.generator.size();
    }

    @Override
    public Long getCurrent() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return current;
    }

    @Override
    public Instant getCurrentTimestamp() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return currentTimestamp;
    }

    @Override
    public Instant getWatermark() {
      return exhausted(next)
          ? BoundedWindow.TIMESTAMP_MAX_VALUE
          : source.generator.watermarkBefore(next);
    }

    @Override
    public Checkpoint getCheckpointMark() {
      return new Checkpoint(next, startedMillis);
    }

    @Override
    public GeneratorSource getCurrentSource() {
      return source;
    }

    @Override
    public void close() {}
  }
}
