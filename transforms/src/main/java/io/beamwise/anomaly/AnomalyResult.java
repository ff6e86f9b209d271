package io.beamwise.anomaly;

import com.google.auto.value.AutoValue;
import io.beamwise.anomaly.detectors.Detector;
import io.beamwise.anomaly.detectors.DetectorSpec;
import io.beamwise.parse.SensorReading;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.joda.time.Instant;

/**
 * The score of one reading: the reading's sensor, event time (UTC), value and source position,
 * its anomaly {@code score} in [0, 1], a {@code label} ({@value #WARMING_UP}, {@value #NORMAL} or
 * {@value #ANOMALY}), whether it is flagged ({@code score > threshold}), the {@code threshold}
 * used, the {@code detector} that scored it ({@link DetectorSpec#describe()}), and whether the
 * reading arrived {@code late} (behind its sensor's scored frontier; scored without learning). While
 * the detector warms up the score is 0 and the label {@value #WARMING_UP}.
 *
 * <p>{@code details}: what the score was computed from ({@link Detector#details}, e.g. {@code
 * mean}, {@code std} and {@code z} for a z-score), sorted by name; empty unless {@link
 * ScoreAnomalies#withDetails()} asked for it, and empty while warming up.
 *
 * <p>Multivariate results ({@link ScoreAnomalies#multivariate}) carry the point's components in
 * {@code values}, the reading's key in {@code sensor} and NaN in {@code value}; univariate results
 * have an empty {@code values}.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class AnomalyResult {

  public static final String WARMING_UP = "warming_up";
  public static final String NORMAL = "normal";
  public static final String ANOMALY = "anomaly";

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

  @SchemaFieldNumber("5")
  public abstract double getScore();

  @SchemaFieldNumber("6")
  public abstract String getLabel();

  @SchemaFieldNumber("7")
  public abstract boolean getIsAnomaly();

  @SchemaFieldNumber("8")
  public abstract double getThreshold();

  @SchemaFieldNumber("9")
  public abstract String getDetector();

  @SchemaFieldNumber("10")
  public abstract boolean getLate();

  @SchemaFieldNumber("11")
  public abstract java.util.Map<String, Double> getDetails();

  @SchemaFieldNumber("12")
  public abstract java.util.List<Double> getValues();

  /** An in-order result. */
  public static AnomalyResult of(
      SensorReading r, double score, String label, double threshold, String detector) {
    return create(r, score, label, threshold, detector, false);
  }

  /** A result without details. */
  public static AnomalyResult create(
      SensorReading r, double score, String label, double threshold, String detector, boolean late) {
    return create(r, score, label, threshold, detector, late, java.util.Collections.emptyMap());
  }

  /**
   * A result with the detector's {@code details} (copied, sorted by name).
   *
   * @throws NullPointerException if details is null
   */
  public static AnomalyResult create(
      SensorReading r,
      double score,
      String label,
      double threshold,
      String detector,
      boolean late,
      java.util.Map<String, Double> details) {
    return new AutoValue_AnomalyResult(
        r.getSensor(),
        r.getTimestamp(),
        r.getValue(),
        r.getSource(),
        r.getLine(),
        score,
        label,
        ANOMALY.equals(label),
        threshold,
        detector,
        late,
        sorted(details),
        java.util.Collections.emptyList());
  }

  /** The result of a multivariate reading: {@code value} is NaN, {@code values} its components. */
  public static AnomalyResult createMultivariate(
      MultivariateReading r,
      double score,
      String label,
      double threshold,
      String detector,
      boolean late,
      java.util.Map<String, Double> details) {
    return new AutoValue_AnomalyResult(
        r.getKey(),
        r.getTimestamp(),
        Double.NaN,
        r.getSource(),
        r.getLine(),
        score,
        label,
        ANOMALY.equals(label),
        threshold,
        detector,
        late,
        sorted(details),
        r.getValues());
  }

  private static java.util.Map<String, Double> sorted(java.util.Map<String, Double> details) {
    return details.isEmpty()
        ? java.util.Collections.emptyMap()
        : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(details));
  }
}
