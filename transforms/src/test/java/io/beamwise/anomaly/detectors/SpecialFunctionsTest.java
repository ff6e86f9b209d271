package io.beamwise.anomaly.detectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpecialFunctionsTest {

  @Test
  void chiSquareQuantilesMatchReferenceValues() {
    // scipy.stats.chi2.isf(p, k)
    assertEquals(3.841458820694124, SpecialFunctions.chiSquareQuantile(0.05, 1), 1e-10);
    assertEquals(6.6348966010212145, SpecialFunctions.chiSquareQuantile(0.01, 1), 1e-10);
    assertEquals(13.276704135987622, SpecialFunctions.chiSquareQuantile(0.01, 4), 1e-10);
    assertEquals(18.475306906582357, SpecialFunctions.chiSquareQuantile(0.01, 7), 1e-10);
    assertEquals(124.34211340400407, SpecialFunctions.chiSquareQuantile(0.05, 100), 1e-8);
    assertEquals(Math.log(24), SpecialFunctions.logGamma(5), 1e-13);
    assertEquals(Math.log(Math.sqrt(Math.PI)), SpecialFunctions.logGamma(0.5), 1e-13);
  }

  @Test
  void erfcMatchesReferenceValuesToRelativeAccuracyIncludingTheTail() {
    // Python's math.erfc (C libm)
    double[][] reference = {
      {0, 1.0},
      {0.1, 0.8875370839817152},
      {0.5, 0.4795001221869535},
      {1, 0.15729920705028513},
      {1.5, 0.033894853524689274},
      {2, 0.004677734981047265},
      {5, 1.5374597944280351e-12},
      {10, 2.088487583762545e-45},
      {-1, 1.842700792949715},
    };
    for (double[] r : reference) {
      assertEquals(r[1], SpecialFunctions.erfc(r[0]), 1e-13 * r[1], "erfc(" + r[0] + ")");
    }
    assertTrue(SpecialFunctions.erfc(27) > 0 && SpecialFunctions.erfc(27) < 1e-318);
    assertEquals(0.0, SpecialFunctions.erfc(Double.POSITIVE_INFINITY));
    assertEquals(2.0, SpecialFunctions.erfc(Double.NEGATIVE_INFINITY));
    assertTrue(Double.isNaN(SpecialFunctions.erfc(Double.NaN)));
  }

  @Test
  void upperAndLowerIncompleteGammaSumToOne() {
    for (double a : new double[] {0.5, 1, 2.5, 10}) {
      for (double x : new double[] {0.01, 0.5, 1, 3, 11, 40}) {
        assertEquals(
            1.0,
            SpecialFunctions.regularizedGammaP(a, x) + SpecialFunctions.regularizedGammaQ(a, x),
            1e-14,
            "a=" + a + " x=" + x);
      }
    }
    // Q(1, x) = e^-x, exactly representable far into the tail
    assertEquals(Math.exp(-600), SpecialFunctions.regularizedGammaQ(1, 600), 1e-12 * Math.exp(-600));
  }
}
