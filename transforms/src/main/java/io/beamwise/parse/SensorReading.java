package io.beamwise.parse;

import com.google.auto.value.AutoValue;
import java.util.Comparator;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.joda.time.Instant;

/**
 * A parsed sensor reading: which sensor, when (event time, UTC instant with millisecond
 * precision), the measured value, and the position of the raw record it came from.
 *
 * <p>The value is always finite: parsers dead-letter NaN and infinities.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class SensorReading {

  /**
   * The deterministic order in which readings of one sensor are processed: event time first,
   * then source, then line number. Two readings with the same timestamp (NAB's ec2 file has 11)
   * are therefore taken in input row order.
   */
  public static final Comparator<SensorReading> EVENT_ORDER =
      eventOrder(SensorReading::getTimestamp, SensorReading::getSource, SensorReading::getLine);

  /**
   * {@link #EVENT_ORDER}'s rule over any type {@code T} that carries a reading's event time and
   * input position (a multivariate reading, a scored result): event time, then source, then line.
   */
  public static <T> Comparator<T> eventOrder(
      Function<? super T, Instant> timestamp,
      Function<? super T, String> source,
      ToLongFunction<? super T> line) {
    return Comparator.<T, Instant>comparing(timestamp)
        .thenComparing(source)
        .thenComparingLong(line);
  }

  @SchemaFieldNumber("0")
  public abstract String getSensor();

  @SchemaFieldNumber("1")
  public abstract Instant getTimestamp();

  @SchemaFieldNumber("2")
  public abstract double getValue();

  @SchemaFieldNumber("3")
  public abstract String getSource();

  @SchemaFieldNumber("4")
  public abstract long getLine();

  public static SensorReading create(
      String sensor, Instant timestamp, double value, String source, long line) {
    return new AutoValue_SensorReading(sensor, timestamp, value, source, line);
  }
}
