package io.beamwise.anomaly;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.joda.time.Instant;

/**
 * One episode of a key's alerts: alerts of one key each of which follows the previous one by less
 * than the episode gap (event time), summarized as the thing a person acts on. See {@link
 * GroupAlertsIntoEpisodes}.
 *
 * <p>{@code start} and {@code end} are the event times (UTC) of the first and the last alert of
 * the episode ({@code start == end} for a single alert); {@code alerts} how many alerts it has;
 * {@code peakScore}, {@code peakTime} and {@code peakValue} the alert with the highest score (the
 * earliest of equal scores); {@code source} and {@code line} the input position of the first
 * alert; {@code detector} the detector that scored them.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class AlertEpisode {

  @SchemaFieldNumber("0")
  public abstract String getKey();

  @SchemaFieldNumber("1")
  public abstract Instant getStart();

  @SchemaFieldNumber("2")
  public abstract Instant getEnd();

  @SchemaFieldNumber("3")
  public abstract long getAlerts();

  @SchemaFieldNumber("4")
  public abstract double getPeakScore();

  @SchemaFieldNumber("5")
  public abstract Instant getPeakTime();

  @SchemaFieldNumber("6")
  public abstract double getPeakValue();

  @SchemaFieldNumber("7")
  public abstract String getSource();

  @SchemaFieldNumber("8")
  public abstract long getLine();

  @SchemaFieldNumber("9")
  public abstract String getDetector();

  /**
   * An episode from its first alert, its peak alert, the time of its last alert and its count.
   *
   * @throws IllegalArgumentException if {@code alerts < 1} or {@code end} is before the first
   *     alert
   */
  public static AlertEpisode of(AnomalyResult first, AnomalyResult peak, Instant end, long alerts) {
    if (alerts < 1) {
      throw new IllegalArgumentException("alerts must be at least 1, got " + alerts);
    }
    if (end.isBefore(first.getTimestamp())) {
      throw new IllegalArgumentException(
          "end " + end + " must not be before the first alert at " + first.getTimestamp());
    }
    return create(
        first.getSensor(),
        first.getTimestamp(),
        end,
        alerts,
        peak.getScore(),
        peak.getTimestamp(),
        peak.getValue(),
        first.getSource(),
        first.getLine(),
        first.getDetector());
  }

  /** All fields; for schema inference and tests. */
  public static AlertEpisode create(
      String key,
      Instant start,
      Instant end,
      long alerts,
      double peakScore,
      Instant peakTime,
      double peakValue,
      String source,
      long line,
      String detector) {
    return new AutoValue_AlertEpisode(
        key, start, end, alerts, peakScore, peakTime, peakValue, source, line, detector);
  }
}
