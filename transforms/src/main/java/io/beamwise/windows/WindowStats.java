package io.beamwise.windows;

import com.google.auto.value.AutoValue;
import io.beamwise.stats.Stats;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.joda.time.Instant;

/**
 * Statistics of one key in one pane of an event-time window: the window is [{@code windowStart},
 * {@code windowEnd}) in UTC; the pane's {@code timing} ({@code EARLY}, {@code ON_TIME}, {@code
 * LATE}), {@code paneIndex} and {@code isFinal}; {@code count}, {@code min}, {@code max}, {@code
 * mean}, {@code sum} and the sample standard deviation (NaN for a single value) of the values in
 * the pane.
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

  @SchemaFieldNumber("9")
  public abstract String getTiming();

  @SchemaFieldNumber("10")
  public abstract long getPaneIndex();

  @SchemaFieldNumber("11")
  public abstract boolean getIsFinal();

  /** The statistics of one pane. */
  public static WindowStats of(WindowResult<String, Stats> pane) {
    Stats stats = pane.getValue();
    return new AutoValue_WindowStats(
        pane.getKey(),
        pane.getWindowStart(),
        pane.getWindowEnd(),
        stats.count(),
        stats.min(),
        stats.max(),
        stats.mean(),
        stats.sum(),
        stats.sampleStdDev(),
        pane.getTiming().name(),
        pane.getPaneIndex(),
        pane.isFinal());
  }
}
