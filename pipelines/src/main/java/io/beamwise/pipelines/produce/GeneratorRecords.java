package io.beamwise.pipelines.produce;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.io.generator.SensorGenerator;
import java.util.Locale;

/**
 * The records {@code produce} writes: the generator's readings in index order (time, then
 * sensor), keyed by sensor, with every {@code malformedEvery}-th record (1-based) replaced by a
 * malformed one of the same sensor. The malformed kinds cycle through {@link #MALFORMED_REASONS}
 * (the reasons the parser gives them).
 */
public final class GeneratorRecords {

  /** The parse failure reason of each malformed kind, in cycle order. */
  public static final String[] MALFORMED_REASONS = {
    "malformed_json", "missing_field", "bad_timestamp", "bad_value"
  };

  private final SensorGenerator generator;
  private final long count;
  private final int malformedEvery;

  /**
   * @param maxRecords at most this many records; null for the whole stream
   * @param malformedEvery 0 for none, else >= 1
   * @throws IllegalArgumentException for a negative {@code malformedEvery} or {@code maxRecords} < 1
   */
  public GeneratorRecords(SensorGenerator generator, Long maxRecords, int malformedEvery) {
    checkArgument(maxRecords == null || maxRecords >= 1, "maxRecords must be >= 1, got %s", maxRecords);
    checkArgument(malformedEvery >= 0, "malformedEvery must be >= 0 (0 = none), got %s", malformedEvery);
    this.generator = generator;
    this.count = maxRecords == null ? generator.size() : Math.min(maxRecords, generator.size());
    this.malformedEvery = malformedEvery;
  }

  /** Number of records. */
  public long size() {
    return count;
  }

  public boolean isMalformed(long index) {
    return malformedEvery > 0 && (index + 1) % malformedEvery == 0;
  }

  /** Number of malformed records among the first {@link #size()}. */
  public long malformedCount() {
    return malformedEvery == 0 ? 0 : count / malformedEvery;
  }

  /** The record key: the sensor id. */
  public String key(long index) {
    return generator.sensorOf(index);
  }

  /** The record value: a JSON Lines reading, or a malformed one. */
  public String value(long index) {
    if (!isMalformed(index)) {
      return generator.jsonLine(index);
    }
    String sensor = generator.sensorOf(index);
    String ts = generator.timestampOf(index).toString();
    switch ((int) ((index + 1) / malformedEvery - 1) % MALFORMED_REASONS.length) {
      case 0:
        return "{\"sensor\":\"" + sensor + "\",\"ts\":\"" + ts + "\",\"value\":"; // truncated
      case 1:
        return String.format(Locale.ROOT, "{\"sensor\":\"%s\",\"value\":%s}", sensor, generator.valueOf(index));
      case 2:
        return String.format(
            Locale.ROOT, "{\"sensor\":\"%s\",\"ts\":\"not a time\",\"value\":%s}", sensor, generator.valueOf(index));
      default:
        return "{\"sensor\":\"" + sensor + "\",\"ts\":\"" + ts + "\",\"value\":\"n/a\"}";
    }
  }
}
