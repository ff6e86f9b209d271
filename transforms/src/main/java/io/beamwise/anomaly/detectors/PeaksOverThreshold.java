package io.beamwise.anomaly.detectors;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.apache.beam.sdk.coders.CoderException;

/**
 * Wraps a detector and raises its alarm threshold, per stream, to the score its own scores exceed
 * with a small probability {@code q}: streaming peaks over threshold (SPOT), A. Siffer, P.-A.
 * Fouque, A. Termier and C. Largouët, "Anomaly Detection in Streams with Extreme Value Theory",
 * KDD 2017. A detector that alarms often on one stream (a heavy tail of scores there) then needs
 * a higher score to alarm on it; on a stream where it rarely alarms it keeps its own boundary. The
 * score is then mapped as {@link AlignedScore} maps it, so that the threshold in use becomes 0.75
 * and the wrapper can be combined with other aligned detectors.
 *
 * <p><b>Threshold.</b> The wrapped detector's first {@code calibration} scores once it is ready
 * (500 by default, chosen on NAB's development files: {@code docs/detectors.md}) give the initial
 * threshold {@code t}, their {@code level} quantile (0.98 by default, as in SPOT). The excesses of
 * scores over {@code t} (the peaks) are fitted with a generalised Pareto distribution by the
 * method of moments (SPOT fits by maximum likelihood; the moments need only the count, sum and sum
 * of squares of the peaks, so the state stays bounded): with mean {@code m} and variance {@code v}
 * of the peaks, {@code ξ = (1 − m²/v) / 2} and {@code σ = m (m²/v + 1) / 2}. The extreme quantile
 * is {@code z = t + σ/ξ · ((q n / N_t)^(−ξ) − 1)} ({@code t − σ ln(q n / N_t)} when {@code ξ =
 * 0}), with {@code n} the scores learned and {@code N_t} the peaks when the fit is made. Each later
 * score above {@code t} and at most {@code z} is a new peak, and only then is the fit redone (as
 * in SPOT); a score above {@code z} is an alarm and, as in SPOT, neither a peak nor counted in
 * {@code n}. The threshold in use is {@code T = max(boundary, z)}: never below the wrapped
 * detector's own boundary. Before the calibration is complete, and while fewer than 10 peaks are
 * known, {@code T = boundary}.
 *
 * <p><b>Score.</b> {@code s ≤ T: 0.75 · s / T}; {@code s > T: 0.75 + 0.25 · (s − T) / (1 − T)}.
 * A heavy tail can give {@code T ≥ 1}: then {@code 0.75 · s / T}, below 0.75, except that a score
 * of 1, the wrapped detector's certainty, still scores 1. Scores are in [0, 1] when the wrapped
 * detector's are. The threshold moves only when a score is learned, so scoring a value twice gives
 * the same score.
 *
 * <p>Ready and learning are the wrapped detector's. Memory: the wrapped detector's, plus the
 * calibration scores (8 bytes each) until the calibration is complete, then six numbers. State:
 * the wrapped detector's state, then the wrapper's (52 bytes after the calibration). {@link
 * #details} adds the wrapped detector's score {@code raw} and the threshold in use {@code
 * threshold}.
 */
public final class PeaksOverThreshold implements Detector {

  /** The fewest peaks a fit is made from; with fewer, the threshold is the detector's boundary. */
  static final int MIN_PEAKS = 10;

  private final Spec spec;
  private final Detector inner;

  private double[] calibrationScores; // until the calibration is complete; then null
  private int calibrated; // scores in calibrationScores
  private double initial = Double.NaN; // t: NaN until the calibration is complete
  private long learned; // n
  private long peaks; // N_t
  private double peakSum;
  private double peakSquares;
  private double extreme = Double.POSITIVE_INFINITY; // z: +inf while not fitted
  private double threshold; // T

  private final LastScore last; // the wrapped detector's last score, reused by learn()

  private PeaksOverThreshold(Spec spec, Detector inner) {
    this.spec = spec;
    this.inner = inner;
    this.last = new LastScore(inner);
    this.calibrationScores = new double[spec.calibration];
    this.threshold = spec.boundary;
  }

  /**
   * {@code detector} with SPOT's threshold; {@code boundary} is the score at which {@code detector}
   * itself reports an anomaly (0.75 for {@code cad}, 0.5 for {@code re}), in (0, 1).
   */
  public static Spec of(DetectorSpec detector, double boundary) {
    return new Spec(detector, boundary, 3e-4, 500, 0.98);
  }

  @Override
  public boolean isReady() {
    return inner.isReady();
  }

  @Override
  public double score(double x) {
    return map(last.score(x));
  }

  @Override
  public double score(long eventTimeMillis, double x) {
    return map(last.score(eventTimeMillis, x));
  }

  /** The threshold in use, {@code max(boundary, z)}. */
  double threshold() {
    return threshold;
  }

  private double map(double s) {
    double th = threshold;
    if (s >= 1) {
      return 1.0; // the detector's certainty alarms whatever the fitted tail
    }
    if (th >= 1) {
      return 0.75 * s / th;
    }
    return AlignedScore.align(s, th, 0.75);
  }

  @Override
  public void learn(double x) {
    if (inner.isReady()) {
      observe(last.again(x));
    }
    last.forget();
    inner.learn(x);
  }

  @Override
  public void learn(long eventTimeMillis, double x) {
    if (inner.isReady()) {
      observe(last.again(eventTimeMillis, x));
    }
    last.forget();
    inner.learn(eventTimeMillis, x);
  }

