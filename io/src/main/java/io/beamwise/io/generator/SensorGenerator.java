package io.beamwise.io.generator;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Deterministic synthetic sensor readings: a daily temperature-like cycle, Gaussian noise and a
 * slow drift per sensor, one reading every {@code step} (5 minutes by default), with labelled
 * anomalies injected at known positions.
 *
 * <p>Reading {@code i} (0-based) belongs to sensor {@code i % sensors} at step {@code i /
 * sensors}, so the stream interleaves sensors in time order. Every reading is a pure function of
 * {@code (seed, i)}: the same seed gives the same stream in any order, in parallel, on any runner.
 *
 * <p>Anomalies (three per sensor, never in the first two days so detectors can warm up):
 * {@code spike} (5 to 7 daily amplitudes above the expected value), {@code dip} (5 to 7 below)
 * and {@code level_shift} (5 amplitudes up for 12 consecutive readings, one hour). Their size is
 * relative to the daily swing so that a detector comparing with the last day can see them.
 * {@link #anomalies()} lists them.
 */
public final class SensorGenerator implements Serializable {

  private static final long serialVersionUID = 1L;

  /** One injected anomaly: sensor, the step (0-based reading index of that sensor) and kind. */
  public static final class Anomaly implements Serializable {
    private static final long serialVersionUID = 1L;
    public final String sensor;
    public final long step;
    public final long length;
    public final String kind;

    Anomaly(String sensor, long step, long length, String kind) {
      this.sensor = sensor;
      this.step = step;
      this.length = length;
      this.kind = kind;
    }

    @Override
    public String toString() {
      return kind + "@" + sensor + ":" + step + (length > 1 ? "+" + length : "");
    }
  }

  private final long seed;
  private final int sensors;
  private final long stepsPerSensor;
  private final Instant start;
  private final Duration step;
  private final List<Anomaly> anomalies;

  private SensorGenerator(long seed, int sensors, long stepsPerSensor, Instant start, Duration step) {
    this.seed = seed;
    this.sensors = sensors;
    this.stepsPerSensor = stepsPerSensor;
    this.start = start;
    this.step = step;
    this.anomalies = Collections.unmodifiableList(placeAnomalies());
  }

  /**
   * A generator of {@code sensors} sensors over {@code days} days at 5-minute spacing, starting
   * 2024-01-01T00:00:00Z.
   *
   * @throws IllegalArgumentException if sensors is not in [1, 10000] or days not in [3, 3650]
   */
  public static SensorGenerator of(long seed, int sensors, int days) {
    checkArgument(sensors >= 1 && sensors <= 10_000, "sensors must be in [1, 10000], got %s", sensors);
    checkArgument(days >= 3 && days <= 3650, "days must be in [3, 3650], got %s", days);
    Duration step = Duration.standardMinutes(5);
    long steps = Duration.standardDays(days).getMillis() / step.getMillis();
    return new SensorGenerator(
        seed, sensors, steps, Instant.parse("2024-01-01T00:00:00Z"), step);
  }

  /** Total number of readings: sensors × steps per sensor. */
  public long size() {
    return sensors * stepsPerSensor;
  }

  public List<Anomaly> anomalies() {
    return anomalies;
  }

  public static String sensorName(int k) {
    return String.format(Locale.ROOT, "sensor-%02d", k + 1);
  }

  public String sensorOf(long index) {
    return sensorName((int) (index % sensors));
  }

  public Instant timestampOf(long index) {
    return start.plus(step.getMillis() * (index / sensors));
  }

  /** The value of reading {@code index}, rounded to 3 decimals. */
  public double valueOf(long index) {
    int k = (int) (index % sensors);
    long s = index / sensors;
    SplittableRandom sensorRandom = new SplittableRandom(mix(seed, k, -1));
    double base = 15 + 10 * sensorRandom.nextDouble();
    double amplitude = 2 + 4 * sensorRandom.nextDouble();
    double phase = 2 * Math.PI * sensorRandom.nextDouble();
    double driftPerDay = -0.2 + 0.4 * sensorRandom.nextDouble();
    double sigma = 0.2 + 0.3 * sensorRandom.nextDouble();

    long stepsPerDay = Duration.standardDays(1).getMillis() / step.getMillis();
    double dayFraction = (double) (s % stepsPerDay) / stepsPerDay;
    double expected =
        base
            + amplitude * Math.sin(2 * Math.PI * dayFraction + phase)
            + driftPerDay * s / stepsPerDay;
    double noise = sigma * gaussian(new SplittableRandom(mix(seed, k, s)));
    double value = expected + noise + anomalyOffset(sensorName(k), s, amplitude);
    return Math.round(value * 1000) / 1000.0;
  }

  /** Reading {@code index} as a JSON Lines record {@code {"sensor","ts","value"}}. */
  public String jsonLine(long index) {
    return String.format(
        Locale.ROOT,
        "{\"sensor\":\"%s\",\"ts\":\"%s\",\"value\":%s}",
        sensorOf(index),
        timestampOf(index),
        valueOf(index));
  }

  private double anomalyOffset(String sensor, long s, double amplitude) {
    for (Anomaly a : anomalies) {
      if (a.sensor.equals(sensor) && s >= a.step && s < a.step + a.length) {
        SplittableRandom r = new SplittableRandom(mix(seed, a.step, 7));
        double magnitude = (5 + 2 * r.nextDouble()) * amplitude;
        switch (a.kind) {
          case "spike":
            return magnitude;
          case "dip":
            return -magnitude;
          default:
            return 5 * amplitude;
        }
      }
    }
    return 0;
  }

  private List<Anomaly> placeAnomalies() {
    List<Anomaly> placed = new ArrayList<>();
    long stepsPerDay = Duration.standardDays(1).getMillis() / step.getMillis();
    long first = 2 * stepsPerDay;
    long span = stepsPerSensor - first - 24;
    String[] kinds = {"spike", "dip", "level_shift"};
    for (int k = 0; k < sensors; k++) {
      SplittableRandom r = new SplittableRandom(mix(seed, k, -2));
      // One anomaly in each third of the remaining span, so they never overlap.
      for (int j = 0; j < kinds.length; j++) {
        long lo = first + span * j / kinds.length;
        long width = Math.max(1, span / kinds.length - 24);
        long at = lo + r.nextLong(width);
        placed.add(new Anomaly(sensorName(k), at, "level_shift".equals(kinds[j]) ? 12 : 1, kinds[j]));
      }
    }
    return placed;
  }

  private static long mix(long seed, long a, long b) {
    long h = seed * 0x9E3779B97F4A7C15L + a * 0xC2B2AE3D27D4EB4FL + b * 0x165667B19E3779F9L;
    h ^= (h >>> 33);
    h *= 0xFF51AFD7ED558CCDL;
    h ^= (h >>> 33);
    return h;
  }

  /** Box–Muller transform: a standard normal deviate. */
  private static double gaussian(SplittableRandom r) {
    double u1 = 1.0 - r.nextDouble(); // (0, 1]
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
