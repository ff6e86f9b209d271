package io.beamwise.anomaly.detectors;

import org.apache.beam.sdk.annotations.Internal;

/**
 * The special functions the detectors' statistics need: the regularised incomplete gamma
 * functions, the chi-square quantile and the complementary error function. Methods from W. H.
 * Press et al., <em>Numerical Recipes</em>, 3rd ed., 2007, section 6.2 (series and Lentz's
 * continued fraction for the incomplete gamma function) and C. Lanczos's approximation of ln Γ.
 */
@Internal
public final class SpecialFunctions {

  private SpecialFunctions() {}

  /**
   * The chi-square quantile: the {@code x} with {@code P(X > x) = upperTail} for {@code
   * degreesOfFreedom} degrees of freedom, by bisection on the regularised incomplete gamma
   * function; accurate to about 1e-12 relative.
   */
  static double chiSquareQuantile(double upperTail, int degreesOfFreedom) {
    double a = degreesOfFreedom / 2.0;
    double lo = 0;
    double hi = Math.max(1.0, degreesOfFreedom);
    while (1.0 - regularizedGammaP(a, hi / 2.0) > upperTail) {
      hi *= 2;
    }
    for (int i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
      double mid = 0.5 * (lo + hi);
      if (1.0 - regularizedGammaP(a, mid / 2.0) > upperTail) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return 0.5 * (lo + hi);
  }

  /** P(a, x), the regularised lower incomplete gamma function, for a > 0. */
  static double regularizedGammaP(double a, double x) {
    if (x <= 0) {
      return 0.0;
    }
    if (x == Double.POSITIVE_INFINITY) {
      return 1.0;
    }
    return x < a + 1 ? lowerSeries(a, x) : 1.0 - upperFraction(a, x);
  }

  /**
   * Q(a, x) = 1 − P(a, x), the regularised upper incomplete gamma function, for a > 0; computed
   * directly for large x, so that its relative accuracy holds far into the tail.
   */
  static double regularizedGammaQ(double a, double x) {
    if (x <= 0) {
      return 1.0;
    }
    if (x == Double.POSITIVE_INFINITY) {
      return 0.0;
    }
    return x < a + 1 ? 1.0 - lowerSeries(a, x) : upperFraction(a, x);
  }

  /**
   * erfc(x) = 1 − erf(x) = Q(1/2, x²) for x ≥ 0 (and 2 − erfc(−x) below 0); about 1e-15 relative
   * accuracy, also in the tail (erfc(27) ≈ 5e-319 is still resolved).
   */
  static double erfc(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    double q = regularizedGammaQ(0.5, x * x);
    return x >= 0 ? q : 2.0 - q;
  }

  /** The series for P(a, x), which converges fast for x < a + 1. */
  private static double lowerSeries(double a, double x) {
    double logPrefix = -x + a * Math.log(x) - logGamma(a);
    double term = 1.0 / a;
    double sum = term;
    for (int n = 1; n < 1000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) {
        break;
      }
    }
    return sum * Math.exp(logPrefix);
  }

  /** Lentz's continued fraction for Q(a, x), which converges fast for x ≥ a + 1. */
  private static double upperFraction(double a, double x) {
    double logPrefix = -x + a * Math.log(x) - logGamma(a);
    double tiny = 1e-300;
    double b = x + 1 - a;
    double c = 1 / tiny;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < 1000; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < tiny) {
        d = tiny;
      }
      c = b + an / c;
      if (Math.abs(c) < tiny) {
        c = tiny;
      }
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    return Math.exp(logPrefix) * h;
  }

  /** ln Γ(x) for x > 0 (Lanczos approximation, g = 7, 9 terms; about 1e-15 relative). */
  public static double logGamma(double x) {
    double[] c = {
      0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
      -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
      1.5056327351493116e-7
    };
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    x -= 1;
    double sum = c[0];
    double t = x + 7.5;
    for (int i = 1; i < 9; i++) {
      sum += c[i] / (x + i);
    }
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
  }
}
