package io.beamwise.io.generator;

import java.io.Serializable;
import org.joda.time.Instant;

/**
 * Record {@code index} of a {@link SensorGenerator} stream: what a producer sends (key, JSON text,
 * event time) and what the generator knows about it (fate, malformed shape, active anomaly), for
 * evaluation and for tests that reconcile counts.
 */
public final class GeneratedRecord implements Serializable {

  private static final long serialVersionUID = 1L;

  /** What happens to a record on its way to the pipeline. */
  public enum Fate {
    /** Well-formed; its event time is at most {@code maxDelay} before its arrival slot. */
    ON_TIME,
    /** Well-formed but late: its event time is more than {@code lateness} behind the watermark. */
    LATE,
    /** Not parseable as a reading ({@link MalformedShape}); to be dead-lettered. */
    MALFORMED
  }

  private final long index;
  private final String sensor;
  private final long sequence;
  private final Instant arrivalSlot;
  private final Instant eventTime;
  private final Fate fate;
  private final MalformedShape malformedShape;
  private final AnomalyKind anomaly;
  private final double reading;
  private final String json;

  GeneratedRecord(
      long index,
      String sensor,
      long sequence,
      Instant arrivalSlot,
      Instant eventTime,
      Fate fate,
      MalformedShape malformedShape,
      AnomalyKind anomaly,
      double reading,
      String json) {
    this.index = index;
    this.sensor = sensor;
    this.sequence = sequence;
    this.arrivalSlot = arrivalSlot;
    this.eventTime = eventTime;
    this.fate = fate;
    this.malformedShape = malformedShape;
    this.anomaly = anomaly;
    this.reading = reading;
    this.json = json;
  }

  /** Position in arrival order, from 0. */
  public long index() {
    return index;
  }

  /** The message key: the sensor id. */
  public String key() {
    return sensor;
  }

  public String sensor() {
    return sensor;
  }

  /** The reading's number within its sensor, from 0 ({@code index / sensors}). */
  public long sequence() {
    return sequence;
  }

  /** The nominal arrival time: {@code start + sequence × interval} (UTC). */
  public Instant arrivalSlot() {
    return arrivalSlot;
  }

  /** The event time, also written in the JSON {@code ts} (except for {@code bad_timestamp}). */
  public Instant eventTime() {
    return eventTime;
  }

  public Fate fate() {
    return fate;
  }

  /** The malformed shape, or null when the record is well-formed. */
  public MalformedShape malformedShape() {
    return malformedShape;
  }

  /** The injected anomaly this reading belongs to, or null. */
  public AnomalyKind anomaly() {
    return anomaly;
  }

  /** The sensor value (rounded to 3 decimals); for a malformed record, the value it replaced. */
  public double reading() {
    return reading;
  }

  /** The message value: one line of JSON {@code {"sensor","ts","value"}} (or its malformed form). */
  public String json() {
    return json;
  }

  @Override
  public String toString() {
    return index + " " + fate + (malformedShape == null ? "" : "(" + malformedShape.label() + ")")
        + (anomaly == null ? "" : " " + anomaly.label()) + " " + json;
  }
}
