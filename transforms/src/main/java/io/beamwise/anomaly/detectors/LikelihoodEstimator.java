package io.beamwise.anomaly.detectors;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.beam.sdk.coders.CoderException;

/**
 * The anomaly likelihood of S. Ahmad, A. Lavin, S. Purdy and Z. Agha, "Unsupervised real-time
 * anomaly detection for streaming data", Neurocomputing 262 (2017) 134-147, section 4.2: how
 * unusual a detector's recent raw scores are against the distribution of its raw scores so far.
 *
 * <p>The raw scores' distribution is modelled as a normal {@code N(μ, σ²)} fitted to the moving
 * averages of the last {@code historyLength} raw scores (W = 8,640 in the paper's setting), each
 * average over {@code averagingWindow} points (W' = 10), refitted every {@code reestimationPeriod}
 * points. For a new raw score, with {@code μ̃} the average of the last {@code averagingWindow} raw
 * scores including it, the tail probability is {@code q = Q((μ̃ − μ) / σ)} (Q the standard normal
 * upper tail, {@code ½·erfc(z/√2)}) and the likelihood of an anomaly {@code L = 1 − q}. Constants of
 * the method's reference implementation, which NAB's published HTM results use: the first {@code
 * learningPeriod} points' averages are left out of the fit (the detector is still settling); the
 * likelihood is 0.5 for the first {@code learningPeriod + estimationSamples} points; the fitted
 * mean is at least 0.03 and the variance at least 0.0003 (so that a near-perfect detector's tiny
 * blips do not look infinitely unlikely); √2 is taken as 1.4142; and a tail probability at or below 1e-5 that follows one at or below 1e-5
 * becomes 1e-3, so that only the onset of a run of extreme values is extreme. The reference also
 * treats a metric whose values have a variance below 1.5e-5 as never anomalous (a workaround for
 * HTM's encoders on constant metrics); that rule is not kept (it changes none of NAB's 19 dev
 * files' scores).
 *
 * <p>{@link #probability} does not change anything; {@link #learn} adds a raw score. Memory:
 * {@code historyLength} raw scores, kept as floats (a raw score's relative precision in the fit is
 * about 6e-8); HTM's raw scores are floats, so NAB's are kept exactly.
 */
final class LikelihoodEstimator {

  /** The likelihood while there is nothing to compare with. */
  static final double UNKNOWN = 0.5;

  private static final double RED_ZONE = 1.0 - 0.99999;
  private static final double YELLOW_ZONE = 1.0 - 0.999;
  private static final double MIN_MEAN = 0.03;
  private static final double MIN_VARIANCE = 0.0003;
  private static final double SQRT2 = 1.4142;

  private final int learningPeriod;
  private final int probation;
  private final int reestimationPeriod;
  private final int averagingWindow;

  private final float[] history; // ring of the last historyLength raw scores
  private int head; // index of the oldest
  private int size;
  private long seen;

  private boolean fitted;
  private double mean;
  private double std;
  private double recentTotal; // sum of the last averagingWindow raw scores, kept as the reference does
  private double previousTail; // q of the last point, under the current fit

  LikelihoodEstimator(
      int learningPeriod,
      int estimationSamples,
      int historyLength,
      int reestimationPeriod,
      int averagingWindow) {
    this.learningPeriod = learningPeriod;
    this.probation = learningPeriod + estimationSamples;
    this.reestimationPeriod = reestimationPeriod;
    this.averagingWindow = averagingWindow;
    this.history = new float[historyLength];
  }

  /** True once {@code learningPeriod + estimationSamples} raw scores were learned. */
  boolean isReady() {
    return seen >= probation;
  }

  long seen() {
    return seen;
  }

  /**
   * L, the likelihood that a point with raw score {@code raw} is anomalous, in [0, 1]: {@link
   * #UNKNOWN} before {@link #isReady}.
   */
  double probability(double raw) {
    if (!isReady()) {
      return UNKNOWN;
    }
    double q = tail(shortTermAverage(raw));
    double filtered = q <= RED_ZONE && previousTail <= RED_ZONE ? YELLOW_ZONE : q;
    return 1.0 - filtered;
  }

