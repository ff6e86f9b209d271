package io.beamwise.benchmarks.prototypes;

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
public final class LeftMatrixProfile extends PrototypeDetector {
  static final int REFRESH = 4096;
  final int m;
  final int h;
  final int excl;
  final int warmUp;
  final boolean bsfMode;
  final boolean zMode;
  final double zAt;
  final boolean rest;
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

  /**
   * A detector scoring by {@code bsf} (DAMP's rule), by {@code zAt} > 0 ({@code zK} with K = zAt,
   * with {@code rest} {@code zKr}), or else by {@code abs}.
   */
  public LeftMatrixProfile(
      int m, int h, int excl, int warmUp, boolean bsfMode, double zAt, boolean rest) {
    this.m = m;
    this.h = h;
    this.excl = excl;
    this.warmUp = warmUp;
    this.bsfMode = bsfMode;
    this.zMode = zAt > 0;
    this.zAt = zMode ? zAt : 3;
    this.rest = zMode && rest;
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
