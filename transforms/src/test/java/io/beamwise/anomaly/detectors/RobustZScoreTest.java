package io.beamwise.anomaly.detectors;

import static io.beamwise.anomaly.detectors.DetectorChecks.assertInUnitInterval;
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
import java.util.Arrays;
import java.util.Deque;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RobustZScoreTest {

  private static final double MAD_K = 1.4826;
  private static final double MEAN_AD_K = 1.2533;

  private static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /** Median, and 1.4826 MAD or its fallback, by sorting copies. */
  private static double[] direct(Deque<Double> window) {
    double[] values = window.stream().mapToDouble(Double::doubleValue).toArray();
    double med = median(values);
    double[] deviations = new double[values.length];
    double sum = 0;
    for (int i = 0; i < values.length; i++) {
      deviations[i] = Math.abs(values[i] - med);
      sum += deviations[i];
    }
    double mad = median(deviations);
    return new double[] {med, mad > 0 ? MAD_K * mad : MEAN_AD_K * sum / values.length};
  }

  // ---------------------------------------------------------------- spec

  @Test
  void defaultSpec() {
    assertEquals(288, RobustZScore.spec(288).window());
    assertEquals(30, RobustZScore.spec(288).minPoints());
    assertEquals(10, RobustZScore.spec(10).minPoints());
    assertEquals(2, RobustZScore.spec(2).minPoints());
    String d = RobustZScore.spec(288).describe();
    assertTrue(d.startsWith("robust-zscore("), d);
    assertTrue(d.contains("window=288"), d);
    assertTrue(d.contains("minPoints=30"), d);
    assertEquals(d, RobustZScore.spec(288).toString());
    assertEquals(MAD_K, RobustZScore.MAD_TO_SIGMA);
    assertEquals(MEAN_AD_K, RobustZScore.MEAN_AD_TO_SIGMA);
  }

  @Test
  void specValidationMessagesNameTheParameter() {
    assertWindowChecked(
        RobustZScore::spec, RobustZScore.Spec::withMinPoints, RobustZScore.Spec::minPoints);
    assertPositiveChecked("zScale", RobustZScore.spec(10)::withZScale);
    assertNonNegativeChecked("rangeFraction", RobustZScore.spec(10)::withRangeFraction);
    assertTrue(RobustZScore.spec(10).describe().contains("rangeFraction=0.05"));
  }

  // ---------------------------------------------------------------- warm-up

  @Test
  void warmUpContract() {
    assertReadyFromMinPoints(
        RobustZScore.Spec::minPoints,
        s -> s.window() + 5,
        RobustZScore.spec(100), RobustZScore.spec(10),
        RobustZScore.spec(2), RobustZScore.spec(50).withMinPoints(7));
  }

  @Test
  void nonFiniteValuesAreNotLearned() {
    RobustZScore d = learned(RobustZScore.spec(5), 1, 2, 3);
    learnNonFinite(d);
    assertEquals(3, d.size());
    assertEquals(2.0, d.median());
  }

  // ---------------------------------------------------------------- hand-computed statistics

  @Test
  void oddWindowByHand() {
    // Window 1, 2, 3, 4, 100: sorted 1 2 3 4 100, median 3.
    // |x - 3| = 2 1 0 1 97, sorted 0 1 1 2 97: MAD 1, scale 1.4826.
    RobustZScore d = learned(RobustZScore.spec(5).withRangeFraction(0), 1, 2, 3, 4, 100);
    assertTrue(d.isReady());
    assertEquals(3.0, d.median());
    assertEquals(MAD_K, d.scale());
    assertEquals(0.0, d.score(3.0));
    assertEquals(0.5, d.score(3 + 3 * MAD_K), 1e-12, "z = 3");
    assertEquals(0.5, d.score(3 - 3 * MAD_K), 1e-12, "z = -3");
    assertEquals(0.25, d.score(3 + MAD_K), 1e-12, "z = 1");
    // x = 100: z = 97 / 1.4826 = 65.4256..., score = z / (z + 3) = 0.95615...
    double z = 97 / 1.4826;
    assertEquals(z / (z + 3), d.score(100), 1e-12);
    assertEquals(0.9561, d.score(100), 1e-4);
    // Iglewicz and Hoaglin: 0.6745 (x - median) / MAD = 3.5 is the outlier cut-off.
    double m = 3.5;
    assertEquals(m / (m + 3), d.score(3 + m / 0.6745), 1e-4);
  }

  @Test
  void evenWindowByHand() {
    // Window 1, 2, 3, 4, 5, 100: median (3 + 4) / 2 = 3.5.
    // |x - 3.5| = 2.5 1.5 0.5 0.5 1.5 96.5, sorted 0.5 0.5 1.5 1.5 2.5 96.5: MAD (1.5 + 1.5) / 2 = 1.5.
    RobustZScore d = learned(RobustZScore.spec(6).withRangeFraction(0), 5, 100, 1, 4, 2, 3);
    assertEquals(3.5, d.median());
    assertEquals(1.5 * MAD_K, d.scale(), 1e-15); // 2.2239
    assertEquals(0.5, d.score(3.5 + 3 * 2.2239), 1e-12);
    // Window 1, 2, 10, 11: median 6; |x - 6| = 5 4 4 5: MAD (4 + 5) / 2 = 4.5.
    RobustZScore e = learned(RobustZScore.spec(4).withRangeFraction(0), 11, 1, 10, 2);
    assertEquals(6.0, e.median());
    assertEquals(4.5 * MAD_K, e.scale(), 1e-15);
  }

  @Test
  void windowSlides() {
    // Window 5 after 1, 2, 3, 4, 100, 6, 7 holds 3, 4, 100, 6, 7: sorted 3 4 6 7 100, median 6;
    // |x - 6| = 3 2 94 0 1, sorted 0 1 2 3 94: MAD 2.
    RobustZScore d = learned(RobustZScore.spec(5).withRangeFraction(0), 1, 2, 3, 4, 100, 6, 7);
    assertEquals(5, d.size());
    assertEquals(6.0, d.median());
    assertEquals(2 * MAD_K, d.scale(), 1e-15);
    // Two more: 100, 6, 7, 8, 9: median 8; |x - 8| = 92 2 1 0 1: MAD 1.
    d.learn(8);
    d.learn(9);
    assertEquals(8.0, d.median());
    assertEquals(MAD_K, d.scale(), 1e-15);
  }

  @Test
  void zeroMadFallsBackToMeanAbsoluteDeviation() {
    // Window 5, 5, 5, 5, 10: median 5; |x - 5| = 0 0 0 0 5: MAD 0.
    // MeanAD = 5 / 5 = 1, scale 1.2533.
    RobustZScore d = learned(RobustZScore.spec(5), 5, 5, 10, 5, 5);
    assertEquals(5.0, d.median());
    assertEquals(MEAN_AD_K, d.scale(), 1e-15);
    assertEquals(0.0, d.score(5.0));
    assertEquals(0.5, d.score(5 + 3 * MEAN_AD_K), 1e-12, "z = 3");
    // x = 10: z = 5 / 1.2533 = 3.98947..., score 0.57080...
    double z = 5 / 1.2533;
    assertEquals(z / (z + 3), d.score(10.0), 1e-12);
    // Even window 0, 0, 0, 1, 2, 3 ... median (0 + 1) / 2 = 0.5; deviations 0.5 0.5 0.5 0.5 1.5 2.5: MAD 0.5.
    RobustZScore e = learned(RobustZScore.spec(6), 0, 0, 0, 1, 2, 3);
    assertEquals(0.5, e.median());
    assertEquals(0.5 * MAD_K, e.scale(), 1e-15);
    // 7, 7, 7, 7, 7, 1, 13 in a window of 7: MAD 0, MeanAD = 12 / 7.
    RobustZScore f = learned(RobustZScore.spec(7), 7, 7, 1, 7, 7, 13, 7);
    assertEquals(7.0, f.median());
    assertEquals(MEAN_AD_K * 12 / 7, f.scale(), 1e-14);
  }

  @Test
  void constantWindowScoresOneForAnyOtherValue() {
    RobustZScore d = learned(RobustZScore.spec(10), 5, 5, 5, 5, 5, 5, 5, 5, 5, 5);
    assertTrue(d.isReady());
    assertEquals(0.0, d.scale());
    assertEquals(0.0, d.score(5.0));
    assertEquals(1.0, d.score(Math.nextUp(5.0)));
    assertEquals(1.0, d.score(Math.nextDown(5.0)));
    assertEquals(1.0, d.score(1e6));
    assertEquals(1.0, d.score(-1e-300));
  }

  @Test
  void robustToTheOutliersItScores() {
    // 20 % of huge spikes barely move the median and MAD: a sigma-3 point stays near 0.5.
    Random r = new Random(8);
    // The default range floor is not robust (see the next test), so it is switched off here.
    RobustZScore d = learned(RobustZScore.spec(200).withRangeFraction(0));
    for (int i = 0; i < 1000; i++) {
      d.learn(i % 5 == 0 ? 1e9 : r.nextGaussian());
    }
    // 40 of 200 at 1e9: the median is the 0.625-quantile of the normal points, about 0.32.
    assertEquals(0.3, d.median(), 0.3);
    assertEquals(1.0, d.scale() / 1.4, 0.35, "scale " + d.scale());
    assertTrue(d.score(1e9) > 0.999);
    assertTrue(d.score(0.5) < 0.3);
  }

  @Test
  void rangeFloorByHandAndItsPrice() {
    // Window 1, 2, 3, 4, 100: MAD scale 1.4826, range floor 0.05 * 100 - 0.05 * 1 = 4.95.
    RobustZScore d = learned(RobustZScore.spec(5), 1, 2, 3, 4, 100);
    assertEquals(0.05 * 100 - 0.05 * 1, d.scale());
    double z = 97 / (0.05 * 100 - 0.05 * 1);
    assertEquals(z / (z + 3), d.score(100), 1e-12);
    // The price: with 20 % spikes of 1e9 the floor is 5e7, so a 3-sigma point scores about 0.
    Random r = new Random(8);
    RobustZScore spiky = learned(RobustZScore.spec(200));
    for (int i = 0; i < 1000; i++) {
      spiky.learn(i % 5 == 0 ? 1e9 : r.nextGaussian());
    }
    assertEquals(5e7, spiky.scale(), 1e3);
    assertTrue(spiky.score(1e9) > 0.85 && spiky.score(3.0) < 1e-6);
    assertEquals(RobustZScore.DEFAULT_RANGE_FRACTION, 0.05);
  }

  @Test
  void mostlyZeroWindowNoLongerScoresNearlyOne() {
    // 280 zeros and 8 ones: MAD 0, MeanAD 8/288, fallback scale 1.2533 * 8/288 = 0.0348; the
    // range floor 0.05 takes over, so 1 is 20 scales out (0.87) instead of 28.7 (0.905), and
    // 0.5 is 10 (0.77).
    double[] values = new double[288];
    for (int i = 0; i < 8; i++) {
      values[i * 36] = 1;
    }
    RobustZScore d = learned(RobustZScore.spec(288), values);
    assertEquals(0.05, d.scale(), 1e-15);
    assertEquals(20.0 / 23, d.score(1.0), 1e-12);
    assertEquals(10.0 / 13, d.score(0.5), 1e-12);
    assertTrue(d.score(10.0) > d.score(1.0));
    RobustZScore unfloored = learned(RobustZScore.spec(288).withRangeFraction(0), values);
    assertEquals(1.2533 * 8 / 288, unfloored.scale(), 1e-12);
  }

  @Test
  void matchesDirectComputationOnRandomSequences() {
    Random r = new Random(314);
    for (int window : new int[] {2, 3, 4, 7, 50, 288}) {
      RobustZScore d = learned(RobustZScore.spec(window).withRangeFraction(0));
      Deque<Double> last = new ArrayDeque<>();
      for (int i = 0; i < 10 * window + 13; i++) {
        double x;
        switch (r.nextInt(4)) {
          case 0:
            x = Math.rint(3 * r.nextGaussian()); // ties and repeated medians
            break;
          case 1:
            x = -0.0;
            break;
          case 2:
            x = (r.nextInt(20) == 0 ? 100 : 1) * r.nextGaussian();
            break;
          default:
            x = 0.0;
        }
        d.learn(x);
        last.addLast(x);
        if (last.size() > window) {
          last.removeFirst();
        }
        double[] expected = direct(last);
        int step = i;
        assertEquals(expected[0], d.median(), 1e-12, () -> "median, window=" + window + " step " + step);
        assertEquals(
            expected[1], d.scale(), 1e-12 * Math.max(1, expected[1]),
            () -> "scale, window=" + window + " step " + step);
      }
    }
  }

  // ---------------------------------------------------------------- score range

  @Test
  void scoreIncreasesWithDeviation() {
    RobustZScore d = learned(RobustZScore.spec(30));
    assertScoreGrows(d, 30, 0, k -> d.median() + k * 0.05);
  }

  @Test
  void nonFiniteQueriesScoreOne() {
    assertNonFiniteScoresOne(learned(RobustZScore.spec(5), 1, 2, 3, 4, 5));
  }

  @Test
  void tinyValuesScoreLikeTheirScaledCopies() {
    // Multiples of Double.MIN_VALUE (subnormal): 16, 32, 48, 64, 1600 of them; median 48, MAD 16.
    RobustZScore d = learned(RobustZScore.spec(5));
    for (double v : new double[] {1, 2, 3, 4, 100}) {
      d.learn(v * Double.MIN_VALUE * 16);
    }
    assertEquals(3 * Double.MIN_VALUE * 16, d.median());
    assertTrue(d.scale() > 0);
    assertInUnitInterval(d.score(0), () -> "tiny");
    assertTrue(d.score(1e-300) > 0.99);
  }

  // ---------------------------------------------------------------- state coder

  @Test
  void stateCoderRejectsAWindowThatDoesNotFit() throws Exception {
    assertLargerWindowRefused(RobustZScore.spec(10), RobustZScore.spec(5));
  }

  @Test
  void encodedStateDoesNotGrowBeyondTheWindow() throws Exception {
    assertStateIsTheWindow(RobustZScore.spec(48), 48);
  }

  /** The contract every detector keeps. */
  @Nested
  class Contract extends DetectorContractTest.Univariate {
    Contract() {
      super(() -> RobustZScore.spec(40), () -> RobustZScore.spec(40).withZScale(2));
    }
  }
}