  /** The average of the last {@code averagingWindow} raw scores with {@code raw} as the newest. */
  double shortTermAverage(double raw) {
    double total = recentTotal;
    int n = Math.min(size + 1, averagingWindow);
    if (size >= averagingWindow) {
      total -= at(size - averagingWindow);
    }
    total += raw;
    return total / n;
  }

  double mean() {
    return mean;
  }

  double std() {
    return std;
  }

  /** Adds a raw score; refits the distribution when one is due for the next point. */
  void learn(double raw) {
    if (isReady()) {
      if (size >= averagingWindow) {
        recentTotal -= at(size - averagingWindow);
      }
      recentTotal += raw;
      previousTail = tail(recentTotal / Math.min(size + 1, averagingWindow));
    }
    if (size < history.length) {
      history[(head + size) % history.length] = (float) raw;
      size++;
    } else {
      history[head] = (float) raw;
      head = (head + 1) % history.length;
    }
    seen++;
    if (isReady() && (!fitted || seen % reestimationPeriod == 0)) {
      fit();
    }
  }

  /** The {@code i}-th raw score of the history, oldest first. */
  private double at(int i) {
    return history[(head + i) % history.length];
  }

  /**
   * Fits N(μ, σ²) to the moving averages of the history, leaving out the averages of the points
   * still in the learning period, and restarts the running average from the history.
   */
  private void fit() {
    double total = 0;
    double[] averages = new double[size];
    // The history unrolled oldest first (no index arithmetic in the loop below); same sums.
    double[] ordered = new double[size];
    int firstPart = Math.min(size, history.length - head);
    for (int i = 0; i < firstPart; i++) {
      ordered[i] = history[head + i];
    }
    for (int i = firstPart; i < size; i++) {
      ordered[i] = history[i - firstPart];
    }
    for (int i = 0; i < size; i++) {
      if (i >= averagingWindow) {
        total -= ordered[i - averagingWindow];
      }
      total += ordered[i];
      averages[i] = total / Math.min(i + 1, averagingWindow);
    }
    // The learning period's points still in the history; at least estimationSamples remain.
    long shiftedOut = Math.max(0, seen - history.length);
    int skip = (int) Math.min(seen, Math.max(0, learningPeriod - shiftedOut));
    double sum = 0;
    for (int i = skip; i < size; i++) {
      sum += averages[i];
    }
    double m = sum / (size - skip);
    double squares = 0;
    for (int i = skip; i < size; i++) {
      double d = averages[i] - m;
      squares += d * d;
    }
    mean = Math.max(MIN_MEAN, m);
    std = Math.sqrt(Math.max(MIN_VARIANCE, squares / (size - skip)));
    fitted = true;
    recentTotal = total;
    previousTail = tail(averages[size - 1]);
  }

  /** Q((x − μ) / σ), the normal upper tail (the reference's one-sided tail). */
  private double tail(double x) {
    double z = (x - mean) / std;
    return 0.5 * SpecialFunctions.erfc(z / SQRT2);
  }

  // ------------------------------------------------------------------ state encoding

  /** Writes the count, the history (oldest first) and the fit exactly. */
  void encode(DataOutputStream data) throws IOException {
    data.writeLong(seen);
    data.writeInt(size);
    for (int i = 0; i < size; i++) {
      data.writeFloat(history[(head + i) % history.length]);
    }
    data.writeBoolean(fitted);
    data.writeDouble(mean);
    data.writeDouble(std);
    data.writeDouble(recentTotal);
    data.writeDouble(previousTail);
  }

  /** Reads what {@link #encode} wrote into this fresh estimator. */
  void decode(DataInputStream data) throws IOException {
    seen = data.readLong();
    size = data.readInt();
    if (seen < 0 || size < 0 || size > history.length || size > seen) {
      throw new CoderException(
          "encoded likelihood history of " + size + " of " + seen + " points does not fit "
              + history.length);
    }
    for (int i = 0; i < size; i++) {
      history[i] = data.readFloat();
    }
    head = 0;
    fitted = data.readBoolean();
    mean = data.readDouble();
    std = data.readDouble();
    recentTotal = data.readDouble();
    previousTail = data.readDouble();
  }
}
