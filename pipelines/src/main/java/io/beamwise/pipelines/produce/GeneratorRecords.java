package io.beamwise.pipelines.produce;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.io.generator.GeneratedRecord;
import io.beamwise.io.generator.SensorGenerator;

/**
 * The records {@code produce} writes: the generator's records in arrival order (index order),
 * keyed by sensor, the first {@code maxRecords} of them, malformed and late ones included as the
 * generator's options ({@code --malformedFraction}, {@code --lateFraction}, {@code --maxDelay})
 * make them.
 */
public final class GeneratorRecords {

  private final SensorGenerator generator;
  private final long count;

  /**
   * @param maxRecords at most this many records; null for the whole (bounded) stream
   * @throws IllegalArgumentException for {@code maxRecords < 1}, or no maxRecords with an
   *     unbounded generator
   */
  public GeneratorRecords(SensorGenerator generator, Long maxRecords) {
    checkArgument(maxRecords == null || maxRecords >= 1, "maxRecords must be >= 1, got %s", maxRecords);
    checkArgument(
        maxRecords != null || generator.isBounded(),
        "an unbounded generator (--days=0) needs --maxRecords");
    this.generator = generator;
    this.count =
        !generator.isBounded() ? maxRecords : maxRecords == null ? generator.size() : Math.min(maxRecords, generator.size());
  }

  /** Number of records. */
  public long size() {
    return count;
  }

  /** The {@code index}-th record (0-based), with its key, JSON value, event time and fate. */
  public GeneratedRecord record(long index) {
    return generator.record(index);
  }

  /** Number of malformed records among the first {@link #size()}. */
  public long malformedCount() {
    long malformed = 0;
    for (long i = 0; i < count; i++) {
      malformed += generator.fateOf(i) == GeneratedRecord.Fate.MALFORMED ? 1 : 0;
    }
    return malformed;
  }
}
