package io.beamwise.anomaly.detectors;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.beam.sdk.coders.CoderException;

/**
 * Online anomaly detection with the relative entropy statistic and multiple hypotheses: C. Wang,
 * K. Viswanathan, L. Choudur, V. Talwar, W. Satterfield and K. Schwan, "Statistical Techniques
 * for Online Anomaly Detection in Data Centers", 12th IFIP/IEEE International Symposium on
 * Integrated Network Management (IM), 2011, Figure 1 (the "multiple hypotheses" algorithm); as
 * implemented in the Numenta Anomaly Benchmark, {@code nab/detectors/relative_entropy/
 * relative_entropy_detector.py}, whose defaults this follows (a window of 52 points, significance
 * 0.01).
 *
 * <p>The algorithm: the values of the last {@code window} points are quantised into bins, giving
 * an empirical distribution {@code P̂}. The detector keeps a list of hypotheses, distributions of
 * earlier windows. The test statistic against hypothesis {@code P} is {@code 2 · window ·
 * KL(P̂ ‖ P)} (Kullback–Leibler divergence, natural log; infinite when {@code P̂} has mass in a bin
 * where {@code P} has none), which for a window drawn from {@code P} is asymptotically chi-square
 * with {@code bins − 1} degrees of freedom. A window agrees with a hypothesis when its statistic is
 * below {@code T}, the chi-square quantile at {@code 1 − significance}. When no hypothesis agrees
 * the window is anomalous and becomes a new hypothesis, so a new behaviour alarms when it appears
 * and not again when it recurs.
 *
 * <p>Quantisation, the one change from NAB's version: NAB cuts the range {@code [min, max]} of the
 * whole data file, known in advance, into 5 bins. A streaming detector does not know that range,
 * so here the bin edges are {@code mean + k · binWidth · std} for {@code k = −(binsPerSide − 1)
 * … binsPerSide − 1}, with the mean and standard deviation of every value learned so far
 * (Welford's update), and the outermost bins open-ended: {@code 2 · binsPerSide} bins. The
 * defaults, bins 2 standard deviations wide, 3 per side (edges at the mean and ±2, ±4 standard
 * deviations), were chosen on the 7 NAB realKnownCause files (see {@code docs/detectors.md}, with
 * the other widths tried: the NAB score is sensitive to this width). Because the edges move with
 * the mean and standard deviation, hypotheses are kept as their windows' raw values and binned
 * again with the current edges at each comparison.
 *
 * <p>Two more details follow NAB's version: Wang et al. also flag a window whose agreeing
 * hypothesis is rarer than a count {@code c_th}; with NAB's {@code c_th = 1} that never happens
 * (a hypothesis has count 1 when created and at least 2 when agreed with), so no counts are kept.
 * The first full window becomes the first hypothesis and is not anomalous.
 *
 * <p>Score mapping: {@code s = min / (min + T)}, where {@code min} is the smallest statistic over
 * the hypotheses, of the window ending with {@code x} ({@link Scores#saturating}). So a window that
 * agrees with a hypothesis scores below 0.5 and one that the algorithm declares anomalous 0.5 or
 * more; a statistic of {@code 3T} scores 0.75; a window with values in a bin where no hypothesis
 * has any scores 1. {@link #score} uses the mean and standard deviation learned so far; {@link
 * #learn} adds {@code x} to them first, then tests (and maybe stores) the window ending with it.
 * While every value learned so far is the same (standard deviation 0), a repeat of it scores 0 and
 * any other value 1, and no hypothesis is formed.
 *
 * <p>Ready after {@code window} points. Memory: {@code window} values plus at most {@code
 * maxHypotheses} stored windows of {@code window} values each; when a new hypothesis would exceed
 * that, the one agreed with (or created) longest ago is dropped. Time per point: {@code O(window +
 * hypotheses · bins · log window)} (a hypothesis's values are kept sorted, outside the state, and
 * its bins counted by binary search).
 */
