package io.beamwise.anomaly.detectors;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Z-score of each point against the mean and sample standard deviation of the previous {@code
 * window} points (a sliding window, the "windowed Gaussian" baseline of the Numenta Anomaly
 * Benchmark, {@code nab/detectors/gaussian/windowedGaussian_detector.py}).
 *
 * <p>Score mapping: {@code score = z / (z + zScale)} with {@code z = |x − mean| / max(std,
 * minStd)}. With the default {@code zScale = 3}, a 3-sigma point scores 0.5, 6 sigma 0.667, 9
 * sigma 0.75 and 27 sigma 0.9: the score keeps its resolution near 1 instead of saturating. A
 * point that differs from a perfectly constant window (std = minStd = 0) scores 1.
 *
 * <p>Ready after {@code minPoints} points. Memory: {@code window} doubles. The running mean and
 * M2 are updated in O(1) per point (Welford's update, extended to removals) and recomputed
 * exactly from the window every {@code window} updates, and at once when a single update would
 * cancel most of M2's digits (a level shift leaving the window), so rounding errors cannot
 * accumulate. Values so large that their squares overflow (about 1e154) score 1.
 */
public final class RollingZScore implements Detector {

  /** Recompute M2 exactly when one update changes it by more than this times its new value. */
  private static final double CANCELLATION_RATIO = 1e3;

  private final Spec spec;
  private final double[] ring;
  private int head; // index of the oldest value
  private int size;
  private double mean;
  private double m2;
  private int updatesSinceRecompute;

  RollingZScore(Spec spec) {
    this.spec = spec;
    this.ring = new double[spec.window];
  }

  /**
   * Configuration with {@code window} points, ready after {@code min(window, 30)} points, zScale
   * 3, minStd 0.
   */
  public static Spec spec(int window) {
    return new Spec(window, Math.min(window, 30), 3.0, 0.0);
  }

  @Override
  public boolean isReady() {
    return size >= spec.minPoints;
  }

  @Override
  public double score(double x) {
    if (size == 0) {
      return 0.0;
    }
    double std = size < 2 ? 0.0 : Math.sqrt(m2 / (size - 1));
    // NaN when sums of values near Double.MAX_VALUE overflowed: maximal.
    return Scores.deviation(x, mean, Math.max(std, spec.minStd), spec.zScale);
  }

  /** {@code mean} and {@code std} of the window, and {@code z} of {@code x} against them. */
  @Override
  public java.util.Map<String, Double> details(double x) {
    if (!isReady()) {
      return java.util.Collections.emptyMap();
    }
    double std = size < 2 ? 0.0 : Math.sqrt(m2 / (size - 1));
    return Scores.details("mean", mean, "std", std, "z", Math.abs(x - mean) / Math.max(std, spec.minStd));
  }

  @Override
  public void learn(double x) {
    if (size < ring.length) {
      ring[(head + size) % ring.length] = x;
      size++;
      double delta = x - mean;
      mean += delta / size;
      m2 += delta * (x - mean);
    } else {
      double old = ring[head];
      ring[head] = x;
      head = (head + 1) % ring.length;
      double oldMean = mean;
      mean += (x - old) / size;
      double change = (x - old) * (x - mean + old - oldMean);
      m2 += change;
      // A change much larger than what remains (a level shift leaving the window) cancels
      // almost every significant digit of M2: recompute it exactly instead.
      if (m2 < 0 || Math.abs(change) > CANCELLATION_RATIO * m2) {
        recompute();
        return;
      }
    }
    if (++updatesSinceRecompute >= ring.length) {
      recompute();
    }
  }

  /**
   * Two-pass mean and M2 over the window, with the mean corrected by the mean residual (Higham,
   * Accuracy and Stability of Numerical Algorithms, 1.9). A constant window gets exactly its value
   * and M2 = 0, so a repeat of that value scores 0 and any other value 1.
   */
  private void recompute() {
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < size; i++) {
      double v = ring[(head + i) % ring.length];
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    updatesSinceRecompute = 0;
    if (min == max) {
      mean = min;
      m2 = 0;
      return;
    }
    mean = sum / size;
    double residual = 0;
    double squares = 0;
    for (int i = 0; i < size; i++) {
      double d = ring[(head + i) % ring.length] - mean;
      residual += d;
      squares += d * d;
    }
    mean += residual / size;
    m2 = Math.max(0, squares - residual * residual / size);
  }

  /** Mean of the current window (for tests). */
  double mean() {
    return mean;
  }

  /** Sample standard deviation of the current window (for tests). */
  double stdDev() {
    return size < 2 ? Double.NaN : Math.sqrt(m2 / (size - 1));
  }

  /**
   * Configuration of a {@link RollingZScore}: {@code window} in [2, ...], {@code minPoints} in [2,
   * window], {@code zScale} positive and finite, {@code minStd} at least 0 and finite.
   */
  public record Spec(int window, int minPoints, double zScale, double minStd)
      implements DetectorSpec {
    private static final long serialVersionUID = 1L;

    public Spec {
      SpecChecks.window(window, minPoints);
      SpecChecks.positive("zScale", zScale);
      SpecChecks.nonNegative("minStd", minStd);
    }

    /** Points needed before scoring; in [2, window]. */
    public Spec withMinPoints(int minPoints) {
      return new Spec(window, minPoints, zScale, minStd);
    }

    /** The z at which the score is 0.5; positive. */
    public Spec withZScale(double zScale) {
      return new Spec(window, minPoints, zScale, minStd);
    }

    /** A floor under the standard deviation, in the value's units; at least 0. */
    public Spec withMinStd(double minStd) {
      return new Spec(window, minPoints, zScale, minStd);
    }

    @Override
    public Detector create() {
      return new RollingZScore(this);
    }

    @Override
    public String describe() {
      return String.format(
          "rolling-zscore(window=%d, minPoints=%d, zScale=%s, minStd=%s)",
          window, minPoints, zScale, minStd);
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /**
   * The window (oldest first), the running mean and M2 and the recompute counter, exactly, so a
   * restored detector continues bit-for-bit as the original would.
   */
  @Override
  public void writeState(DataOutputStream data) throws IOException {
    RingWindows.write(data, ring, head, size);
    data.writeDouble(mean);
    data.writeDouble(m2);
    data.writeInt(updatesSinceRecompute);
  }

  @Override
  public void readState(DataInputStream data) throws IOException {
    size = RingWindows.read(data, ring);
    head = 0;
    mean = data.readDouble();
    m2 = data.readDouble();
    updatesSinceRecompute = data.readInt();
  }
}