  private void observe(double s) {
    if (calibrationScores != null) {
      calibrationScores[calibrated++] = s;
      learned++;
      if (calibrated == spec.calibration) {
        double[] sorted = calibrationScores.clone();
        Arrays.sort(sorted);
        initial = sorted[Math.min(spec.calibration - 1, (int) Math.floor(spec.level * spec.calibration))];
        for (double v : calibrationScores) {
          if (v > initial) {
            addPeak(v - initial);
          }
        }
        calibrationScores = null;
        calibrated = 0;
        fit();
      }
      return;
    }
    if (s > extreme) {
      return; // an alarm: not a peak, and not counted (SPOT)
    }
    learned++;
    if (s > initial) {
      addPeak(s - initial);
      fit();
    }
  }

  private void addPeak(double y) {
    peaks++;
    peakSum += y;
    peakSquares += y * y;
  }

  private void fit() {
    if (peaks < MIN_PEAKS) {
      extreme = Double.POSITIVE_INFINITY;
      threshold = spec.boundary;
      return;
    }
    double mean = peakSum / peaks;
    double variance = Math.max(0, (peakSquares - peakSum * mean) / (peaks - 1));
    if (variance == 0) {
      extreme = initial + mean; // every peak the same: no tail beyond them
    } else {
      double r = mean * mean / variance;
      double xi = 0.5 * (1 - r);
      double sigma = 0.5 * mean * (r + 1);
      double ratio = spec.q * learned / peaks;
      extreme =
          Math.abs(xi) < 1e-9
              ? initial - sigma * Math.log(ratio)
              : initial + sigma / xi * (Math.pow(ratio, -xi) - 1);
    }
    threshold = Math.max(spec.boundary, extreme);
  }

  @Override
  public Map<String, Double> details(double x) {
    if (!isReady()) {
      return java.util.Collections.emptyMap();
    }
    return Scores.detailsOver(inner.details(x), "raw", inner.score(x), "threshold", threshold);
  }

  /** Configuration of a {@link PeaksOverThreshold}. Immutable; the {@code withX} methods commute. */
  public record Spec(DetectorSpec detector, double boundary, double q, int calibration, double level)
      implements DetectorSpec {
    private static final long serialVersionUID = 1L;

    public Spec {
      checkArgument(detector != null, "detector must not be null");
      checkArgument(
          boundary > 0 && boundary < 1,
          "boundary (the wrapped detector's own) must be in (0, 1), got %s", boundary);
      checkArgument(q > 0 && q < 1, "q (the risk) must be in (0, 1), got %s", q);
      checkArgument(
          calibration >= MIN_PEAKS && calibration <= 1_000_000,
          "calibration must be in [%s, 1000000] scores, got %s", MIN_PEAKS, calibration);
      checkArgument(level > 0 && level < 1, "level (the initial quantile) must be in (0, 1), got %s", level);
    }

    /** The risk: the probability of a score above the fitted threshold; 3e-4 by default. */
    public Spec withQ(double q) {
      return new Spec(detector, boundary, q, calibration, level);
    }

    /** The scores the initial threshold is taken from; 500 by default. */
    public Spec withCalibration(int calibration) {
      return new Spec(detector, boundary, q, calibration, level);
    }

    /** The quantile of the calibration scores that is the initial threshold; 0.98 by default. */
    public Spec withLevel(double level) {
      return new Spec(detector, boundary, q, calibration, level);
    }

    @Override
    public Detector create() {
      return new PeaksOverThreshold(this, detector.create());
    }

    /** The wrapped detector is created with {@code expected}. */
    @Override
    public Detector create(ValueRange expected) {
      return new PeaksOverThreshold(this, detector.create(expected));
    }

    @Override
    public String describe() {
      return String.format(
          "spot(%s, boundary=%s, q=%s, calibration=%d, level=%s)",
          detector.describe(), boundary, q, calibration, level);
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /** The wrapped detector's state, then the calibration scores or the fitted peaks. */
  @Override
  public void writeState(DataOutputStream data) throws IOException {
    inner.writeState(data);
    if (calibrationScores != null) {
      data.writeInt(calibrated);
      for (int i = 0; i < calibrated; i++) {
        data.writeDouble(calibrationScores[i]);
      }
      return;
    }
    data.writeInt(-1);
    data.writeDouble(initial);
    data.writeLong(learned);
    data.writeLong(peaks);
    data.writeDouble(peakSum);
    data.writeDouble(peakSquares);
    data.writeDouble(extreme); // fitted when the last peak came, with n as it was then (SPOT)
  }

  @Override
  public void readState(DataInputStream data) throws IOException {
    inner.readState(data);
    int count = data.readInt();
    last.forget();
    if (count >= 0) {
      if (count >= spec.calibration) {
        throw new CoderException(
            "encoded " + count + " calibration scores, calibration is " + spec.calibration);
      }
      calibrationScores = new double[spec.calibration];
      for (int i = 0; i < count; i++) {
        calibrationScores[i] = data.readDouble();
      }
      calibrated = count;
      learned = count;
      initial = Double.NaN;
      peaks = 0;
      peakSum = 0;
      peakSquares = 0;
      extreme = Double.POSITIVE_INFINITY;
      threshold = spec.boundary;
      return;
    }
    if (count != -1) {
      throw new CoderException("encoded calibration count " + count + " is not valid");
    }
    calibrationScores = null;
    calibrated = 0;
    initial = data.readDouble();
    learned = data.readLong();
    peaks = data.readLong();
    peakSum = data.readDouble();
    peakSquares = data.readDouble();
    extreme = data.readDouble();
    if (Double.isNaN(initial) || learned < 0 || peaks < 0 || peaks > learned || Double.isNaN(extreme)) {
      throw new CoderException(
          "encoded threshold state (t " + initial + ", n " + learned + ", peaks " + peaks + ", z " + extreme
              + ") is not valid");
    }
    threshold = peaks < MIN_PEAKS ? spec.boundary : Math.max(spec.boundary, extreme);
  }
}