public final class RelativeEntropyDetector implements Detector {

  private final Spec spec;
  private final double threshold; // spec.threshold(), computed once
  private final double[] ring;
  private int head; // index of the oldest value
  private int size;
  private long count;
  private double mean;
  private double m2;
  private long step; // points learned once the window was full: the hypotheses' clock
  private final double[][] hypotheses;
  private final long[] lastUsed;
  private int hypothesisCount;
  // Each hypothesis's values sorted (null until needed): derived, not state. A bin is a monotone
  // function of the value, so a sorted window's bin counts take a binary search per bin.
  private final double[][] sortedHypotheses;

  RelativeEntropyDetector(Spec spec) {
    this.spec = spec;
    this.threshold = spec.threshold();
    this.ring = new double[spec.window];
    this.hypotheses = new double[spec.maxHypotheses][];
    this.sortedHypotheses = new double[spec.maxHypotheses][];
    this.lastUsed = new long[spec.maxHypotheses];
  }

  /**
   * Configuration with a window of {@code window} points, bins 2 standard deviations wide, 3 bins
   * per side, significance 0.01 and at most 64 hypotheses.
   */
  public static Spec spec(int window) {
    return new Spec(window, 2.0, 3, 0.01, 64);
  }

  @Override
  public boolean isReady() {
    return size >= spec.window;
  }

  @Override
  public double score(double x) {
    if (count == 0) {
      return 0.0;
    }
    double std = std();
    if (std == 0.0) {
      return x == mean ? 0.0 : 1.0;
    }
    if (hypothesisCount == 0) {
      return 0.0;
    }
    double[] p = histogram(currentWindow(x), mean, std);
    return Scores.saturating(bestStatistic(p, mean, std)[0], threshold);
  }

  /**
   * The smallest test statistic over the hypotheses ({@code statistic}, infinite when none is
   * comparable), the chi-square threshold {@code T} ({@code threshold}), the number of stored
   * hypotheses ({@code hypotheses}) and the mean and standard deviation the bins are cut with.
   */
  @Override
  public java.util.Map<String, Double> details(double x) {
    if (!isReady()) {
      return java.util.Collections.emptyMap();
    }
    double std = std();
    double statistic = Double.POSITIVE_INFINITY;
    if (std > 0 && hypothesisCount > 0) {
      statistic = bestStatistic(histogram(currentWindow(x), mean, std), mean, std)[0];
    }
    return Scores.details(
        "statistic",
        statistic,
        "threshold",
        threshold,
        "hypotheses",
        (double) hypothesisCount,
        "mean",
        mean,
        "std",
        std);
  }

  @Override
  public void learn(double x) {
    if (size < ring.length) {
      ring[(head + size) % ring.length] = x;
      size++;
    } else {
      ring[head] = x;
      head = (head + 1) % ring.length;
    }
    count++;
    double delta = x - mean;
    mean += delta / count;
    m2 += delta * (x - mean);
    if (size < ring.length) {
      return;
    }
    double std = std();
    if (std == 0.0) {
      return;
    }
    step++;
    double[] window = new double[ring.length];
    for (int i = 0; i < size; i++) {
      window[i] = ring[(head + i) % ring.length];
    }
    if (hypothesisCount == 0) {
      addHypothesis(window);
      return;
    }
    double[] best = bestStatistic(histogram(window, mean, std), mean, std);
    if (best[0] < threshold) {
      lastUsed[(int) best[1]] = step;
    } else {
      addHypothesis(window);
    }
  }

  private double std() {
    return count < 2 ? 0.0 : Math.sqrt(Math.max(0.0, m2 / (count - 1)));
  }

