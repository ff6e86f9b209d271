package io.beamwise.benchmarks;

import io.beamwise.anomaly.detectors.AlignedScore;
import io.beamwise.anomaly.detectors.Detector;
import io.beamwise.anomaly.detectors.DetectorSpec;
import io.beamwise.anomaly.detectors.Detectors;
import io.beamwise.anomaly.detectors.Ensemble;
import io.beamwise.evaluation.AnomalyWindows;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Prototypes of detector ideas measured with {@link NabQuality} before any of them is made a
 * library detector: a fuzzy ART detector (G. A. Carpenter, S. Grossberg and D. B. Rosen, "Fuzzy
 * ART", Neural Networks 4, 1991; dual vigilance after L. E. Brito da Silva, I. Elnabarawy and D. C.
 * Wunsch, "Dual vigilance fuzzy adaptive resonance theory", Neural Networks 109, 2019) and Bayesian
 * online change-point detection (R. P. Adams and D. J. C. MacKay, "Bayesian Online Changepoint
 * Detection", arXiv:0710.3742, 2007) and subsequence novelty by the left matrix profile (C.-C.
 * M. Yeh et al., "Matrix Profile I", ICDM 2016; Y. Zhu et al., "Matrix Profile II: STOMP", ICDM
 * 2016; Y. Lu, M. Imamura and E. Keogh, "DAMP", KDD 2022). Each is printed alone and as a third
 * member of {@code max(align(re,0.5),cad)} (standard / low FP / low FN, windows, FP rows, standard
 * per category), or with {@code --replaceRe} as the second member of {@code max(cad,NAME)}; the
 * figures are in {@code docs/detectors.md}. {@code art:W:RHO_UPPER:RHO_LOWER[:BLOCK[:WARMUP[:CALIBRATION]]]},
 * {@code bocpd:LAMBDA:RECENT[:tail]} and {@code mp:M:H[:MODE[:EXCL[:WARMUP]]]} (MODE {@code abs},
 * {@code bsf}, {@code zK} or {@code zKr}; see {@link LeftMatrixProfile}) name prototypes, anything
 * else is a {@link Detectors#parse} spec; {@code NAME@FROM} aligns the prototype's boundary FROM to
 * 0.75 in the combination.
 *
 * <pre>
 * java -cp ... io.beamwise.benchmarks.DetectorPrototypes [--data=DIR] [--files] [--alone] [--replaceRe] NAME [NAME ...]
 * </pre>
 */
public final class DetectorPrototypes {

  private DetectorPrototypes() {}

  /** A prototype spec: a named factory. Not serialisable state; for the harness only. */
  record Proto(String name, Supplier<Detector> factory) implements DetectorSpec {
    @Override
    public Detector create() {
      return factory.get();
    }

    @Override
    public String describe() {
      return name;
    }
  }

  /** Base for prototypes: no state coding (they never run in a pipeline). */
  abstract static class ProtoDetector implements Detector {
    @Override
    public void writeState(DataOutputStream out) {
      throw new UnsupportedOperationException("prototype");
    }

    @Override
    public void readState(DataInputStream in) {
      throw new UnsupportedOperationException("prototype");
    }
  }

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
   * of the categories).
   */
  static final class FuzzyArt extends ProtoDetector {
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
    boolean novelty;
    long step;

    FuzzyArt(int w, int d, int warmUp, double rhoUpper, double rhoLower, int maxCategories) {
      this(w, d, warmUp, rhoUpper, rhoLower, maxCategories, 0);
    }

    /**
     * With {@code calibration} > 0 the lower vigilance is derived from the stream: the lowest best
     * match of the second half of the {@code calibration} points after the warm-up (learned, not
     * scored), capped at the upper vigilance.
     */
    FuzzyArt(int w, int d, int warmUp, double rhoUpper, double rhoLower, int maxCategories, int calibration) {
      this.calibration = calibration;
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

  /**
   * Bayesian online change-point detection with a Normal-Gamma model (Student-t predictive) and a
   * constant hazard 1/{@code lambda}; prior mean and variance from the first {@code warmUp} values
   * (κ0 = 1, α0 = 1, β0 = their variance). Run lengths beyond {@code maxRun} are merged into the
   * last. Score: the posterior probability that the run length is below {@code recent} (a change
   * in the last {@code recent} points), or with {@code tail} the predictive two-sided tail.
   */
  static final class Bocpd extends ProtoDetector {
    final double hazard;
    final int warmUp;
    final int maxRun;
    final int recent;
    final boolean tail;
    final double[] warm;
    int seen;
    double[] p = new double[0];
    double[] mu;
    double[] kappa;
    double[] alphaP;
    double[] beta;
    double mu0;
    double kappa0 = 1;
    double alpha0 = 1;
    double beta0;
    double lastScore;

    Bocpd(double lambda, int warmUp, int maxRun, int recent, boolean tail) {
      this.hazard = 1 / lambda;
      this.warmUp = warmUp;
      this.maxRun = maxRun;
      this.recent = recent;
      this.tail = tail;
      this.warm = new double[warmUp];
    }

    @Override
    public boolean isReady() {
      return seen > warmUp;
    }

    private static double logT(double x, double mu, double kappa, double alpha, double beta) {
      double nu = 2 * alpha;
      double scale2 = beta * (kappa + 1) / (alpha * kappa);
      double z = (x - mu) * (x - mu) / (nu * scale2);
      return lgamma((nu + 1) / 2)
          - lgamma(nu / 2)
          - 0.5 * Math.log(nu * Math.PI * scale2)
          - (nu + 1) / 2 * Math.log1p(z);
    }

    /** Posterior run-length distribution after x (without changing the model). */
    private double[] posterior(double x) {
      int n = p.length;
      double[] pred = new double[n];
      double maxLog = Double.NEGATIVE_INFINITY;
      for (int r = 0; r < n; r++) {
        pred[r] = logT(x, mu[r], kappa[r], alphaP[r], beta[r]);
        maxLog = Math.max(maxLog, pred[r]);
      }
      int m = Math.min(n + 1, maxRun);
      double[] next = new double[m];
      double cp = 0;
      for (int r = 0; r < n; r++) {
        double l = p[r] * Math.exp(pred[r] - maxLog);
        cp += l * hazard;
        int to = Math.min(r + 1, m - 1);
        next[to] += l * (1 - hazard);
      }
      next[0] += cp;
      double sum = 0;
      for (double v : next) {
        sum += v;
      }
      for (int r = 0; r < m; r++) {
        next[r] /= sum;
      }
      return next;
    }

    @Override
    public double score(double x) {
      if (!isReady()) {
        return 0;
      }
      if (tail) {
        double tailP = 0;
        for (int r = 0; r < p.length; r++) {
          double nu = 2 * alphaP[r];
          double scale = Math.sqrt(beta[r] * (kappa[r] + 1) / (alphaP[r] * kappa[r]));
          double t = Math.abs(x - mu[r]) / scale;
          tailP += p[r] * studentTwoSided(t, nu);
        }
        return 1 - tailP;
      }
      double[] post = posterior(x);
      double s = 0;
      for (int r = 0; r < Math.min(recent, post.length); r++) {
        s += post[r];
      }
      return Math.min(1, s);
    }

    @Override
    public void learn(double x) {
      if (seen < warmUp) {
        warm[seen++] = x;
        if (seen == warmUp) {
          double mean = Arrays.stream(warm).average().orElse(0);
          double var = 0;
          for (double v : warm) {
            var += (v - mean) * (v - mean);
          }
          var /= warmUp;
          mu0 = mean;
          beta0 = Math.max(var, 1e-12 + 1e-6 * Math.abs(mean));
          p = new double[] {1};
          mu = new double[] {mu0};
          kappa = new double[] {kappa0};
          alphaP = new double[] {alpha0};
          beta = new double[] {beta0};
        }
        return;
      }
      seen++;
      double[] post = posterior(x);
      int m = post.length;
      double[] nMu = new double[m];
      double[] nKappa = new double[m];
      double[] nAlpha = new double[m];
      double[] nBeta = new double[m];
      nMu[0] = mu0;
      nKappa[0] = kappa0;
      nAlpha[0] = alpha0;
      nBeta[0] = beta0;
      for (int r = 0; r < p.length; r++) {
        int to = Math.min(r + 1, m - 1);
        double k = kappa[r];
        double mm = (k * mu[r] + x) / (k + 1);
        double b = beta[r] + k * (x - mu[r]) * (x - mu[r]) / (2 * (k + 1));
        if (to == r + 1) {
          nMu[to] = mm;
          nKappa[to] = k + 1;
          nAlpha[to] = alphaP[r] + 0.5;
          nBeta[to] = b;
        } else if (nKappa[to] == 0) {
          // the merged last run length keeps the longest run's statistics
          nMu[to] = mm;
          nKappa[to] = k + 1;
          nAlpha[to] = alphaP[r] + 0.5;
          nBeta[to] = b;
        }
      }
      p = post;
      mu = nMu;
      kappa = nKappa;
      alphaP = nAlpha;
      beta = nBeta;
    }
  }


  /**
   * Subsequence novelty by the left matrix profile: the z-normalised Euclidean distance of the last
   * {@code m} values (the subsequence ending at the point scored) to its nearest neighbour among the
   * earlier subsequences ending at most {@code h} points before it and at least {@code excl} points
   * before it (trivial matches excluded). Sources: C.-C. M. Yeh et al., "Matrix Profile I", ICDM
   * 2016 (the z-normalised distance from a dot product, d² = 2m(1 − ρ), ρ = (QT − m·μq·μj) / (m·σq·σj),
   * and STAMPI's incremental left profile); Y. Zhu et al., "Matrix Profile II: STOMP", ICDM 2016 (the
   * dot product of each diagonal updated in O(1): QT(t, t−k) = QT(t−1, t−1−k) + x_t·x_{t−k} −
   * x_{t−m}·x_{t−m−k}); Y. Lu, M. Imamura and E. Keogh, "DAMP", KDD 2022 (left discords and the
   * best-so-far discord as an online alarm). One dot product per lag k ∈ [excl, h] is kept, so a
   * point costs O(h); the dot products are recomputed exactly every 4,096 points, which bounds the
   * rounding drift of the recurrence. Values are stored minus the first value (smaller products,
   * less cancellation). Flat subsequences (σ ≤ 1e-9 of the window's largest magnitude, where
   * z-normalisation is undefined): two flat ones are identical (ρ = 1, d = 0); a flat one against a
   * non-flat one is unrelated (ρ = 0, d = √(2m), the distance of uncorrelated shapes).
   *
   * <p>Scores: {@code abs} (default) is d / (2√m) = √((1 − ρmax) / 2) ∈ [0, 1] (2√m is the
   * largest z-normalised distance, of perfectly anti-correlated shapes); its boundary 1/√2 is ρmax =
   * 0, no earlier subsequence positively correlated with this one. {@code bsf} is DAMP's rule: the
   * distance over the largest nearest-neighbour distance learned so far (the best-so-far discord),
   * r / (r + 1/3), 0.75 at r = 1. {@code zK} scores the distance against the running mean and
   * standard deviation of every nearest-neighbour distance learned so far (Welford): z / (z + K/3),
   * 0.75 at z = K, 0 for z ≤ 0; {@code zKr} adds a rest: after a learned point at or above z = K,
   * the next m − 1 points (whose subsequences overlap it) score 0. Ready after {@code warmUp}
   * points (150) and at least one lag. Encoded, the state would be the last h + m + 1 values and the
   * h + 1 dot products (8 bytes each) plus a few counters; the means and σ are derived from the
   * values.
   */
  static final class LeftMatrixProfile extends ProtoDetector {
    static final int REFRESH = 4096;
    final int m;
    final int h;
    final int excl;
    final int warmUp;
    final boolean bsfMode;
    boolean zMode;
    double zAt = 3;
    boolean rest;
    long restUntil;
    long nDist;
    double meanDist;
    double m2Dist;
    final int cap;
    final int sCap;
    /** Values minus the first, each written twice (i mod cap and + cap) so a lag never wraps. */
    final double[] vals;
    /** Mean, 1/σ (0 when flat) and flatness of the subsequence ending at i, written twice. */
    final double[] mu;
    final double[] invSig;
    final boolean[] flat;
    /** qt[k]: dot product of the last subsequence with the one ending k points before it. */
    double[] qt;
    /** The same for the point being scored, kept for its learn step. */
    double[] qNext;
    long cachedT = -1;
    double cachedX;
    double cachedD;
    long seen;
    double offset;
    double bsf;

    LeftMatrixProfile(int m, int h, int excl, int warmUp, boolean bsfMode) {
      this.m = m;
      this.h = h;
      this.excl = excl;
      this.warmUp = warmUp;
      this.bsfMode = bsfMode;
      this.cap = h + m + 1;
      this.sCap = h + 1;
      this.vals = new double[2 * cap];
      this.mu = new double[2 * sCap];
      this.invSig = new double[2 * sCap];
      this.flat = new boolean[2 * sCap];
      this.qt = new double[h + 1];
      this.qNext = new double[h + 1];
    }

    private double val(long i) {
      return vals[(int) (i % cap)];
    }

    @Override
    public boolean isReady() {
      return seen >= Math.max(warmUp, m + excl);
    }

    /** Mean, σ and flatness (1 or 0) of the subsequence ending at t whose last value is last. */
    private double[] stats(long t, double last) {
      double s = 0;
      double mag = Math.abs(last + offset);
      for (int i = 0; i < m; i++) {
        double v = i == 0 ? last : val(t - i);
        s += v;
        mag = Math.max(mag, Math.abs(v + offset));
      }
      double mean = s / m;
      double ss = 0;
      for (int i = 0; i < m; i++) {
        double v = (i == 0 ? last : val(t - i)) - mean;
        ss += v * v;
      }
      double sd = Math.sqrt(ss / m);
      return new double[] {mean, sd, sd <= 1e-9 * mag ? 1 : 0};
    }

    private double direct(long t, double xc, int k) {
      double q = 0;
      for (int i = 0; i < m; i++) {
        q += (i == 0 ? xc : val(t - i)) * val(t - k - i);
      }
      return q;
    }

    /**
     * Fills qNext for the point t = seen with value xc (recurrence, or directly where it does not
     * apply yet and every REFRESH points) and returns its smallest z-normalised distance (NaN
     * before the first lag exists). The same arithmetic whether or not the point was scored.
     */
    private double nearest(double xc) {
      if (cachedT == seen && Double.doubleToLongBits(cachedX) == Double.doubleToLongBits(xc)) {
        return cachedD;
      }
      long t = seen;
      int maxLag = (int) Math.min(h, t - m + 1);
      double[] st = stats(t, xc);
      double mq = st[0];
      boolean fq = st[2] > 0;
      double mmq = m * mq;
      boolean refresh = t % REFRESH == 0;
      int recurTo = refresh ? excl - 1 : (int) Math.min(maxLag, t - m);
      int bv = (int) (t % cap) + cap;
      int bs = (int) (t % sCap) + sCap;
      double old = t >= m ? vals[bv - m] : 0;
      double best = Double.NEGATIVE_INFINITY;
      boolean anyFlat = false;
      for (int k = excl; k <= recurTo; k++) {
        double q = qt[k] + xc * vals[bv - k] - old * vals[bv - k - m];
        qNext[k] = q;
        double r = (q - mmq * mu[bs - k]) * invSig[bs - k];
        if (r > best) {
          best = r;
        }
        anyFlat |= flat[bs - k];
      }
      for (int k = Math.max(excl, recurTo + 1); k <= maxLag; k++) {
        double q = direct(t, xc, k);
        qNext[k] = q;
        double r = (q - mmq * mu[bs - k]) * invSig[bs - k];
        if (r > best) {
          best = r;
        }
        anyFlat |= flat[bs - k];
      }
      double rho;
      if (maxLag < excl) {
        rho = Double.NaN;
      } else if (fq) {
        // a flat subsequence: identical to a flat one (ρ = 1), unrelated to the others (ρ = 0)
        rho = anyFlat ? 1 : 0;
      } else {
        // flat earlier ones have 1/σ = 0, so ρ = 0 with them, as defined
        rho = best / (m * st[1]);
      }
      rho = Math.max(-1, Math.min(1, rho));
      double d = Math.sqrt(2.0 * m * (1 - rho));
      cachedT = t;
      cachedX = xc;
      cachedD = d;
      return d;
    }

    @Override
    public double score(double x) {
      if (!isReady()) {
        return 0;
      }
      if (zMode && seen < restUntil) {
        return 0;
      }
      double d = nearest(x - offset);
      if (zMode) {
        double sd = nDist > 1 ? Math.sqrt(m2Dist / (nDist - 1)) : 0;
        double z = sd > 0 ? (d - meanDist) / sd : (d > meanDist ? Double.POSITIVE_INFINITY : 0);
        // 0.75 at z = zAt
        return z <= 0 ? 0 : Double.isInfinite(z) ? 1 : z / (z + zAt / 3);
      }
      if (bsfMode) {
        double r = bsf > 0 ? d / bsf : (d > 0 ? Double.POSITIVE_INFINITY : 0);
        return Double.isInfinite(r) ? 1 : r / (r + 1.0 / 3);
      }
      return d / (2 * Math.sqrt(m));
    }

    @Override
    public void learn(double x) {
      if (seen == 0) {
        offset = x;
      }
      double xc = x - offset;
      long t = seen;
      if (t >= m - 1) {
        double nn = nearest(xc);
        if (t - m + 1 >= excl && (bsfMode || zMode)) {
          if (rest && isReady() && seen >= restUntil && nDist > 1) {
            // a reported discord: the next m − 1 subsequences overlap it (the same event)
            double sd = Math.sqrt(m2Dist / (nDist - 1));
            if (nn - meanDist >= zAt * sd) {
              restUntil = t + m;
            }
          }
          bsf = Math.max(bsf, nn);
          nDist++;
          double delta = nn - meanDist;
          meanDist += delta / nDist;
          m2Dist += delta * (nn - meanDist);
        }
        double[] swap = qt;
        qt = qNext;
        qNext = swap;
        double[] st = stats(t, xc);
        int ts = (int) (t % sCap);
        mu[ts] = st[0];
        mu[ts + sCap] = st[0];
        double inv = st[2] > 0 ? 0 : 1 / st[1];
        invSig[ts] = inv;
        invSig[ts + sCap] = inv;
        flat[ts] = st[2] > 0;
        flat[ts + sCap] = st[2] > 0;
      }
      int tv = (int) (t % cap);
      vals[tv] = xc;
      vals[tv + cap] = xc;
      seen++;
      cachedT = -1;
    }
  }
  static double lgamma(double x) {
    // Lanczos approximation (g = 7, n = 9), accurate to ~1e-15 for x > 0.
    double[] c = {
      0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
      -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
      1.5056327351493116e-7
    };
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
    }
    x -= 1;
    double a = c[0];
    double t = x + 7.5;
    for (int i = 1; i < 9; i++) {
      a += c[i] / (x + i);
    }
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
  }

  /** P(|T| > t) for Student's t with nu degrees of freedom (regularised incomplete beta). */
  static double studentTwoSided(double t, double nu) {
    return regularizedBeta(nu / (nu + t * t), nu / 2, 0.5);
  }

  /**
   * I_x(a, b) by its continued fraction (DLMF 8.17.22), evaluated with the modified Lentz method,
   * using the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where the fraction converges slowly.
   */
  static double regularizedBeta(double x, double a, double b) {
    if (x <= 0) {
      return 0;
    }
    if (x >= 1) {
      return 1;
    }
    if (x > (a + 1) / (a + b + 2)) {
      return 1 - regularizedBeta(1 - x, b, a);
    }
    double front =
        Math.exp(a * Math.log(x) + b * Math.log1p(-x) - (lgamma(a) + lgamma(b) - lgamma(a + b))) / a;
    double tiny = 1e-300;
    double f = 1;
    double c = 1;
    double d = 0;
    for (int i = 0; i <= 400; i++) {
      int m = i / 2;
      double numerator;
      if (i == 0) {
        numerator = 1;
      } else if (i % 2 == 0) {
        numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
      } else {
        numerator = -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
      }
      d = 1 + numerator * d;
      d = Math.abs(d) < tiny ? tiny : d;
      d = 1 / d;
      c = 1 + numerator / c;
      c = Math.abs(c) < tiny ? tiny : c;
      double cd = c * d;
      f *= cd;
      if (Math.abs(1 - cd) < 1e-14) {
        return front * (f - 1);
      }
    }
    return front * (f - 1);
  }

  static DetectorSpec proto(String name) {
    String[] p = name.split(":");
    switch (p[0]) {
      case "art": // art:W:RHO_UPPER:RHO_LOWER[:BLOCK[:WARMUP]]
        {
          int w = Integer.parseInt(p[1]);
          double ru = Double.parseDouble(p[2]);
          double rl = Double.parseDouble(p[3]);
          int block = p.length > 4 ? Integer.parseInt(p[4]) : 1;
          int warm = p.length > 5 ? Integer.parseInt(p[5]) : 150;
          int calib = p.length > 6 && !p[6].equals("novelty") ? Integer.parseInt(p[6]) : 0;
          boolean novelty = name.endsWith(":novelty");
          return new Proto(
              name,
              () -> {
                FuzzyArt a = new FuzzyArt(w, block, warm, ru, rl, 4096, calib);
                a.novelty = novelty;
                return a;
              });
        }
      case "bocpd": // bocpd:LAMBDA:RECENT[:tail]
        {
          double lambda = Double.parseDouble(p[1]);
          int recent = Integer.parseInt(p[2]);
          boolean tail = p.length > 3 && p[3].equals("tail");
          return new Proto(name, () -> new Bocpd(lambda, 150, 1000, recent, tail));
        }
      case "mp": // mp:M:H[:abs|bsf|zK[:EXCL[:WARMUP]]]
        {
          int m = Integer.parseInt(p[1]);
          int h = Integer.parseInt(p[2]);
          boolean bsf = p.length > 3 && p[3].equals("bsf");
          boolean rest = p.length > 3 && p[3].startsWith("z") && p[3].endsWith("r");
          double zAt =
              p.length > 3 && p[3].startsWith("z")
                  ? Double.parseDouble(p[3].substring(1, p[3].length() - (rest ? 1 : 0)))
                  : 0;
          int excl = p.length > 4 ? Integer.parseInt(p[4]) : (m + 1) / 2;
          int warm = p.length > 5 ? Integer.parseInt(p[5]) : 150;
          return new Proto(
              name,
              () -> {
                LeftMatrixProfile d = new LeftMatrixProfile(m, h, excl, warm, bsf);
                if (zAt > 0) {
                  d.zMode = true;
                  d.zAt = zAt;
                  d.rest = rest;
                }
                return d;
              });
        }
      default:
        return Detectors.parse(name);
    }
  }

  public static void main(String[] args) throws Exception {
    Path data = Paths.get("../shared/datasets/nab");
    boolean perFile = false;
    boolean member = true;
    boolean replaceRe = false;
    List<String> names = new ArrayList<>();
    for (String a : args) {
      if (a.startsWith("--data=")) {
        data = Paths.get(a.substring(7));
      } else if (a.equals("--files")) {
        perFile = true;
      } else if (a.equals("--alone")) {
        member = false;
      } else if (a.equals("--replaceRe")) {
        replaceRe = true;
      } else {
        names.add(a);
      }
    }
    AnomalyWindows labels = NabQuality.readLabels(data);
    List<NabQuality.Series> series = NabQuality.readSeries(data, labels);
    for (String name : names) {
      // FROM=x suffix: align the prototype's boundary x to 0.75 in the default
      String base = name;
      double from = 0.75;
      int at = name.indexOf("@");
      if (at > 0) {
        base = name.substring(0, at);
        from = Double.parseDouble(name.substring(at + 1));
      }
      DetectorSpec alone = proto(base);
      run(base, alone, series, labels, perFile);
      if (member) {
        DetectorSpec third = from == 0.75 ? alone : AlignedScore.of(alone, from);
        DetectorSpec combo =
            replaceRe
                ? Ensemble.of(Ensemble.Combiner.MAX, Detectors.parse("cad"), third)
                : Ensemble.of(
                    Ensemble.Combiner.MAX,
                    AlignedScore.of(Detectors.parse("re"), 0.5),
                    Detectors.parse("cad"),
                    third);
        run((replaceRe ? "cad + " : "default + ") + name, combo, series, labels, perFile);
      }
    }
  }

  private static void run(
      String name, DetectorSpec spec, List<NabQuality.Series> series, AnomalyWindows labels, boolean perFile) {
    NabQuality.Result r = NabQuality.evaluate(name, spec, series, labels);
    StringBuilder cats = new StringBuilder();
    for (Map.Entry<String, NabQuality.Result> c : r.byCategory().entrySet()) {
      cats.append(String.format(Locale.ROOT, " %s %.2f", c.getKey().replace("real", "").replace("WithAnomaly", ""), c.getValue().standard()));
    }
    System.out.printf(
        Locale.ROOT,
        "%-44s %6.2f %6.2f %6.2f %2d/%d fp %3d |%s  (%.0fs)%n",
        name,
        r.standard(),
        r.lowFp(),
        r.lowFn(),
        r.windowsFound(),
        r.windows(),
        r.fpRows(),
        cats,
        r.seconds());
    if (perFile) {
      NabQuality.printFiles(r);
    }
  }
}
