package io.beamwise.windows;

import com.google.auto.value.AutoValue;
import io.beamwise.stats.Stats;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.joda.time.Instant;

/**
 * Statistics of one key in one event-time window: the window is [{@code windowStart}, {@code
 * windowEnd}) in UTC; {@code count}, {@code min}, {@code max}, {@code mean}, {@code sum} and the
 * sample standard deviation (NaN for a single value) of the values in it.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class WindowStats {

  @SchemaFieldNumber("0")
  public abstract String getKey();

  @SchemaFieldNumber("1")
  public abstract Instant getWindowStart();

  @SchemaFieldNumber("2")
  public abstract Instant getWindowEnd();

  @SchemaFieldNumber("3")
  public abstract long getCount();

  @SchemaFieldNumber("4")
  public abstract double getMin();

  @SchemaFieldNumber("5")
  public abstract double getMax();

  @SchemaFieldNumber("6")
  public abstract double getMean();

  @SchemaFieldNumber("7")
  public abstract double getSum();

  @SchemaFieldNumber("8")
  public abstract double getStdDev();

  public static WindowStats of(String key, Instant start, Instant end, Stats stats) {
    return new AutoValue_WindowStats(
        key,
        start,
        end,
        stats.count(),
        stats.min(),
        stats.max(),
        stats.mean(),
        stats.sum(),
        stats.sampleStdDev());
  }
}
