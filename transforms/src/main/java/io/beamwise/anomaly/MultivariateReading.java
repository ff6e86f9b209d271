package io.beamwise.anomaly;

import com.google.auto.value.AutoValue;
import io.beamwise.parse.SensorReading;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.joda.time.Instant;

/**
 * One multivariate observation of a key (a machine, a sensor group) at an event time (UTC): its
 * {@code values} (the components of the point, in a fixed order per key) and its source position
 * (source name and line or offset), the input of {@link ScoreAnomalies#multivariate}.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class MultivariateReading {

  /**
   * The deterministic order in which a key's readings are scored: event time, then source, then
   * line ({@link SensorReading#eventOrder}, the rule of {@link SensorReading#EVENT_ORDER}).
   */
  public static final Comparator<MultivariateReading> EVENT_ORDER =
      SensorReading.eventOrder(
          MultivariateReading::getTimestamp,
          MultivariateReading::getSource,
          MultivariateReading::getLine);

  @SchemaFieldNumber("0")
  public abstract String getKey();

  @SchemaFieldNumber("1")
  public abstract Instant getTimestamp();

  @SchemaFieldNumber("2")
  public abstract List<Double> getValues();

  @SchemaFieldNumber("3")
  public abstract String getSource();

  @SchemaFieldNumber("4")
  public abstract long getLine();

  /** A reading of {@code values} (copied). */
  public static MultivariateReading create(
      String key, Instant timestamp, List<Double> values, String source, long line) {
    return new AutoValue_MultivariateReading(
        key, timestamp, Collections.unmodifiableList(new ArrayList<>(values)), source, line);
  }

  /** A reading of {@code values} (copied). */
  public static MultivariateReading of(
      String key, Instant timestamp, double[] values, String source, long line) {
    List<Double> list = new ArrayList<>(values.length);
    for (double v : values) {
      list.add(v);
    }
    return create(key, timestamp, list, source, line);
  }

  /** The values as a new array. */
  public double[] valuesArray() {
    List<Double> values = getValues();
    double[] array = new double[values.size()];
    for (int i = 0; i < array.length; i++) {
      array[i] = values.get(i);
    }
    return array;
  }
}
