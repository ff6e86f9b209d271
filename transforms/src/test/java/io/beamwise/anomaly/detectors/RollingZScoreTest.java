package io.beamwise.anomaly.detectors;

import static io.beamwise.anomaly.detectors.DetectorChecks.assertInUnitInterval;
import static io.beamwise.anomaly.detectors.DetectorChecks.assertLargerWindowRefused;
import static io.beamwise.anomaly.detectors.DetectorChecks.assertNonFiniteScoresOne;
import static io.beamwise.anomaly.detectors.DetectorChecks.assertNonNegativeChecked;
import static io.beamwise.anomaly.detectors.DetectorChecks.assertPositiveChecked;
import static io.beamwise.anomaly.detectors.DetectorChecks.assertReadyFromMinPoints;
import static io.beamwise.anomaly.detectors.DetectorChecks.assertScoreGrows;
import static io.beamwise.anomaly.detectors.DetectorChecks.assertWindowChecked;
import static io.beamwise.anomaly.detectors.DetectorChecks.learned;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RollingZScoreTest {

  /** Two-pass mean and sample standard deviation of the values. */
  private static double[] direct(Deque<Double> window) {
    double sum = 0;
    for (double v : window) {
      sum += v;
    }
    double mean = sum / window.size();
    double squares = 0;
    for (double v : window) {
      squares += (v - mean) * (v - mean);
    }
    double std = window.size() < 2 ? Double.NaN : Math.sqrt(squares / (window.size() - 1));
    return new double[] {mean, std};
  }

  // ---------------------------------------------------------------- spec

  @Test
  void defaultSpec() {
    assertEquals(288, RollingZScore.spec(288).window());
    assertEquals(30, RollingZScore.spec(288).minPoints());
    assertEquals(30, RollingZScore.spec(30).minPoints());
    assertEquals(10, RollingZScore.spec(10).minPoints());
    assertEquals(2, RollingZScore.spec(2).minPoints());
    String d = RollingZScore.spec(288).describe();
    assertTrue(d.contains("window=288"), d);
    assertTrue(d.contains("minPoints=30"), d);
    assertEquals(d, RollingZScore.spec(288).toString());
  }

  @Test
  void specValidationMessagesNameTheParameter() {
    assertWindowChecked(
        RollingZScore::spec, RollingZScore.Spec::withMinPoints, RollingZScore.Spec::minPoints);
    assertPositiveChecked("zScale", RollingZScore.spec(10)::withZScale);
    assertNonNegativeChecked("minStd", RollingZScore.spec(10)::withMinStd);
  }

  // ---------------------------------------------------------------- warm-up

  @Test
  void warmUpContract() {
    assertReadyFromMinPoints(
        RollingZScore.Spec::minPoints,
        s -> s.window() + 5,
        RollingZScore.spec(100), RollingZScore.spec(10),
        RollingZScore.spec(2), RollingZScore.spec(50).withMinPoints(7));
  }

  // ---------------------------------------------------------------- window statistics

  @Test
  void windowMeanAndStdMatchDirectComputation() {
    Random r = new Random(314);
    for (int window : new int[] {2, 3, 7, 50, 288}) {
      RollingZScore d = learned(RollingZScore.spec(window));
      Deque<Double> last = new ArrayDeque<>();
      double level = 0;
      for (int i = 0; i < 20 * window + 13; i++) {
        level += r.nextGaussian() * 0.1; // slow drift
        double x = level + (r.nextInt(50) == 0 ? 20 : 1) * r.nextGaussian();
        d.learn(x);
        last.addLast(x);
        if (last.size() > window) {
          last.removeFirst();
        }
        double[] expected = direct(last);
        int step = i;
        double scale = Math.max(1.0, Math.abs(expected[0]));
        assertEquals(expected[0], d.mean(), 1e-9 * scale, () -> "mean, window=" + window + " step " + step);
        if (last.size() >= 2) {
          assertEquals(
              expected[1], d.stdDev(), 1e-9 * Math.max(expected[1], 1e-3),
              () -> "std, window=" + window + " step " + step);
        } else {
          assertTrue(Double.isNaN(d.stdDev()));
        }
      }
    }
  }

  @Test
  void windowForgetsOldValues() {
    RollingZScore d = learned(RollingZScore.spec(4), 1000, 1000, 1000, 1, 2, 3, 4);
    assertEquals(2.5, d.mean(), 1e-12);
    assertEquals(Math.sqrt(5.0 / 3.0), d.stdDev(), 1e-12);
  }

  // ---------------------------------------------------------------- score mapping

  @Test
  void scoreMapping() {
    // Five -1 and five +1: mean 0, sample std sqrt(10/9).
    RollingZScore d = learned(RollingZScore.spec(10), -1, 1, -1, 1, -1, 1, -1, 1, -1, 1);
    assertTrue(d.isReady());
    double std = Math.sqrt(10.0 / 9.0);
    assertEquals(0.0, d.mean(), 1e-15);
    assertEquals(std, d.stdDev(), 1e-15);
    assertEquals(0.5, d.score(3 * std), 1e-12, "3 sigma");
    assertEquals(0.5, d.score(-3 * std), 1e-12, "-3 sigma");
    assertEquals(2.0 / 3.0, d.score(6 * std), 1e-12, "6 sigma");
    assertEquals(0.75, d.score(9 * std), 1e-12, "9 sigma");
    assertEquals(0.9, d.score(27 * std), 1e-12, "27 sigma");
    assertEquals(0.25, d.score(std), 1e-12, "1 sigma");
    assertEquals(0.0, d.score(0.0), "at the mean");
  }

  @Test
  void scoreMappingOnRandomWindow() {
    Random r = new Random(99);
    RollingZScore d = learned(RollingZScore.spec(40));
    for (int i = 0; i < 123; i++) {
      d.learn(10 + 2 * r.nextGaussian());
    }
    for (double z : new double[] {0.1, 1, 3, 6, 9, 27, 1000}) {
      double expected = z / (z + 3);
      assertEquals(expected, d.score(d.mean() + z * d.stdDev()), 1e-9, "z=" + z);
      assertEquals(expected, d.score(d.mean() - z * d.stdDev()), 1e-9, "z=-" + z);
    }
  }

  @Test
  void customZScale() {
    RollingZScore d =
        learned(RollingZScore.spec(10).withZScale(1.0), -1, 1, -1, 1, -1, 1, -1, 1, -1, 1);
    double std = d.stdDev();
    assertEquals(0.75, d.score(3 * std), 1e-12);
    assertEquals(0.5, d.score(std), 1e-12);
    RollingZScore d10 =
        learned(RollingZScore.spec(10).withZScale(10.0), -1, 1, -1, 1, -1, 1, -1, 1, -1, 1);
    assertEquals(0.5, d10.score(10 * std), 1e-12);
  }

  @Test
  void scoreIncreasesWithDeviation() {
    RollingZScore d = learned(RollingZScore.spec(30));
    assertScoreGrows(d, 30, 0, k -> d.mean() + k * 0.05);
  }

  @Test
  void constantWindowThenDifferentValueScoresOne() {
    RollingZScore d = learned(RollingZScore.spec(10), 5, 5, 5, 5, 5, 5, 5, 5, 5, 5);
    assertTrue(d.isReady());
    assertEquals(0.0, d.stdDev());
    assertEquals(1.0, d.score(5.000001));
    assertEquals(1.0, d.score(4.999999));
    assertEquals(1.0, d.score(1e6));
    assertEquals(1.0, d.score(Math.nextUp(5.0)));
  }

  @Test
  void constantWindowThenSameValueScoresZero() {
    RollingZScore d = learned(RollingZScore.spec(10), 5, 5, 5, 5, 5, 5, 5, 5, 5, 5);
    assertEquals(0.0, d.score(5.0));
  }

  @Test
  void constantWindowAfterNoisyHistoryStillScores() {
    // Once noisy values have left the window, it is constant again.
    RollingZScore d = learned(RollingZScore.spec(8));
    Random r = new Random(4);
    for (int i = 0; i < 37; i++) {
      d.learn(r.nextGaussian());
    }
    for (int i = 0; i < 8; i++) {
      d.learn(0.1);
    }
    assertEquals(0.0, d.score(0.1), 1e-6);
    assertTrue(d.score(0.2) > 0.99, "a value off a constant window is extreme: " + d.score(0.2));
  }

  @Test
  void minStdFloorsTheScale() {
    RollingZScore d = learned(RollingZScore.spec(10).withMinStd(2.0), 5, 5, 5, 5, 5, 5, 5, 5, 5, 5);
    assertEquals(0.5, d.score(11.0), 1e-12, "z = 6 / 2 = 3");
    assertEquals(0.5, d.score(-1.0), 1e-12);
    assertEquals(0.0, d.score(5.0));
    // A floor below the window's own std changes nothing.
    RollingZScore noisy =
        learned(RollingZScore.spec(10).withMinStd(0.01), -1, 1, -1, 1, -1, 1, -1, 1, -1, 1);
    assertEquals(0.5, noisy.score(3 * noisy.stdDev()), 1e-12);
  }

  @Test
  void nonFiniteQueriesScoreOne() {
    assertNonFiniteScoresOne(learned(RollingZScore.spec(4), 1, 2, 3, 4));
  }

  @Test
  void scoresWithinUnitIntervalForHugeFiniteValues() {
    Random r = new Random(7);
    Detector d = RollingZScore.spec(20).create();
    for (int i = 0; i < 2000; i++) {
      double x = (r.nextDouble() * 2 - 1) * 1e160;
      int step = i;
      assertInUnitInterval(d.score(x), () -> "step " + step + " x=" + x);
      d.learn(x);
    }
  }

  @Test
  void stdStaysAccurateAfterALevelShift() {
    for (long seed = 1; seed <= 5; seed++) {
      Random r = new Random(seed);
      int window = 100;
      RollingZScore d = learned(RollingZScore.spec(window));
      Deque<Double> last = new ArrayDeque<>();
      for (int i = 0; i < 4 * window; i++) {
        double x = (i < 150 ? 1e8 : 0) + r.nextGaussian();
        if (i >= 150 + window) {
          // The window holds only N(0,1) noise: no point within 4 sigma is an anomaly.
          double score = d.score(x);
          double sigmas = Math.abs(x - direct(last)[0]) / direct(last)[1];
          if (sigmas < 4) {
            assertTrue(score < 4.0 / 7.0, "seed " + seed + " step " + i + " score " + score);
          }
        }
        d.learn(x);
        last.addLast(x);
        if (last.size() > window) {
          last.removeFirst();
        }
        if (last.size() == window) {
          double[] expected = direct(last);
          int step = i;
          assertEquals(
              expected[1], d.stdDev(), 1e-6 * expected[1], () -> "std at step " + step);
        }
      }
    }
  }

  // ---------------------------------------------------------------- state coder

  @Test
  void stateCoderRejectsAWindowThatDoesNotFit() throws Exception {
    assertLargerWindowRefused(RollingZScore.spec(10), RollingZScore.spec(5));
  }

  /** The contract every detector keeps. */
  @Nested
  class Contract extends DetectorContractTest.Univariate {
    Contract() {
      super(
          () -> RollingZScore.spec(50).withMinPoints(10),
          () -> RollingZScore.spec(50).withMinPoints(11));
    }
  }
}