  /** The last {@code window − 1} learned values followed by {@code x}. */
  private double[] currentWindow(double x) {
    double[] w = new double[ring.length];
    int skip = size - (ring.length - 1); // oldest values that fall out
    int k = 0;
    for (int i = Math.max(0, skip); i < size; i++) {
      w[k++] = ring[(head + i) % ring.length];
    }
    w[k++] = x;
    return k == w.length ? w : java.util.Arrays.copyOf(w, k);
  }

  private void addHypothesis(double[] window) {
    int slot;
    if (hypothesisCount < hypotheses.length) {
      slot = hypothesisCount++;
    } else {
      slot = 0;
      for (int i = 1; i < hypothesisCount; i++) {
        if (lastUsed[i] < lastUsed[slot]) {
          slot = i;
        }
      }
    }
    hypotheses[slot] = window;
    sortedHypotheses[slot] = null;
    lastUsed[slot] = step;
  }

  /** The bin of {@code v}: edges at {@code mean + k · binWidth · std}, outer bins open. */
  private int bin(double v, double mean, double std) {
    double b = Math.floor((v - mean) / (spec.binWidth * std));
    int perSide = spec.binsPerSide;
    // NaN (a NaN value) goes to the lowest bin; infinities to the outer ones.
    return (int) Math.max(-perSide, Math.min(perSide - 1, Double.isNaN(b) ? -perSide : b)) + perSide;
  }

  /** Relative frequencies of {@code values} in the bins. */
  private double[] histogram(double[] values, double mean, double std) {
    double[] h = new double[2 * spec.binsPerSide];
    for (double v : values) {
      h[bin(v, mean, std)]++;
    }
    for (int i = 0; i < h.length; i++) {
      h[i] /= values.length;
    }
    return h;
  }

  /**
   * {@link #histogram} of hypothesis {@code i}, equal to it value for value: its sorted values are
   * counted bin by bin, each bin's last value found by binary search (the bin of a value never
   * decreases as the value grows; NaN, which sorts last but bins lowest, takes the plain count).
   */
  private double[] hypothesisHistogram(int i, double mean, double std) {
    double[] sorted = sortedHypotheses[i];
    if (sorted == null) {
      sorted = hypotheses[i].clone();
      java.util.Arrays.sort(sorted);
      sortedHypotheses[i] = sorted;
    }
    int n = sorted.length;
    if (n == 0 || Double.isNaN(sorted[n - 1])) {
      return histogram(hypotheses[i], mean, std);
    }
    double[] h = new double[2 * spec.binsPerSide];
    int from = 0;
    while (from < n) {
      int b = bin(sorted[from], mean, std);
      int lo = from;
      int hi = n - 1; // the last index whose bin is b lies in [lo, hi]
      while (lo < hi) {
        int mid = (lo + hi + 1) >>> 1;
        if (bin(sorted[mid], mean, std) == b) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      h[b] = lo - from + 1;
      from = lo + 1;
    }
    for (int k = 0; k < h.length; k++) {
      h[k] /= n;
    }
    return h;
  }

  /** {smallest statistic, index of its hypothesis (first on ties)}; +∞ and -1 when none. */
  private double[] bestStatistic(double[] p, double mean, double std) {
    double best = Double.POSITIVE_INFINITY;
    int index = -1;
    for (int i = 0; i < hypothesisCount; i++) {
      double s = 2.0 * spec.window * divergence(p, hypothesisHistogram(i, mean, std));
      if (s < best) {
        best = s;
        index = i;
      }
    }
    return new double[] {best, index};
  }

  /** {@code KL(p ‖ q)} in nats; infinite when p has mass where q has none. */
  static double divergence(double[] p, double[] q) {
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      if (p[i] > 0) {
        if (q[i] == 0) {
          return Double.POSITIVE_INFINITY;
        }
        sum += p[i] * Math.log(p[i] / q[i]);
      }
    }
    return Math.max(0.0, sum);
  }

  /** Number of stored hypotheses (for tests). */
  int hypothesisCount() {
    return hypothesisCount;
  }

