package io.beamwise.anomaly.detectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AnomalyLikelihoodTest {

  // ---------------------------------------------------------------- the estimator

  /**
   * Learning period 2, 3 estimation samples, averages of 2: after raw scores 1, 1, 0, 0, 0 the
   * moving averages are 1, 1, 0.5, 0, 0; the first 2 are left out, so μ = 1/6 and σ² = ((1/3)² +
   * 2·(1/6)²)/3 = 1/18. A raw score of 1 then averages (0 + 1)/2 = 0.5 with the last one: z =
   * (0.5 − 1/6)/√(1/18) = √2, q = ½·erfc(√2/1.4142) and L = 1 − q = 0.92135... (Python: 0.5 *
   * math.erfc(z / 1.4142) = 0.07864761307514828).
   */
  @Test
  void handComputedLikelihood() {
    LikelihoodEstimator e = new LikelihoodEstimator(2, 3, 100, 100, 2);
    for (double raw : new double[] {1, 1, 0, 0}) {
      assertEquals(0.5, e.probability(raw));
      e.learn(raw);
      assertFalse(e.isReady());
    }
    e.learn(0);
    assertTrue(e.isReady());
    assertEquals(1.0 / 6, e.mean(), 1e-15);
    assertEquals(0.23570226039551584, e.std(), 1e-15);
    assertEquals(0.5, e.shortTermAverage(1), 0.0);
    assertEquals(1 - 0.07864761307514828, e.probability(1), 1e-15);
    assertEquals(0.0, e.shortTermAverage(0), 0.0);
  }

  /** Raw scores that are all 0: the fit is floored at μ = 0.03, σ² = 0.0003. */
  @Test
  void nearPerfectRawScoresAreFlooredSoABlipIsNotInfinitelyUnlikely() {
    LikelihoodEstimator e = new LikelihoodEstimator(5, 20, 100, 100, 10);
    for (int i = 0; i < 25; i++) {
      e.learn(0);
    }
    assertEquals(0.03, e.mean(), 0.0);
    assertEquals(Math.sqrt(0.0003), e.std(), 0.0);
    // one raw score of 1 averages 0.1 over 10: z = 0.07 / 0.01732 = 4.04: q ≈ 2.6e-5, not 0
    double l = e.probability(1);
    assertTrue(l > 0.9999 && l < 0.99999, "L = " + l);
    assertTrue(e.probability(0) < 0.5, "a raw score at the usual level is not unusual");
  }

  /** A second tail probability in the red zone (≤ 1e-5) right after one is reported as 1e-3. */
  @Test
  void onlyTheOnsetOfARunOfExtremeScoresIsExtreme() {
    LikelihoodEstimator e = new LikelihoodEstimator(0, 200, 1000, 1000, 1);
    Random r = new Random(1);
    for (int i = 0; i < 200; i++) {
      e.learn(0.1 + 0.01 * r.nextGaussian());
    }
    double first = e.probability(1);
    assertTrue(first > 1 - 1e-5, "first extreme: " + first);
    e.learn(1);
    assertEquals(1 - (1.0 - 0.999), e.probability(1), 1e-15, "second extreme in a row");
    e.learn(1);
    e.learn(0.1);
    assertTrue(e.probability(1) > 1 - 1e-5, "after a normal one it is extreme again");
  }

  /** The fit uses only the last historyLength raw scores and is refitted every period. */
  @Test
  void refitsEveryPeriodOnTheRecentHistory() {
    LikelihoodEstimator e = new LikelihoodEstimator(0, 10, 50, 10, 1);
    for (int i = 0; i < 60; i++) {
      e.learn(0.9);
    }
    assertEquals(0.9, e.mean(), 1e-7); // raw scores are kept as floats
    for (int i = 0; i < 49; i++) {
      e.learn(0.2);
      if ((e.seen() % 10) != 0) {
        continue;
      }
      double expected = (0.2 * Math.min(i + 1, 50) + 0.9 * Math.max(0, 50 - (i + 1))) / 50;
      assertEquals(expected, e.mean(), 1e-6, "after " + e.seen()); // floats in the history
    }
  }

  // ---------------------------------------------------------------- the detector

  @Test
  void logScoreIsNabsScale() {
    assertEquals(0.0301029996658834, AnomalyLikelihood.logScore(0.5), 1e-15);
    assertEquals(0.49999956750453395, AnomalyLikelihood.logScore(0.99999), 1e-15);
    assertEquals(0.6999565947865168, AnomalyLikelihood.logScore(1 - 1e-7), 1e-12);
    assertEquals(1.0, AnomalyLikelihood.logScore(1.0), 1e-9);
    assertEquals(0.0, AnomalyLikelihood.logScore(0.0));
  }

  @Test
  void readyWhenTheWrappedDetectorIsAndTheProbationHasPassed() {
    Detector d = AnomalyLikelihood.of(RollingZScore.spec(20).withMinPoints(10)).withProbation(30).create();
    int i = 0;
    for (; !d.isReady(); i++) {
      assertEquals(0.0301029996658834, d.score(5), 1e-15, "likelihood 0.5 before ready");
      d.learn(5 + Math.sin(i));
    }
    assertEquals(10 + 30, i, "10 points for the z-score, then 30 raw scores");
  }

  /** NAB's rule: beyond the values so far by more than 5% of their range scores 1. */
  @Test
  void spatialRuleScoresOneBeyondTheRangeSoFarPlusFivePercent() {
    AnomalyLikelihood.Spec spec = AnomalyLikelihood.of(RollingZScore.spec(20)).withProbation(10).withSpatialRule();
    Detector d = spec.create();
    d.learn(10);
    assertTrue(d.score(1000) < 1, "one value: no range yet");
    d.learn(20);
    assertEquals(1.0, d.score(20.51)); // tolerance 0.5
    assertTrue(d.score(20.5) < 1);
    assertEquals(1.0, d.score(9.49));
    assertTrue(d.score(9.5) < 1);
    Detector without = AnomalyLikelihood.of(RollingZScore.spec(20)).withProbation(10).create();
    without.learn(10);
    without.learn(20);
    assertTrue(without.score(1000) < 1);
  }

  @Test
  void theExpectedRangeReachesTheWrappedDetector() {
    // Without a rest period CAD is ready as soon as it has a range, and its details give it.
    AnomalyLikelihood given = (AnomalyLikelihood) AnomalyLikelihood.of(Detectors.parse("cad:0")).create(ValueRange.of(0, 7));
    assertTrue(given.inner().isReady());
    assertEquals(0.0, given.inner().details(3).get("min"));
    assertEquals(7.0, given.inner().details(3).get("max"));
    AnomalyLikelihood learned = (AnomalyLikelihood) AnomalyLikelihood.of(Detectors.parse("cad:0")).create();
    assertFalse(learned.inner().isReady());
  }

  @Test
  void specValidationNamesTheParameter() {
    AnomalyLikelihood.Spec spec = AnomalyLikelihood.of(RollingZScore.spec(10));
    assertRejected("estimationSamples", () -> spec.withEstimationSamples(0));
    assertRejected("learningPeriod", () -> spec.withLearningPeriod(-1));
    assertRejected("historyLength", () -> spec.withHistoryLength(50));
    assertRejected("probation", () -> spec.withProbation(1));
    assertRejected("detector", () -> AnomalyLikelihood.of(null));
    assertEquals(750, spec.withProbation(750).probation());
    String d = spec.withSpatialRule().describe();
    assertTrue(d.startsWith("likelihood(rolling-zscore") && d.endsWith(", spatial)"), d);
  }

  private static void assertRejected(String parameter, Runnable build) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
    assertTrue(e.getMessage().contains(parameter), e.getMessage());
  }

  /** The contract every detector keeps. */
  @Nested
  class Contract extends DetectorContractTest.Univariate {
    Contract() {
      super("likelihood(zscore:50,spatial,probation=200)", "likelihood(zscore:50,probation=200)");
    }
  }

  /** The contract, over CAD. */
  @Nested
  class CadContract extends DetectorContractTest.Univariate {
    CadContract() {
      super("likelihood(cad:5:40)", "likelihood(cad:5:41)");
    }
  }
}
