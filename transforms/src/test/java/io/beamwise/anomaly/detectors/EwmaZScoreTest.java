package io.beamwise.anomaly.detectors;

import static io.beamwise.anomaly.detectors.DetectorChecks.assertMinPointsChecked;
import static io.beamwise.anomaly.detectors.DetectorChecks.assertNonFiniteScoresOne;
import static io.beamwise.anomaly.detectors.DetectorChecks.assertNonNegativeChecked;
import static io.beamwise.anomaly.detectors.DetectorChecks.assertPositiveChecked;
import static io.beamwise.anomaly.detectors.DetectorChecks.assertReadyFromMinPoints;
import static io.beamwise.anomaly.detectors.DetectorChecks.assertScoreGrows;
import static io.beamwise.anomaly.detectors.DetectorChecks.learnNonFinite;
import static io.beamwise.anomaly.detectors.DetectorChecks.learned;
import static io.beamwise.anomaly.detectors.DetectorContractTest.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EwmaZScoreTest {

  // ---------------------------------------------------------------- spec

  @Test
  void defaultSpec() {
    EwmaZScore.Spec spec = EwmaZScore.spec(0.05);
    assertEquals(0.05, spec.alpha());
    // ceil(ln 0.05 / ln 0.95) = ceil(-2.9957 / -0.051293) = ceil(58.4) = 59
    assertEquals(59, spec.minPoints());
    // ceil(ln 0.05 / ln 0.5) = ceil(4.32) = 5
    assertEquals(5, EwmaZScore.spec(0.5).minPoints());
    // ceil(ln 0.05 / ln 0.1) = ceil(1.30) = 2
    assertEquals(2, EwmaZScore.spec(0.9).minPoints());
    assertEquals(2, EwmaZScore.spec(1.0).minPoints());
    assertEquals(EwmaZScore.MAX_DEFAULT_MIN_POINTS, EwmaZScore.spec(1e-9).minPoints());
    assertEquals(EwmaZScore.MAX_DEFAULT_MIN_POINTS, EwmaZScore.spec(Double.MIN_VALUE).minPoints());
    String d = spec.describe();
    assertTrue(d.startsWith("ewma-zscore("), d);
    assertTrue(d.contains("alpha=0.05"), d);
    assertTrue(d.contains("minPoints=59"), d);
    assertEquals(d, spec.toString());
  }

  @Test
  void alphaForHalfLife() {
    assertEquals(0.5, EwmaZScore.alphaForHalfLife(1.0), 1e-15);
    for (double halfLife : new double[] {0.1, 2, 10, 288, 1e6}) {
      double alpha = EwmaZScore.alphaForHalfLife(halfLife);
      assertTrue(alpha > 0 && alpha < 1, "alpha " + alpha);
      // The weight of a point halfLife points old is half the weight of the newest.
      assertEquals(0.5, Math.pow(1 - alpha, halfLife), 1e-9, "halfLife " + halfLife);
      EwmaZScore.spec(alpha); // valid
    }
    assertRejected("halfLife", () -> EwmaZScore.alphaForHalfLife(0));
    assertRejected("halfLife", () -> EwmaZScore.alphaForHalfLife(-1));
    assertRejected("halfLife", () -> EwmaZScore.alphaForHalfLife(Double.NaN));
    assertRejected("halfLife", () -> EwmaZScore.alphaForHalfLife(Double.POSITIVE_INFINITY));
  }

  @Test
  void specValidationMessagesNameTheParameter() {
    for (double alpha : new double[] {0.0, -0.1, 1.0000001, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertRejected("alpha", () -> EwmaZScore.spec(alpha));
    }
    assertEquals(1.0, EwmaZScore.spec(1.0).alpha());
    assertEquals(Double.MIN_VALUE, EwmaZScore.spec(Double.MIN_VALUE).alpha());
    assertMinPointsChecked(
        EwmaZScore.spec(0.1), EwmaZScore.Spec::withMinPoints, EwmaZScore.Spec::minPoints,
        Integer.MAX_VALUE, 1, 0, -3);
    assertPositiveChecked("zScale", EwmaZScore.spec(0.1)::withZScale);
    assertNonNegativeChecked("minStd", EwmaZScore.spec(0.1)::withMinStd);
  }

  // ---------------------------------------------------------------- warm-up

  @Test
  void warmUpContract() {
    assertReadyFromMinPoints(
        EwmaZScore.Spec::minPoints,
        s -> s.minPoints() + 20,
        EwmaZScore.spec(0.05), EwmaZScore.spec(0.5),
        EwmaZScore.spec(1.0), EwmaZScore.spec(0.01).withMinPoints(7));
  }

  @Test
  void nonFiniteValuesAreNotLearned() {
    EwmaZScore d = learned(EwmaZScore.spec(0.5).withMinPoints(2), 0, 4);
    learnNonFinite(d);
    assertEquals(2, d.count());
    assertEquals(2.0, d.mean());
    assertEquals(2.0, d.stdDev());
  }

  // ---------------------------------------------------------------- recurrences

  @Test
  void handComputedRecurrences() {
    // alpha = 0.5.
    // x=0: mean 0, var 0 (first point).
    // x=4: diff 4, incr 2, mean 2, var 0.5 * (0 + 4*2) = 4, std 2.
    EwmaZScore d = learned(EwmaZScore.spec(0.5).withMinPoints(2), 0, 4);
    assertTrue(d.isReady());
    assertEquals(2.0, d.mean());
    assertEquals(2.0, d.stdDev());
    assertEquals(0.5, d.score(8.0), "z = |8 - 2| / 2 = 3: 3 / (3 + 3)");
    assertEquals(0.5, d.score(-4.0), "z = 3");
    assertEquals(0.4, d.score(6.0), 1e-15, "z = 2: 2 / 5");
    assertEquals(0.0, d.score(2.0), "at the mean");
    // x=2: diff 0, mean 2, var 0.5 * 4 = 2.
    d.learn(2);
    assertEquals(2.0, d.mean());
    assertEquals(Math.sqrt(2.0), d.stdDev());
    // x=0: diff -2, incr -1, mean 1, var 0.5 * (2 + (-2)(-1)) = 2.
    d.learn(0);
    assertEquals(1.0, d.mean());
    assertEquals(Math.sqrt(2.0), d.stdDev());
    assertEquals(0.5, d.score(1 + 3 * Math.sqrt(2.0)), 1e-15);

    // alpha = 0.25.
    // x=0: mean 0. x=8: diff 8, incr 2, mean 2, var 0.75 * (0 + 16) = 12.
    // x=2: diff 0, var 0.75 * 12 = 9, std 3.
    EwmaZScore q = learned(EwmaZScore.spec(0.25).withMinPoints(2), 0, 8, 2);
    assertEquals(2.0, q.mean());
    assertEquals(3.0, q.stdDev());
    assertEquals(0.5, q.score(11.0), "z = 9 / 3 = 3");
    assertEquals(2.0 / 3.0, q.score(20.0), 1e-15, "z = 6");
    assertEquals(0.9, q.score(2 + 27 * 3), 1e-15, "z = 27");
    assertEquals(0.25, q.score(-1.0), 1e-15, "z = 1");
  }

  @Test
  void alphaOneForgetsEverythingButTheLastPoint() {
    EwmaZScore d = learned(EwmaZScore.spec(1.0), 3, -7, 12);
    assertEquals(12.0, d.mean());
    assertEquals(0.0, d.stdDev());
    assertEquals(0.0, d.score(12.0));
    assertEquals(1.0, d.score(12.5));
    EwmaZScore floored = learned(EwmaZScore.spec(1.0).withMinStd(2.0), 3, -7, 12);
    assertEquals(0.5, floored.score(18.0), "z = 6 / 2 = 3");
  }

  /** The exponential weights: (1 − alpha)^(n−1) for the first point, alpha (1 − alpha)^(n−k) after. */
  private static double[] weightedDirect(List<Double> xs, double alpha) {
    int n = xs.size();
    double[] w = new double[n];
    w[0] = Math.pow(1 - alpha, n - 1);
    for (int k = 1; k < n; k++) {
      w[k] = alpha * Math.pow(1 - alpha, n - 1 - k);
    }
    double mean = 0;
    for (int k = 0; k < n; k++) {
      mean += w[k] * xs.get(k);
    }
    double var = 0;
    for (int k = 0; k < n; k++) {
      var += w[k] * (xs.get(k) - mean) * (xs.get(k) - mean);
    }
    return new double[] {mean, Math.sqrt(var)};
  }

  @Test
  void recurrencesMatchTheWeightedMeanAndVariance() {
    Random r = new Random(77);
    for (double alpha : new double[] {0.01, 0.1, 0.3, 0.9}) {
      EwmaZScore d = learned(EwmaZScore.spec(alpha));
      List<Double> xs = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        double x = 50 + 10 * r.nextGaussian();
        d.learn(x);
        xs.add(x);
        if (i % 37 == 0 || i == 399) {
          double[] expected = weightedDirect(xs, alpha);
          int step = i;
          assertEquals(expected[0], d.mean(), 1e-9 * 50, () -> "mean, alpha=" + alpha + " step " + step);
          assertEquals(
              expected[1], d.stdDev(), 1e-9 * Math.max(expected[1], 1),
              () -> "std, alpha=" + alpha + " step " + step);
        }
      }
    }
  }

  @Test
  void forgetsALevelShift() {
    // Half-life 10 points: 600 points after a shift of 1e6 its weight is 2^-60 ~ 1e-18.
    EwmaZScore d = learned(EwmaZScore.spec(EwmaZScore.alphaForHalfLife(10)));
    Random r = new Random(5);
    for (int i = 0; i < 100; i++) {
      d.learn(1e6 + r.nextGaussian());
    }
    for (int i = 0; i < 600; i++) {
      d.learn(r.nextGaussian());
    }
    assertEquals(0.0, d.mean(), 0.5);
    assertTrue(d.stdDev() < 2.0, "std " + d.stdDev());
    assertTrue(d.score(10.0) > 0.5, "10 is far out: " + d.score(10.0));
  }

  // ---------------------------------------------------------------- score mapping

  @Test
  void constantInputThenDifferentValueScoresOne() {
    EwmaZScore d = learned(EwmaZScore.spec(0.1));
    for (int i = 0; i < 100; i++) {
      d.learn(5.0);
    }
    assertTrue(d.isReady());
    assertEquals(5.0, d.mean());
    assertEquals(0.0, d.stdDev());
    assertEquals(0.0, d.score(5.0));
    assertEquals(1.0, d.score(Math.nextUp(5.0)));
    assertEquals(1.0, d.score(-1e6));
  }

  @Test
  void minStdFloorsTheScale() {
    EwmaZScore d = learned(EwmaZScore.spec(0.1).withMinStd(2.0), 5, 5, 5, 5, 5);
    assertEquals(0.5, d.score(11.0), 1e-12, "z = 6 / 2 = 3");
    assertEquals(0.5, d.score(-1.0), 1e-12);
    assertEquals(0.0, d.score(5.0));
  }

  @Test
  void scoreIncreasesWithDeviation() {
    EwmaZScore d = learned(EwmaZScore.spec(0.05));
    assertScoreGrows(d, 200, 0, k -> d.mean() + k * 0.05);
  }

  @Test
  void nonFiniteQueriesScoreOne() {
    assertNonFiniteScoresOne(learned(EwmaZScore.spec(0.5), 1, 2, 3, 4, 5));
  }

  @Test
  void recoversFromValuesWhoseSquaresOverflow() {
    EwmaZScore d = learned(EwmaZScore.spec(0.5));
    d.learn(Double.MAX_VALUE);
    d.learn(-Double.MAX_VALUE); // diff overflows
    d.learn(1e200); // diff * incr overflows
    assertTrue(Double.isFinite(d.mean()));
    assertEquals(Math.sqrt(Double.MAX_VALUE), d.stdDev());
    for (int i = 0; i < 3000; i++) {
      d.learn(i % 2);
    }
    assertEquals(0.5, d.stdDev(), 0.2);
    assertTrue(d.score(100) > 0.9);
  }

  // ---------------------------------------------------------------- state coder

  @Test
  void encodedStateHasConstantSize() throws Exception {
    EwmaZScore.Spec spec = EwmaZScore.spec(0.01);
    Coder<Detector> coder = spec.stateCoder();
    EwmaZScore d = learned(spec);
    Random r = new Random(3);
    assertEquals(24, CoderUtils.encodeToByteArray(coder, d).length);
    for (int i = 0; i < 100_000; i++) {
      d.learn(r.nextGaussian());
      if (i % 9_999 == 0) {
        assertEquals(24, CoderUtils.encodeToByteArray(coder, d).length, "after " + (i + 1) + " points");
      }
    }
  }

  /** The contract every detector keeps. */
  @Nested
  class Contract extends DetectorContractTest.Univariate {
    Contract() {
      super(() -> EwmaZScore.spec(0.05), () -> EwmaZScore.spec(0.05).withZScale(2));
    }
  }
}
