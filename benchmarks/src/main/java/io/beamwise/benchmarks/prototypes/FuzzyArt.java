package io.beamwise.benchmarks.prototypes;

import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzy ART on sliding windows of the last {@code w} values. With complement coding a category
 * is a hyperbox [u, v] in window space; the match of a window x with a box is |I ∧ w| / |I| = 1 −
 * mean_i(width of the box expanded to x_i) / range, computed in raw units divided by the range
 * learned so far (the first {@code warmUp} values, then widened), so a widening range rescales
 * every box consistently. A window resonates with the box of highest choice T = |I ∧ w| / (α +
 * |w|) among those matching at least the vigilance {@code rhoUpper}; fast learning (β = 1)
 * expands it; otherwise a new box is committed. Score from the best match m: m ≥ rhoLower scores
 * 0.75 · (1 − m) / (1 − rhoLower), below it 0.75 + 0.25 · (rhoLower − m) / rhoLower (dual
 * vigilance: the lower vigilance decides what is a new cluster, the upper one the granularity
 * of the categories). Sources: G. A. Carpenter, S. Grossberg and D. B. Rosen, "Fuzzy ART", Neural
 * Networks 4, 1991; dual vigilance after L. E. Brito da Silva, I. Elnabarawy and D. C. Wunsch,
 * "Dual vigilance fuzzy adaptive resonance theory", Neural Networks 109, 2019.
 */
public final class FuzzyArt extends PrototypeDetector {
  final int w;
  final int warmUp;
  final double rhoUpper;
  double rhoLower;
  final int calibration;
  double calibratedMin = 1;
  final int maxCategories;
  final double alpha = 0.001;
  final int d;
  final double[] window;
  int seen;
  double lo = Double.POSITIVE_INFINITY;
  double hi = Double.NEGATIVE_INFINITY;
  final List<double[]> lower = new ArrayList<>();
  final List<double[]> upper = new ArrayList<>();
  final List<Long> used = new ArrayList<>();
  final List<Integer> count = new ArrayList<>();
  final boolean novelty;
  long step;

  /**
   * A detector on windows of {@code w} blocks of {@code d} points (each block's mean), keeping at
   * most {@code maxCategories} categories (the least recently used one is dropped). With {@code
   * calibration} > 0 the lower vigilance is derived from the stream: the lowest best match of the
   * second half of the {@code calibration} points after the warm-up (learned, not scored), capped
   * at the upper vigilance. With {@code novelty} a window that resonates scores 0.75 / (1 + the
   * windows its category has learned), and one that does not 0.75 + 0.25 · (rhoUpper − m) /
   * rhoUpper.
   */
  public FuzzyArt(int w, int d, int warmUp, double rhoUpper, double rhoLower, int maxCategories,
      int calibration, boolean novelty) {
    this.calibration = calibration;
    this.novelty = novelty;
    this.w = w;
    this.d = d;
    this.warmUp = warmUp;
    this.rhoUpper = rhoUpper;
    this.rhoLower = rhoLower;
    this.maxCategories = maxCategories;
    this.window = new double[w * d];
  }

  @Override
  public boolean isReady() {
    return seen >= Math.max(warmUp, w * d) + calibration;
  }

  private double[] current(double x) {
    // the means of w blocks of d points, the last ending with x
    int n = w * d;
    double[] cur = new double[w];
    for (int k = 0; k < n; k++) {
      double v = k == n - 1 ? x : window[(int) ((seen - (n - 1) + k) % n)];
      cur[k / d] += v / d;
    }
    return cur;
  }

  private double match(int j, double[] cur, double range) {
    double[] u = lower.get(j);
    double[] v = upper.get(j);
    double width = 0;
    for (int i = 0; i < w; i++) {
      width += Math.max(v[i], cur[i]) - Math.min(u[i], cur[i]);
    }
    return 1 - width / (w * range);
  }

  private double size(int j, double range) {
    double[] u = lower.get(j);
    double[] v = upper.get(j);
    double width = 0;
    for (int i = 0; i < w; i++) {
      width += v[i] - u[i];
    }
    return 1 - width / (w * range);
  }

  private double range(double x) {
    double r = Math.max(hi, x) - Math.min(lo, x);
    return r > 0 ? r : 1;
  }

  double bestMatch(double[] cur, double range) {
    double best = 0;
    for (int j = 0; j < lower.size(); j++) {
      best = Math.max(best, match(j, cur, range));
    }
    return best;
  }

  /** The resonating category: highest choice among those matching ≥ rhoUpper; −1 if none. */
  int winner(double[] cur, double range) {
    int winner = -1;
    double bestChoice = -1;
    for (int j = 0; j < lower.size(); j++) {
      double m = match(j, cur, range);
      if (m >= rhoUpper) {
        // |I ∧ w| / (α + |w|) in units of M: m and the box's own size.
        double t = m / (alpha + size(j, range));
        if (t > bestChoice) {
          bestChoice = t;
          winner = j;
        }
      }
    }
    return winner;
  }

  @Override
  public double score(double x) {
    if (!isReady()) {
      return 0;
    }
    double[] cur = current(x);
    double m = bestMatch(cur, range(x));
    if (novelty) {
      // the novelty of the winning category: 1 / (1 + the windows it has learned)
      if (m < rhoUpper) {
        return 0.75 + 0.25 * (rhoUpper - m) / rhoUpper;
      }
      return 0.75 / (1 + count.get(winner(cur, range(x))));
    }
    return m >= rhoLower
        ? 0.75 * (1 - m) / (1 - rhoLower)
        : 0.75 + 0.25 * (rhoLower - m) / rhoLower;
  }

  @Override
  public void learn(double x) {
    step++;
    if (seen >= w * d - 1 && seen >= warmUp - 1) {
      double[] cur = current(x);
      double range = range(x);
      int start = Math.max(warmUp, w * d);
      if (calibration > 0 && seen >= start + calibration / 2 && seen < start + calibration) {
        calibratedMin = Math.min(calibratedMin, bestMatch(cur, range));
        if (seen == start + calibration - 1) {
          rhoLower = Math.min(rhoUpper, calibratedMin);
        }
      }
      int winner = winner(cur, range);
      if (winner >= 0) {
        count.set(winner, count.get(winner) + 1);
        double[] u = lower.get(winner);
        double[] v = upper.get(winner);
        for (int i = 0; i < w; i++) {
          u[i] = Math.min(u[i], cur[i]);
          v[i] = Math.max(v[i], cur[i]);
        }
        used.set(winner, step);
      } else {
        if (lower.size() >= maxCategories) {
          int lru = 0;
          for (int j = 1; j < used.size(); j++) {
            if (used.get(j) < used.get(lru)) {
              lru = j;
            }
          }
          lower.remove(lru);
          upper.remove(lru);
          used.remove(lru);
          count.remove(lru);
        }
        lower.add(cur.clone());
        upper.add(cur.clone());
        used.add(step);
        count.add(1);
      }
    }
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
    window[(int) (seen % (w * d))] = x;
    seen++;
  }
}