  /** Configuration of a {@link RelativeEntropyDetector}. Immutable. */
  public record Spec(
        int window,
        double binWidth,
        int binsPerSide,
        double significance,
        int maxHypotheses)
      implements DetectorSpec {
    private static final long serialVersionUID = 1L;

    public Spec {
      checkArgument(window >= 2, "window must be at least 2 points, got %s", window);
      checkArgument(
          binWidth > 0 && Double.isFinite(binWidth),
          "binWidth must be positive and finite (standard deviations), got %s",
          binWidth);
      SpecChecks.inRange("binsPerSide", binsPerSide, 1, 100);
      checkArgument(
          significance > 0 && significance < 1, "significance must be in (0, 1), got %s", significance);
      SpecChecks.inRange("maxHypotheses", maxHypotheses, 1, 10_000);
    }

    /** Bin width in standard deviations of the values learned so far; positive. */
    public Spec withBinWidth(double binWidth) {
      return new Spec(window, binWidth, binsPerSide, significance, maxHypotheses);
    }

    /** Bins on each side of the mean (the outermost open-ended); in [1, 100]. */
    public Spec withBinsPerSide(int binsPerSide) {
      return new Spec(window, binWidth, binsPerSide, significance, maxHypotheses);
    }

    /** Probability of rejecting a hypothesis the window was drawn from; in (0, 1). */
    public Spec withSignificance(double significance) {
      return new Spec(window, binWidth, binsPerSide, significance, maxHypotheses);
    }

    /** Most hypotheses kept (bounds memory); in [1, 10000]. */
    public Spec withMaxHypotheses(int maxHypotheses) {
      return new Spec(window, binWidth, binsPerSide, significance, maxHypotheses);
    }

    /** The chi-square threshold T of the test ({@code 2·binsPerSide − 1} degrees of freedom). */
    public double threshold() {
      return SpecialFunctions.chiSquareQuantile(significance, 2 * binsPerSide - 1);
    }

    @Override
    public Detector create() {
      return new RelativeEntropyDetector(this);
    }

    @Override
    public String describe() {
      return String.format(
          "relative-entropy(window=%d, binWidth=%s, binsPerSide=%d, significance=%s, maxHypotheses=%d)",
          window, binWidth, binsPerSide, significance, maxHypotheses);
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /**
   * Writes the window (oldest first), the count, mean and M2 of the values, the clock and the
   * hypotheses with their last-use times exactly, so a decoded detector continues bit-for-bit as
   * the original would.
   */
  @Override
  public void writeState(DataOutputStream data) throws IOException {
    RingWindows.write(data, this.ring, this.head, this.size);
    data.writeLong(this.count);
    data.writeDouble(this.mean);
    data.writeDouble(this.m2);
    data.writeLong(this.step);
    data.writeInt(this.hypothesisCount);
    for (int h = 0; h < this.hypothesisCount; h++) {
      data.writeLong(this.lastUsed[h]);
      for (double v : this.hypotheses[h]) {
        data.writeDouble(v);
      }
    }
  }

  @Override
  public void readState(DataInputStream data) throws IOException {
    this.size = RingWindows.read(data, this.ring);
    this.head = 0;
    this.count = data.readLong();
    this.mean = data.readDouble();
    this.m2 = data.readDouble();
    this.step = data.readLong();
    int hypotheses = data.readInt();
    if (hypotheses < 0 || hypotheses > spec.maxHypotheses) {
      throw new CoderException(
          "encoded " + hypotheses + " hypotheses exceed maxHypotheses=" + spec.maxHypotheses);
    }
    for (int h = 0; h < hypotheses; h++) {
      this.lastUsed[h] = data.readLong();
      double[] w = new double[spec.window];
      for (int i = 0; i < w.length; i++) {
        w[i] = data.readDouble();
      }
      this.hypotheses[h] = w;
    }
    this.hypothesisCount = hypotheses;
  }
}
