package io.beamwise.anomaly.detectors;

import static io.beamwise.anomaly.detectors.DetectorChecks.learned;
import static io.beamwise.anomaly.detectors.DetectorContractTest.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RelativeEntropyDetectorTest {

  /** Regimes of 200 points each: a level and a spread that change from regime to regime. */
  private static double[] regimes(long seed, int points) {
    Random r = new Random(seed);
    double[] x = new double[points];
    double level = 0;
    double spread = 1;
    for (int i = 0; i < points; i++) {
      if (i % 200 == 0) {
        level = r.nextInt(5) * 10.0;
        spread = 0.5 + r.nextInt(3);
      }
      x[i] = level + spread * r.nextGaussian() + (r.nextInt(100) == 0 ? 30 : 0);
    }
    return x;
  }

  // ---------------------------------------------------------------- spec

  @Test
  void defaultSpec() {
    RelativeEntropyDetector.Spec spec = RelativeEntropyDetector.spec(52);
    assertEquals(52, spec.window());
    assertEquals(64, spec.maxHypotheses());
    // scipy.stats.chi2.isf(0.01, 5): 6 bins, 5 degrees of freedom.
    assertEquals(15.086272469388991, spec.threshold(), 1e-9);
    String d = spec.describe();
    assertTrue(d.contains("window=52"), d);
    assertTrue(d.contains("binWidth=2.0"), d);
    assertTrue(d.contains("binsPerSide=3"), d);
    assertTrue(d.contains("significance=0.01"), d);
    assertEquals(d, spec.toString());
    assertEquals(spec.describe(), Detectors.parse("re").describe());
    assertEquals(RelativeEntropyDetector.spec(30).describe(), Detectors.parse("re:30").describe());
  }

  @Test
  void specValidationMessagesNameTheParameter() {
    assertRejected("window", () -> RelativeEntropyDetector.spec(1));
    assertRejected("binWidth", () -> RelativeEntropyDetector.spec(10).withBinWidth(0));
    assertRejected("binWidth", () -> RelativeEntropyDetector.spec(10).withBinWidth(Double.NaN));
    assertRejected("binsPerSide", () -> RelativeEntropyDetector.spec(10).withBinsPerSide(0));
    assertRejected("significance", () -> RelativeEntropyDetector.spec(10).withSignificance(0));
    assertRejected("significance", () -> RelativeEntropyDetector.spec(10).withSignificance(1));
    assertRejected("maxHypotheses", () -> RelativeEntropyDetector.spec(10).withMaxHypotheses(0));
  }

  // ---------------------------------------------------------------- warm-up

  @Test
  void readyAfterOneFullWindow() {
    RelativeEntropyDetector d = learned(RelativeEntropyDetector.spec(5));
    for (int i = 1; i <= 8; i++) {
      assertEquals(i > 5, d.isReady(), "before point " + i);
      assertEquals(i > 5 ? 1 : 0, d.hypothesisCount(), "before point " + i);
      d.learn(i % 2);
    }
  }

  @Test
  void constantHistoryScoresRepeatsZeroAndAnythingElseOne() {
    RelativeEntropyDetector d = learned(RelativeEntropyDetector.spec(4), 3, 3, 3, 3, 3);
    assertTrue(d.isReady());
    assertEquals(0, d.hypothesisCount());
    assertEquals(0.0, d.score(3));
    assertEquals(1.0, d.score(3.5));
    assertEquals(Map.of(), learned(RelativeEntropyDetector.spec(4), 3, 3).details(3));
  }

  // ---------------------------------------------------------------- scores by hand

  /**
   * Window 4, one bin per side (below the mean, at or above it), significance 0.01: T = 6.6349.
   * After 0, 1, 0, 1 (mean 0.5) the hypothesis is (1/2, 1/2). Scoring 1: the window 1, 0, 1, 1
   * is (1/4, 3/4), statistic 2·4·(1/4·ln(1/2) + 3/4·ln(3/2)) = 1.0465, score 1.0465 / (1.0465 +
   * T) = 0.1362.
   */
  @Test
  void scoreIsTheSaturatedStatistic() {
    RelativeEntropyDetector.Spec spec = RelativeEntropyDetector.spec(4).withBinsPerSide(1).withBinWidth(1);
    RelativeEntropyDetector d = learned(spec, 0, 1, 0, 1);
    double t = 6.6348966010212145;
    assertEquals(t, spec.threshold(), 1e-10);
    double statistic = 8 * (0.25 * Math.log(0.5) + 0.75 * Math.log(1.5));
    assertEquals(1.0464962875290, statistic, 1e-12);
    assertEquals(statistic / (statistic + t), d.score(1), 1e-12);
    assertEquals(0.0, d.score(0), 1e-12); // 1, 0, 1, 0: the hypothesis itself
    Map<String, Double> details = d.details(1);
    assertEquals(statistic, details.get("statistic"), 1e-12);
    assertEquals(t, details.get("threshold"), 1e-10);
    assertEquals(1.0, details.get("hypotheses"));
    assertEquals(0.5, details.get("mean"), 1e-15);
    assertEquals(Math.sqrt(1.0 / 3), details.get("std"), 1e-15);
  }

  /**
   * Two bins per side, 1 std wide: after 0, 1, 0, 1 (mean 0.5, std 0.577) the edges are at
   * -0.077, 0.5 and 1.077, and the hypothesis has half its mass in each middle bin. 10 falls in the
   * empty top bin: the statistic is infinite and the score 1; 1.05 does not.
   */
  @Test
  void valueInABinNoHypothesisHasScoresOne() {
    RelativeEntropyDetector d = learned(RelativeEntropyDetector.spec(4).withBinsPerSide(2).withBinWidth(1), 0, 1, 0, 1);
    assertEquals(1.0, d.score(10));
    assertEquals(1.0, d.score(-10));
    assertTrue(d.score(1.05) < 0.5, "1.05 is in the same bin as 1");
  }

  @Test
  void aNewBehaviourAlarmsOnceAndNotWhenItRecurs() {
    // Behaviour A alternates 0 and 1, behaviour B 8 and 9: A, B, A, B.
    RelativeEntropyDetector d = learned(RelativeEntropyDetector.spec(10));
    double firstMax = 0;
    double secondMax = 0;
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 100; i++) {
        d.learn(i % 2);
      }
      for (int i = 0; i < 100; i++) {
        double x = 8 + i % 2;
        double s = d.score(x);
        if (round == 0) {
          firstMax = Math.max(firstMax, s);
        } else {
          secondMax = Math.max(secondMax, s);
        }
        d.learn(x);
      }
    }
    assertEquals(1.0, firstMax, "the first shift reaches an empty bin");
    assertTrue(secondMax < 0.5, "the recurring shift agrees with stored hypotheses: " + secondMax);
  }

  @Test
  void scoresStayInUnitIntervalForExtremeValues() {
    RelativeEntropyDetector d = learned(RelativeEntropyDetector.spec(8), regimes(3, 500));
    for (double x : new double[] {0, 1e300, -1e300, Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NaN}) {
      double s = d.score(x);
      assertTrue(s >= 0 && s <= 1, x + " scored " + s);
    }
    d.learn(1e300);
    double s = d.score(1);
    assertTrue(s >= 0 && s <= 1, "after an overflowing value: " + s);
  }

  // ---------------------------------------------------------------- memory and state

  @Test
  void hypothesesAreBoundedAndTheLeastRecentlyUsedIsDropped() throws Exception {
    RelativeEntropyDetector.Spec spec = RelativeEntropyDetector.spec(8).withMaxHypotheses(3);
    RelativeEntropyDetector d = (RelativeEntropyDetector) spec.create();
    int maxBytes = 0;
    for (double x : regimes(11, 5000)) {
      d.score(x);
      d.learn(x);
      assertTrue(d.hypothesisCount() <= 3);
      maxBytes = Math.max(maxBytes, CoderUtils.encodeToByteArray(spec.stateCoder(), d).length);
    }
    assertEquals(3, d.hypothesisCount());
    // size, window, count, mean, M2, clock, hypothesis count, 3 × (last use + window)
    assertEquals(4 + 8 * 8 + 8 + 8 + 8 + 8 + 4 + 3 * (8 + 8 * 8), maxBytes);
  }

  @Test
  void stateCoderIsDeterministicAndRejectsForeignState() throws Exception {
    RelativeEntropyDetector.Spec spec = RelativeEntropyDetector.spec(6);
    spec.stateCoder().verifyDeterministic();
    byte[] big = CoderUtils.encodeToByteArray(
        RelativeEntropyDetector.spec(10).stateCoder(), learned(RelativeEntropyDetector.spec(10), regimes(1, 50)));
    assertThrows(CoderException.class, () -> CoderUtils.decodeFromByteArray(spec.stateCoder(), big));
    RelativeEntropyDetector.Spec few = RelativeEntropyDetector.spec(10).withMaxHypotheses(1);
    byte[] many = CoderUtils.encodeToByteArray(
        RelativeEntropyDetector.spec(10).stateCoder(), learned(RelativeEntropyDetector.spec(10), regimes(2, 2000)));
    assertThrows(CoderException.class, () -> CoderUtils.decodeFromByteArray(few.stateCoder(), many));
  }

  /** The contract every detector keeps. */
  @Nested
  class Contract extends DetectorContractTest.Univariate {
    Contract() {
      super(() -> RelativeEntropyDetector.spec(20), () -> RelativeEntropyDetector.spec(21));
    }
  }
}
