package io.beamwise.benchmarks.endtoend;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.anomaly.detectors.DetectorSpec;
import io.beamwise.anomaly.detectors.Detectors;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The one workload every variant of the end-to-end benchmark runs, and the file it reads.
 *
 * <p>Input: JSON Lines {@code {"sensor":"sensor-0042","ts":1704067200123,"value":20.125}}, {@code
 * ts} in epoch milliseconds (UTC). Sensor {@code s} of {@code sensors} reports once per second of
 * event time; line {@code i} is reading {@code i / sensors} of sensor {@code i % sensors}, stamped
 * at its nominal time minus a delay drawn uniformly from [0, {@value #MAX_DELAY_MS}) ms. So the
 * file is out of order by less than {@value #MAX_DELAY_MS} ms: every timestamp is above (largest
 * timestamp so far − {@value #MAX_DELAY_MS} ms), and a bounded-out-of-orderness watermark of
 * {@value #MAX_DELAY_MS} ms never makes a reading late.
 *
 * <p>Values are multiples of 1/1024 below 2^20, so any sum of up to 2^23 of them is exact in a
 * double and every variant gets bit-identical window sums whatever its order of additions. About
 * one reading in 2,000 is a spike (+40 to +80), so the scores have alerts.
 *
 * <p>Work, identical in every variant: parse; per sensor, {@value #WINDOW_SECONDS} s tumbling
 * event-time windows (aligned to the epoch) with count, min, max, sum and mean; per reading, the
 * {@link #DETECTOR} z-score against the sensor's previous readings in event-time order (ties by
 * line number), an alert when the score is above {@value #THRESHOLD}.
 */
public final class Workload {

  public static final int MAX_DELAY_MS = 5_000;
  public static final int WINDOW_SECONDS = 10;
  /** Detector spec text, as {@code --detector} takes it: rolling z-score over 60 readings. */
  public static final String DETECTOR = "zscore:60";
  public static final double THRESHOLD = 0.7;
  /** 2024-01-01T00:00:00Z. */
  public static final long START_MILLIS = 1_704_067_200_000L;

  private Workload() {}

  /** The detector every variant scores with (the same plain class: bit-identical scores). */
  public static DetectorSpec detector() {
    return Detectors.parse(DETECTOR);
  }

  /**
   * Writes {@code events} readings of {@code sensors} sensors to {@code file} (replacing it).
   *
   * @throws IllegalArgumentException if events &lt; 1 or sensors not in [1, 1000000]
   */
  public static void generate(Path file, long events, int sensors, long seed) throws IOException {
    checkArgument(events >= 1, "events must be >= 1, got %s", events);
    checkArgument(
        sensors >= 1 && sensors <= 1_000_000, "sensors must be in [1, 1000000], got %s", sensors);
    SplittableRandom random = new SplittableRandom(seed);
    double[] level = new double[sensors];
    for (int s = 0; s < sensors; s++) {
      level[s] = 10 + random.nextInt(90);
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      StringBuilder line = new StringBuilder(80);
      for (long i = 0; i < events; i++) {
        int s = (int) (i % sensors);
        long tick = i / sensors;
        long nominal = START_MILLIS + tick * 1000 + (s * 1000L) / sensors;
        long ts = nominal - random.nextInt(MAX_DELAY_MS);
        double noise = random.nextDouble() + random.nextDouble() + random.nextDouble() - 1.5;
        double value = level[s] + 2 * noise;
        if (random.nextInt(2000) == 0) {
          value += 40 + random.nextInt(40);
        }
        value = Math.rint(value * 1024) / 1024;
        line.setLength(0);
        line.append("{\"sensor\":\"sensor-")
            .append(String.format("%04d", s))
            .append("\",\"ts\":")
            .append(ts)
            .append(",\"value\":")
            .append(value)
            .append("}\n");
        out.append(line);
      }
    }
  }
}
