package io.beamwise.io.generator;

import java.io.Serializable;
import org.joda.time.Instant;

/**
 * One anomaly injected by a {@link SensorGenerator}: the sensor, its readings {@code
 * [firstSequence, firstSequence + kind.length())} (sequence numbers within the sensor) and the
 * event-time window that holds every on-time reading of it: {@code [windowStart, windowEnd]} =
 * {@code [slot(first) - maxDelay, slot(last)]}, both ends inclusive, UTC.
 */
public final class InjectedAnomaly implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String sensor;
  private final int sensorIndex;
  private final long firstSequence;
  private final AnomalyKind kind;
  private final Instant windowStart;
  private final Instant windowEnd;

  InjectedAnomaly(
      String sensor, int sensorIndex, long firstSequence, AnomalyKind kind, Instant windowStart, Instant windowEnd) {
    this.sensor = sensor;
    this.sensorIndex = sensorIndex;
    this.firstSequence = firstSequence;
    this.kind = kind;
    this.windowStart = windowStart;
    this.windowEnd = windowEnd;
  }

  public String sensor() {
    return sensor;
  }

  /** The sensor's number, from 0 (sensor {@code sensor-01} is 0). */
  public int sensorIndex() {
    return sensorIndex;
  }

  /** Sequence number (within the sensor) of the first affected reading. */
  public long firstSequence() {
    return firstSequence;
  }

  /** Number of affected readings: {@code kind().length()}. */
  public long length() {
    return kind.length();
  }

  public AnomalyKind kind() {
    return kind;
  }

  public Instant windowStart() {
    return windowStart;
  }

  public Instant windowEnd() {
    return windowEnd;
  }

  /** True when reading {@code sequence} of this sensor is affected. */
  public boolean covers(long sequence) {
    return sequence >= firstSequence && sequence < firstSequence + kind.length();
  }

  @Override
  public String toString() {
    return kind.label() + "@" + sensor + ":" + firstSequence + (length() > 1 ? "+" + length() : "");
  }
}
