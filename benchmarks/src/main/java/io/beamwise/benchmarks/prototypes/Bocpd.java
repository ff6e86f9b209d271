package io.beamwise.benchmarks.prototypes;

import static io.beamwise.anomaly.detectors.SpecialFunctions.logGamma;

import java.util.Arrays;

/**
 * Bayesian online change-point detection with a Normal-Gamma model (Student-t predictive) and a
 * constant hazard 1/{@code lambda}; prior mean and variance from the first {@code warmUp} values
 * (κ0 = 1, α0 = 1, β0 = their variance). Run lengths beyond {@code maxRun} are merged into the
 * last. Score: the posterior probability that the run length is below {@code recent} (a change
 * in the last {@code recent} points), or with {@code tail} the predictive two-sided tail. Source:
 * R. P. Adams and D. J. C. MacKay, "Bayesian Online Changepoint Detection", arXiv:0710.3742, 2007.
 */
public final class Bocpd extends PrototypeDetector {
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

  public Bocpd(double lambda, int warmUp, int maxRun, int recent, boolean tail) {
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
    return logGamma((nu + 1) / 2)
        - logGamma(nu / 2)
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

  /** P(|T| > t) for Student's t with nu degrees of freedom (regularised incomplete beta). */
  private static double studentTwoSided(double t, double nu) {
    return regularizedBeta(nu / (nu + t * t), nu / 2, 0.5);
  }

  /**
   * I_x(a, b) by its continued fraction (DLMF 8.17.22), evaluated with the modified Lentz method,
   * using the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where the fraction converges slowly.
   */
  private static double regularizedBeta(double x, double a, double b) {
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
        Math.exp(a * Math.log(x) + b * Math.log1p(-x) - (logGamma(a) + logGamma(b) - logGamma(a + b))) / a;
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
}
