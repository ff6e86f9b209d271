package io.beamwise.io.generator;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The immutable configuration of a {@link SensorGenerator}; every {@code withX} returns a copy and
 * validates its argument ({@link IllegalArgumentException} naming the parameter, the value and the
 * valid range).
 *
 * <p>Defaults ({@link #defaults()}): seed 42, 3 sensors, one reading per sensor every 5 minutes
 * from 2024-01-01T00:00:00Z for 8 days, daily amplitude 4, noise 0.35, every anomaly kind at 0.5
 * anomalies per sensor per day, no out-of-order delay, no late and no malformed records (lateness
 * 1 hour, used only when the late fraction is above 0).
 */
public final class GeneratorConfig implements Serializable {

  private static final long serialVersionUID = 1L;

  /** {@link #days()} of an unbounded stream. */
  public static final int UNBOUNDED = 0;

  private final long seed;
  private final int sensors;
  private final Duration interval;
  private final int days;
  private final Instant start;
  private final double dailyAmplitude;
  private final double noise;
  private final List<AnomalyKind> anomalyKinds;
  private final double anomalyRate;
  private final Duration maxDelay;
  private final double lateFraction;
  private final Duration lateness;
  private final double malformedFraction;

  private GeneratorConfig(
      long seed,
      int sensors,
      Duration interval,
      int days,
      Instant start,
      double dailyAmplitude,
      double noise,
      List<AnomalyKind> anomalyKinds,
      double anomalyRate,
      Duration maxDelay,
      double lateFraction,
      Duration lateness,
      double malformedFraction) {
    this.seed = seed;
    this.sensors = sensors;
    this.interval = interval;
    this.days = days;
    this.start = start;
    this.dailyAmplitude = dailyAmplitude;
    this.noise = noise;
    this.anomalyKinds = anomalyKinds;
    this.anomalyRate = anomalyRate;
    this.maxDelay = maxDelay;
    this.lateFraction = lateFraction;
    this.lateness = lateness;
    this.malformedFraction = malformedFraction;
  }

  /** The defaults listed in the class comment. */
  public static GeneratorConfig defaults() {
    return new GeneratorConfig(
        42,
        3,
        Duration.standardMinutes(5),
        8,
        Instant.parse("2024-01-01T00:00:00Z"),
        4.0,
        0.35,
        List.of(AnomalyKind.values()),
        0.5,
        Duration.ZERO,
        0.0,
        Duration.standardHours(1),
        0.0);
  }

  private GeneratorConfig copy(
      long seed, int sensors, Duration interval, int days, Instant start, double dailyAmplitude,
      double noise, List<AnomalyKind> kinds, double anomalyRate, Duration maxDelay,
      double lateFraction, Duration lateness, double malformedFraction) {
    return new GeneratorConfig(
        seed, sensors, interval, days, start, dailyAmplitude, noise, kinds, anomalyRate,
        maxDelay, lateFraction, lateness, malformedFraction);
  }

  /** The seed: the same configuration and seed give the same stream, byte for byte. */
  public GeneratorConfig withSeed(long seed) {
    return copy(seed, sensors, interval, days, start, dailyAmplitude, noise, anomalyKinds, anomalyRate, maxDelay, lateFraction, lateness, malformedFraction);
  }

  /** Number of sensors, in [1, 10000]; named {@code sensor-01}, {@code sensor-02}, ... */
  public GeneratorConfig withSensors(int sensors) {
    checkArgument(sensors >= 1 && sensors <= 10_000, "sensors must be in [1, 10000], got %s", sensors);
    return copy(seed, sensors, interval, days, start, dailyAmplitude, noise, anomalyKinds, anomalyRate, maxDelay, lateFraction, lateness, malformedFraction);
  }

  /**
   * Event time between two readings of a sensor, in [1 s, 1 h], dividing one day exactly (so the
   * daily cycle has a whole number of readings).
   */
  public GeneratorConfig withInterval(Duration interval) {
    checkArgument(interval != null, "interval must not be null");
    long ms = interval.getMillis();
    checkArgument(
        ms >= 1000 && ms <= 3_600_000 && Duration.standardDays(1).getMillis() % ms == 0,
        "interval must be in [1s, 1h] and divide one day exactly, got %s ms", ms);
    return copy(seed, sensors, interval, days, start, dailyAmplitude, noise, anomalyKinds, anomalyRate, maxDelay, lateFraction, lateness, malformedFraction);
  }

  /** Days of readings per sensor, in [1, 3650], or {@link #UNBOUNDED} (0) for an endless stream. */
  public GeneratorConfig withDays(int days) {
    checkArgument(
        days == UNBOUNDED || (days >= 1 && days <= 3650),
        "days must be 0 (unbounded) or in [1, 3650], got %s", days);
    return copy(seed, sensors, interval, days, start, dailyAmplitude, noise, anomalyKinds, anomalyRate, maxDelay, lateFraction, lateness, malformedFraction);
  }

  /** An endless stream (same as {@code withDays(0)}). */
  public GeneratorConfig unbounded() {
    return withDays(UNBOUNDED);
  }

  /** Event time of the first reading of every sensor, between 1970 and 2100 (UTC). */
  public GeneratorConfig withStart(Instant start) {
    checkArgument(
        start != null && !start.isBefore(new Instant(0)) && start.isBefore(Instant.parse("2100-01-01T00:00:00Z")),
        "start must be in [1970-01-01, 2100-01-01), got %s", start);
    return copy(seed, sensors, interval, days, start, dailyAmplitude, noise, anomalyKinds, anomalyRate, maxDelay, lateFraction, lateness, malformedFraction);
  }

  /**
   * Mean daily amplitude, in [0, 1000] (value units); each sensor's amplitude is this times a
   * factor drawn in [0.5, 1.5). Anomaly sizes are relative to the sensor's amplitude.
   */
  public GeneratorConfig withDailyAmplitude(double dailyAmplitude) {
    checkArgument(dailyAmplitude >= 0 && dailyAmplitude <= 1000, "dailyAmplitude must be in [0, 1000], got %s", dailyAmplitude);
    return copy(seed, sensors, interval, days, start, dailyAmplitude, noise, anomalyKinds, anomalyRate, maxDelay, lateFraction, lateness, malformedFraction);
  }

  /**
   * Mean standard deviation of the Gaussian noise, in [0, 1000]; each sensor's is this times a
   * factor drawn in [0.6, 1.4).
   */
  public GeneratorConfig withNoise(double noise) {
    checkArgument(noise >= 0 && noise <= 1000, "noise must be in [0, 1000], got %s", noise);
    return copy(seed, sensors, interval, days, start, dailyAmplitude, noise, anomalyKinds, anomalyRate, maxDelay, lateFraction, lateness, malformedFraction);
  }

  /** The kinds of anomaly to inject (at least one), drawn uniformly per anomaly. */
  public GeneratorConfig withAnomalyKinds(Set<AnomalyKind> kinds) {
    checkArgument(kinds != null && !kinds.isEmpty(), "anomalyKinds must name at least one kind, got %s", kinds);
    List<AnomalyKind> sorted = Collections.unmodifiableList(new ArrayList<>(EnumSet.copyOf(kinds)));
    return copy(seed, sensors, interval, days, start, dailyAmplitude, noise, sorted, anomalyRate, maxDelay, lateFraction, lateness, malformedFraction);
  }

  /**
   * Anomalies per sensor per day, in [0, 2]; 0 injects none. Each sensor's timeline after its
   * first two days is cut into blocks of {@code round(readingsPerDay / rate)} readings with one
   * anomaly in each; the block must hold at least 100 readings.
   */
  public GeneratorConfig withAnomalyRate(double perSensorPerDay) {
    checkArgument(perSensorPerDay >= 0 && perSensorPerDay <= 2, "anomalyRate must be in [0, 2] per sensor per day, got %s", perSensorPerDay);
    return copy(seed, sensors, interval, days, start, dailyAmplitude, noise, anomalyKinds, perSensorPerDay, maxDelay, lateFraction, lateness, malformedFraction);
  }

  /**
   * Bound of the out-of-order delay, in [0, 1 day]: an on-time record's event time is up to this
   * before its arrival slot (drawn uniformly, to the millisecond), so arrival order differs from
   * event-time order by at most this. See {@link SensorGenerator}.
   */
  public GeneratorConfig withMaxDelay(Duration maxDelay) {
    checkArgument(
        maxDelay != null && maxDelay.getMillis() >= 0 && maxDelay.getMillis() <= Duration.standardDays(1).getMillis(),
        "maxDelay must be in [0, 1 day], got %s", maxDelay);
    return copy(seed, sensors, interval, days, start, dailyAmplitude, noise, anomalyKinds, anomalyRate, maxDelay, lateFraction, lateness, malformedFraction);
  }

  /** Fraction of records made late (see {@link SensorGenerator}), in [0, 0.5]. */
  public GeneratorConfig withLateFraction(double lateFraction) {
    checkArgument(lateFraction >= 0 && lateFraction <= 0.5, "lateFraction must be in [0, 0.5], got %s", lateFraction);
    return copy(seed, sensors, interval, days, start, dailyAmplitude, noise, anomalyKinds, anomalyRate, maxDelay, lateFraction, lateness, malformedFraction);
  }

  /**
   * How far behind the watermark a late record's event time is at least, in [0, 30 days]: a late
   * record's event time is more than this before the generator's watermark when it arrives. A
   * windowing stage with windows of length {@code D} and allowed lateness {@code L} drops every
   * late record when this is at least {@code D + L}.
   */
  public GeneratorConfig withLateness(Duration lateness) {
    checkArgument(
        lateness != null && lateness.getMillis() >= 0 && lateness.getMillis() <= Duration.standardDays(30).getMillis(),
        "lateness must be in [0, 30 days], got %s", lateness);
    return copy(seed, sensors, interval, days, start, dailyAmplitude, noise, anomalyKinds, anomalyRate, maxDelay, lateFraction, lateness, malformedFraction);
  }

  /** Fraction of records written malformed ({@link MalformedShape}), in [0, 0.5]. */
  public GeneratorConfig withMalformedFraction(double malformedFraction) {
    checkArgument(malformedFraction >= 0 && malformedFraction <= 0.5, "malformedFraction must be in [0, 0.5], got %s", malformedFraction);
    return copy(seed, sensors, interval, days, start, dailyAmplitude, noise, anomalyKinds, anomalyRate, maxDelay, lateFraction, lateness, malformedFraction);
  }

  /**
   * Checks the parameters that depend on each other (done by {@link SensorGenerator#of}, so that
   * {@code withX} calls can come in any order).
   *
   * @throws IllegalArgumentException when an anomaly block would hold fewer than 100 readings
   */
  void checkConsistent() {
    if (anomalyRate > 0) {
      long block = anomalyBlock();
      checkArgument(
          block >= 100,
          "anomalyRate %s per day at an interval of %s ms gives blocks of %s readings; at least 100 are needed (lower anomalyRate)",
          anomalyRate, interval.getMillis(), block);
    }
  }

  public long seed() {
    return seed;
  }

  public int sensors() {
    return sensors;
  }

  public Duration interval() {
    return interval;
  }

  /** Days per sensor, or {@link #UNBOUNDED}. */
  public int days() {
    return days;
  }

  public boolean isBounded() {
    return days != UNBOUNDED;
  }

  public Instant start() {
    return start;
  }

  public double dailyAmplitude() {
    return dailyAmplitude;
  }

  public double noise() {
    return noise;
  }

  /** The anomaly kinds, in declaration order. */
  public List<AnomalyKind> anomalyKinds() {
    return anomalyKinds;
  }

  public double anomalyRate() {
    return anomalyRate;
  }

  public Duration maxDelay() {
    return maxDelay;
  }

  public double lateFraction() {
    return lateFraction;
  }

  public Duration lateness() {
    return lateness;
  }

  public double malformedFraction() {
    return malformedFraction;
  }

  /** Readings per sensor per day. */
  public long readingsPerDay() {
    return Duration.standardDays(1).getMillis() / interval.getMillis();
  }

  /** Readings in one anomaly block, or 0 when no anomalies are injected. */
  public long anomalyBlock() {
    return anomalyRate == 0 ? 0 : Math.round(readingsPerDay() / anomalyRate);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GeneratorConfig && toString().equals(o.toString());
  }

  @Override
  public int hashCode() {
    return Objects.hash(toString());
  }

  /** All parameters, e.g. for a summary. */
  @Override
  public String toString() {
    return "seed=" + seed
        + ", sensors=" + sensors
        + ", interval=" + interval.getMillis() / 1000 + "s"
        + ", days=" + (isBounded() ? String.valueOf(days) : "unbounded")
        + ", start=" + start
        + ", dailyAmplitude=" + dailyAmplitude
        + ", noise=" + noise
        + ", anomalies=" + anomalyKinds.stream().map(AnomalyKind::label).collect(Collectors.joining(","))
        + ", anomalyRate=" + anomalyRate
        + ", maxDelay=" + maxDelay.getMillis() / 1000.0 + "s"
        + ", lateFraction=" + lateFraction
        + ", lateness=" + lateness.getMillis() / 1000.0 + "s"
        + ", malformedFraction=" + malformedFraction;
  }
}
