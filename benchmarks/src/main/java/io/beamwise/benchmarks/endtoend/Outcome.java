package io.beamwise.benchmarks.endtoend;

/**
 * What a variant computed, reduced to counts and order-independent checksums that all variants
 * must match exactly: window results (sensor, window start, count, min, max, sum) and scores
 * (sensor, timestamp, line, score bits, alert).
 *
 * <p>A checksum is the sum of a 32-bit hash per result, so it can be accumulated in any order,
 * merged across workers, and kept in a Beam counter or a Flink {@code LongCounter} without
 * overflow (2^31 results at most).
 */
public final class Outcome {
  public long windows;
  public long windowChecksum;
  public long scores;
  public long scoreChecksum;
  public long alerts;

  /** Hash of one window result, in [0, 2^32). The mean (sum / count) follows from the rest. */
  public static long windowHash(
      String sensor, long windowStartMillis, long count, double min, double max, double sum) {
    long h = mix(sensor.hashCode());
    h = mix(h ^ windowStartMillis);
    h = mix(h ^ count);
    h = mix(h ^ Double.doubleToLongBits(min));
    h = mix(h ^ Double.doubleToLongBits(max));
    h = mix(h ^ Double.doubleToLongBits(sum));
    return h & 0xFFFF_FFFFL;
  }

  /** Hash of one score, in [0, 2^32). */
  public static long scoreHash(
      String sensor, long timestampMillis, long line, double score, boolean alert) {
    long h = mix(sensor.hashCode());
    h = mix(h ^ timestampMillis);
    h = mix(h ^ line);
    h = mix(h ^ Double.doubleToLongBits(score));
    h = mix(h ^ (alert ? 1 : 0));
    return h & 0xFFFF_FFFFL;
  }

  /** SplitMix64's finaliser. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  public void addWindow(String sensor, long start, long count, double min, double max, double sum) {
    windows++;
    windowChecksum += windowHash(sensor, start, count, min, max, sum);
  }

  public void addScore(String sensor, long ts, long line, double score, boolean alert) {
    scores++;
    scoreChecksum += scoreHash(sensor, ts, line, score, alert);
    if (alert) {
      alerts++;
    }
  }

  /** True when every count and checksum is equal. */
  public boolean sameAs(Outcome o) {
    return windows == o.windows
        && windowChecksum == o.windowChecksum
        && scores == o.scores
        && scoreChecksum == o.scoreChecksum
        && alerts == o.alerts;
  }

  @Override
  public String toString() {
    return String.format(
        "windows=%d windowChecksum=%016x scores=%d scoreChecksum=%016x alerts=%d",
        windows, windowChecksum, scores, scoreChecksum, alerts);
  }
}
