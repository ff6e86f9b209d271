package io.beamwise.anomaly.detectors;

import static io.beamwise.anomaly.detectors.DetectorChecks.assertLargerWindowRefused;
import static io.beamwise.anomaly.detectors.DetectorChecks.assertNonFiniteScoresOne;
import static io.beamwise.anomaly.detectors.DetectorChecks.assertNonNegativeChecked;
import static io.beamwise.anomaly.detectors.DetectorChecks.assertPositiveChecked;
import static io.beamwise.anomaly.detectors.DetectorChecks.assertReadyFromMinPoints;
import static io.beamwise.anomaly.detectors.DetectorChecks.assertScoreGrows;
import static io.beamwise.anomaly.detectors.DetectorChecks.assertStateIsTheWindow;
import static io.beamwise.anomaly.detectors.DetectorChecks.assertWindowChecked;
import static io.beamwise.anomaly.detectors.DetectorChecks.learnNonFinite;
import static io.beamwise.anomaly.detectors.DetectorChecks.learned;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class IqrDetectorTest {

  /** Type 7 quantile of a sorted copy (numpy.percentile's default, R's quantile type 7). */
  private static double quantile(Deque<Double> window, double p) {
    double[] s = window.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double h = (s.length - 1) * p;
    int lo = (int) Math.floor(h);
    return lo + 1 < s.length ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[lo];
  }

  // ---------------------------------------------------------------- spec

  @Test
  void defaultSpec() {
    assertEquals(288, IqrDetector.spec(288).window());
    assertEquals(30, IqrDetector.spec(288).minPoints());
    assertEquals(10, IqrDetector.spec(10).minPoints());
    assertEquals(2, IqrDetector.spec(2).minPoints());
    String d = IqrDetector.spec(288).describe();
    assertTrue(d.startsWith("iqr("), d);
    assertTrue(d.contains("window=288"), d);
    assertTrue(d.contains("minPoints=30"), d);
    assertTrue(d.contains("k=1.5"), d);
    assertEquals(d, IqrDetector.spec(288).toString());
  }

  @Test
  void specValidationMessagesNameTheParameter() {
    assertWindowChecked(
        IqrDetector::spec, IqrDetector.Spec::withMinPoints, IqrDetector.Spec::minPoints);
    assertPositiveChecked("k", IqrDetector.spec(10)::withK);
    assertNonNegativeChecked("minIqr", IqrDetector.spec(10)::withMinIqr);
    assertNonNegativeChecked("rangeFraction", IqrDetector.spec(10)::withRangeFraction);
    assertTrue(IqrDetector.spec(10).describe().contains("rangeFraction=0.05"));
  }

  // ---------------------------------------------------------------- warm-up

  @Test
  void warmUpContract() {
    assertReadyFromMinPoints(
        IqrDetector.Spec::minPoints,
        s -> s.window() + 5,
        IqrDetector.spec(100), IqrDetector.spec(10),
        IqrDetector.spec(2), IqrDetector.spec(50).withMinPoints(7));
  }

  @Test
  void nonFiniteValuesAreNotLearned() {
    IqrDetector d = learned(IqrDetector.spec(5), 1, 2, 3);
    learnNonFinite(d);
    assertEquals(3, d.size());
    assertEquals(1.5, d.q1());
    assertEquals(2.5, d.q3());
  }

  // ---------------------------------------------------------------- hand-computed quartiles

  @Test
  void quartilesOfOneToEightByHand() {
    // Sorted 1..8, n = 8. Q1: h = 7 * 0.25 = 1.75, s[1] + 0.75 (s[2] - s[1]) = 2 + 0.75 = 2.75.
    // Q3: h = 7 * 0.75 = 5.25, s[5] + 0.25 (s[6] - s[5]) = 6 + 0.25 = 6.25 (numpy agrees). IQR 3.5.
    IqrDetector d = learned(IqrDetector.spec(8), 8, 3, 1, 6, 2, 7, 5, 4);
    assertEquals(2.75, d.q1());
    assertEquals(6.25, d.q3());
    // Inner fences 2.75 - 1.5 * 3.5 = -2.5 and 6.25 + 1.5 * 3.5 = 11.5: d = 1.5, score 0.5.
    assertEquals(0.5, d.score(11.5), 1e-15);
    assertEquals(0.5, d.score(-2.5), 1e-15);
    // Outer fences, 3 IQR out: 6.25 + 10.5 = 16.75, d = 3, score 3 / 4.5.
    assertEquals(2.0 / 3.0, d.score(16.75), 1e-15);
    // x = 7: d = 0.75 / 3.5 = 3/14, score = (3/14) / (3/14 + 21/14) = 3 / 24 = 0.125.
    assertEquals(0.125, d.score(7.0), 1e-15);
    // 13.5 IQRs out: 6.25 + 47.25 = 53.5, score 13.5 / 15 = 0.9.
    assertEquals(0.9, d.score(53.5), 1e-15);
    // Inside [Q1, Q3], boundaries included: 0.
    assertEquals(0.0, d.score(2.75));
    assertEquals(0.0, d.score(4.5));
    assertEquals(0.0, d.score(6.25));
    assertTrue(d.score(Math.nextUp(6.25)) > 0);
    assertTrue(d.score(Math.nextDown(2.75)) > 0);
  }

  @Test
  void quartilesOfAnOddWindowByHand() {
    // Sorted 1 2 3 4 100, n = 5: h = 1 and 3 fall on order statistics: Q1 = 2, Q3 = 4, IQR 2.
    IqrDetector d = learned(IqrDetector.spec(5).withRangeFraction(0), 1, 2, 3, 4, 100);
    assertEquals(2.0, d.q1());
    assertEquals(4.0, d.q3());
    assertEquals(0.5, d.score(7.0), "d = 3 / 2 = 1.5");
    assertEquals(48 / 49.5, d.score(100.0), 1e-15, "d = 96 / 2 = 48");
    assertEquals(0.25, d.score(1.0), 1e-15, "d = 1 / 2 = 0.5: 0.5 / 2");
    // k = 3 (Tukey's 'far out'): d = 1.5 scores 1.5 / 4.5.
    IqrDetector far = learned(IqrDetector.spec(5).withK(3.0).withRangeFraction(0), 1, 2, 3, 4, 100);
    assertEquals(1.0 / 3.0, far.score(7.0), 1e-15);
    assertEquals(0.5, far.score(10.0), 1e-15);
  }

  @Test
  void windowSlides() {
    // Window 4 after 10, 20, 30, 40, 1, 2 holds 30, 40, 1, 2: sorted 1 2 30 40.
    // Q1: h = 0.75, 1 + 0.75 * 1 = 1.75. Q3: h = 2.25, 30 + 0.25 * 10 = 32.5.
    IqrDetector d = learned(IqrDetector.spec(4), 10, 20, 30, 40, 1, 2);
    assertEquals(4, d.size());
    assertEquals(1.75, d.q1());
    assertEquals(32.5, d.q3());
    // Then 3: 40, 1, 2, 3, sorted 1 2 3 40: Q1 = 1.75, Q3 = 3 + 0.25 * 37 = 12.25.
    d.learn(3);
    assertEquals(1.75, d.q1());
    assertEquals(12.25, d.q3());
  }

  @Test
  void zeroIqrScoresOneOutsideAndZeroInside() {
    // Sorted 0 0 0 0 5: Q1 = s[1] = 0, Q3 = s[3] = 0, IQR 0.
    IqrDetector d = learned(IqrDetector.spec(5).withRangeFraction(0), 0, 5, 0, 0, 0);
    assertEquals(0.0, d.q1());
    assertEquals(0.0, d.q3());
    assertEquals(0.0, d.score(0.0));
    assertEquals(1.0, d.score(5.0));
    assertEquals(1.0, d.score(1e-300));
    assertEquals(1.0, d.score(-Double.MIN_VALUE));
    // A floor under the IQR makes it a scale again: d = 1.5 / 1 = 1.5 scores 0.5.
    IqrDetector floored = learned(IqrDetector.spec(5).withMinIqr(1.0).withRangeFraction(0), 0, 5, 0, 0, 0);
    assertEquals(0.5, floored.score(1.5), 1e-15);
    assertEquals(0.5, floored.score(-1.5), 1e-15);
    assertEquals(0.0, floored.score(0.0));
    // A floor below the window's IQR changes nothing.
    IqrDetector small = learned(IqrDetector.spec(8).withMinIqr(0.1), 1, 2, 3, 4, 5, 6, 7, 8);
    assertEquals(0.5, small.score(11.5), 1e-15);
  }

  @Test
  void rangeFloorByHand() {
    // Sorted 1 2 3 4 100: IQR 2, floor 0.05 * 100 - 0.05 * 1 = 4.95 takes over.
    IqrDetector d = learned(IqrDetector.spec(5), 1, 2, 3, 4, 100);
    double scale = 0.05 * 100 - 0.05 * 1;
    double dist = 96 / scale;
    assertEquals(dist / (dist + 1.5), d.score(100.0), 1e-15);
    // Sorted 0 0 0 0 5: IQR 0, floor 0.25: 5 is 20 IQRs out (0.93) instead of scoring 1.
    IqrDetector zeros = learned(IqrDetector.spec(5), 0, 5, 0, 0, 0);
    assertEquals(20 / 21.5, zeros.score(5.0), 1e-15);
    assertEquals(0.5, zeros.score(0.375), 1e-15);
    assertEquals(0.0, zeros.score(0.0));
    // An ordinary window: the floor (0.05 of 7) is below the IQR (3.5), nothing changes.
    IqrDetector ordinary = learned(IqrDetector.spec(8), 1, 2, 3, 4, 5, 6, 7, 8);
    assertEquals(0.5, ordinary.score(6.25 + 1.5 * 3.5), 1e-15);
  }

  @Test
  void mostlyZeroWindowScoresIncreaseWithDistance() {
    // 252 zeros and 36 ones: IQR 0; the floor 0.05 keeps the scores below 1 and ordered.
    IqrDetector d = learned(IqrDetector.spec(288));
    for (int i = 0; i < 288; i++) {
      d.learn(i % 8 == 0 && i < 38 * 8 ? 1 : 0);
    }
    double one = d.score(1.0);
    double ten = d.score(10.0);
    assertEquals(20 / 21.5, one, 1e-12);
    assertTrue(one < ten && ten < 1.0, one + " " + ten);
    IqrDetector unfloored = learned(IqrDetector.spec(288).withRangeFraction(0));
    for (int i = 0; i < 288; i++) {
      unfloored.learn(i % 8 == 0 && i < 38 * 8 ? 1 : 0);
    }
    assertEquals(1.0, unfloored.score(1.0));
    assertEquals(1.0, unfloored.score(10.0));
  }

  @Test
  void constantWindowScoresOneForAnyOtherValue() {
    IqrDetector d = learned(IqrDetector.spec(10), 5, 5, 5, 5, 5, 5, 5, 5, 5, 5);
    assertTrue(d.isReady());
    assertEquals(0.0, d.score(5.0));
    assertEquals(1.0, d.score(Math.nextUp(5.0)));
    assertEquals(1.0, d.score(Math.nextDown(5.0)));
    assertEquals(1.0, d.score(-1e6));
  }

  @Test
  void matchesDirectComputationOnRandomSequences() {
    Random r = new Random(314);
    for (int window : new int[] {2, 3, 4, 5, 7, 50, 288}) {
      IqrDetector d = learned(IqrDetector.spec(window));
      Deque<Double> last = new ArrayDeque<>();
      for (int i = 0; i < 10 * window + 13; i++) {
        double x =
            r.nextBoolean() ? Math.rint(3 * r.nextGaussian()) : (r.nextInt(20) == 0 ? 100 : 1) * r.nextGaussian();
        d.learn(x);
        last.addLast(x);
        if (last.size() > window) {
          last.removeFirst();
        }
        int step = i;
        assertEquals(quantile(last, 0.25), d.q1(), 0.0, () -> "q1, window=" + window + " step " + step);
        assertEquals(quantile(last, 0.75), d.q3(), 0.0, () -> "q3, window=" + window + " step " + step);
      }
    }
  }

  // ---------------------------------------------------------------- score range

  @Test
  void scoreIncreasesWithDistanceOutside() {
    IqrDetector d = learned(IqrDetector.spec(30));
    assertScoreGrows(d, 30, 1, k -> d.q3() + k * 0.05);
  }

  @Test
  void nonFiniteQueriesScoreOne() {
    assertNonFiniteScoresOne(learned(IqrDetector.spec(5), 1, 2, 3, 4, 5));
  }

  // ---------------------------------------------------------------- state coder

  @Test
  void stateCoderRejectsAWindowThatDoesNotFit() throws Exception {
    assertLargerWindowRefused(IqrDetector.spec(10), IqrDetector.spec(5));
  }

  @Test
  void encodedStateDoesNotGrowBeyondTheWindow() throws Exception {
    assertStateIsTheWindow(IqrDetector.spec(48), 48);
  }

  /** The contract every detector keeps. */
  @Nested
  class Contract extends DetectorContractTest.Univariate {
    Contract() {
      super(() -> IqrDetector.spec(40), () -> IqrDetector.spec(40).withK(2));
    }
  }
}
