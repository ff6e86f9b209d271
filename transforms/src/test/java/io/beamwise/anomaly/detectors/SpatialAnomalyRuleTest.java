package io.beamwise.anomaly.detectors;

import static io.beamwise.anomaly.detectors.DetectorContractTest.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.Map;
import java.util.Random;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SpatialAnomalyRuleTest {

  private static Detector learned(SpatialAnomalyRule.Spec spec, double... values) {
    Detector d = spec.create();
    for (double v : values) {
      d.learn(v);
    }
    return d;
  }

  /**
   * After 10, 20, 15 the range is [10, 20] and the tolerance 0.05 · 10 = 0.5: the bounds are 9.5
   * and 20.5, both still normal. After 30 the range is [10, 30], the tolerance 1: bounds 9 and 31.
   */
  @Test
  void handComputedBounds() {
    Detector d = learned(SpatialAnomalyRule.spec().withWarmUp(3), 10, 20, 15);
    assertTrue(d.isReady());
    assertEquals(0.0, d.score(15), 0.0);
    assertEquals(0.0, d.score(20.5), 0.0);
    assertEquals(1.0, d.score(20.6), 0.0);
    assertEquals(0.0, d.score(9.5), 0.0);
    assertEquals(1.0, d.score(9.4), 0.0);
    assertEquals(Map.of("min", 10.0, "max", 20.0, "lower", 9.5, "upper", 20.5), d.details(0));
    d.learn(30);
    assertEquals(0.0, d.score(31), 0.0);
    assertEquals(1.0, d.score(31.5), 0.0);
    assertEquals(0.0, d.score(9), 0.0);
    assertEquals(1.0, d.score(8.9), 0.0);
    // A wider tolerance, 0.5 of the range [10, 30]: bounds 0 and 40.
    Detector wide = learned(SpatialAnomalyRule.spec().withWarmUp(3).withTolerance(0.5), 10, 20, 30);
    assertEquals(0.0, wide.score(40), 0.0);
    assertEquals(1.0, wide.score(40.01), 0.0);
    assertEquals(0.0, wide.score(0), 0.0);
    assertEquals(1.0, wide.score(-0.01), 0.0);
  }

  /** Consecutive new extremes each score 1: there is no rest period. */
  @Test
  void everyNewExtremeScoresOne() {
    Detector d = learned(SpatialAnomalyRule.spec().withWarmUp(2), 0, 1);
    for (double v : new double[] {2, 4, 8, 16}) {
      assertEquals(1.0, d.score(v), 0.0, "at " + v);
      d.learn(v);
    }
    assertEquals(0.0, d.score(16.8), 0.0); // range [0, 16], bound 16.8
  }

  @Test
  void scoresZeroUntilTheWarmUpIsOver() {
    Detector d = learned(SpatialAnomalyRule.spec().withWarmUp(3), 10, 20);
    assertFalse(d.isReady());
    assertEquals(0.0, d.score(1000), 0.0);
    assertTrue(d.details(1000).isEmpty());
    d.learn(15);
    assertTrue(d.isReady());
    assertEquals(1.0, d.score(1000), 0.0);
  }

  /** With no warm-up it is NAB's rule exactly: it applies from the second distinct value on. */
  @Test
  void withoutWarmUpItAppliesOnceTwoValuesDiffer() {
    Detector d = SpatialAnomalyRule.spec().withWarmUp(0).create();
    assertTrue(d.isReady());
    assertEquals(0.0, d.score(5), 0.0); // nothing learned
    d.learn(5);
    assertEquals(0.0, d.score(100), 0.0); // min == max
    d.learn(6);
    assertEquals(0.0, d.score(6.05), 0.0); // range 1, tolerance 0.05
    assertEquals(1.0, d.score(6.06), 0.0);
    assertEquals(1.0, d.score(4.94), 0.0);
  }

  /** A constant warm-up leaves no range to measure a tolerance by: nothing scores 1 until a change. */
  @Test
  void constantSeriesHasNoBreachUntilItChanges() {
    Detector d = learned(SpatialAnomalyRule.spec().withWarmUp(3), 7, 7, 7);
    assertTrue(d.isReady());
    assertEquals(0.0, d.score(1e6), 0.0);
    assertEquals(0.0, d.score(-1e6), 0.0);
    d.learn(8);
    assertEquals(0.0, d.score(8.05), 0.0);
    assertEquals(1.0, d.score(8.06), 0.0);
  }

  @Test
  void nonFiniteValuesCountForTheWarmUpButLeaveTheRange() {
    Detector d = learned(SpatialAnomalyRule.spec().withWarmUp(4), 10, Double.NaN, 20, Double.POSITIVE_INFINITY);
    assertTrue(d.isReady());
    assertEquals(Map.of("min", 10.0, "max", 20.0, "lower", 9.5, "upper", 20.5), d.details(0));
    assertEquals(0.0, d.score(Double.NaN), 0.0);
    assertEquals(1.0, d.score(Double.POSITIVE_INFINITY), 0.0);
    assertEquals(1.0, d.score(Double.NEGATIVE_INFINITY), 0.0);
  }

  /** As in NAB, the given range is not used: fixed and input ranges score as the learned one. */
  @Test
  void ignoresTheExpectedRange() throws Exception {
    SpatialAnomalyRule.Spec spec = SpatialAnomalyRule.spec().withWarmUp(20);
    Detector plain = spec.create();
    Detector fixed = spec.create(ValueRange.of(0, 1));
    Detector wide = spec.create(ValueRange.of(-1e6, 1e6));
    Random r = new Random(5);
    int breaches = 0;
    for (int i = 0; i < 2000; i++) {
      double v = 50 + 10 * r.nextGaussian() + (i % 400 == 399 ? 80 : 0) + (i > 1000 ? 30 : 0);
      double s = plain.score(v);
      assertEquals(s, fixed.score(v), 0.0);
      assertEquals(s, wide.score(v), 0.0);
      breaches += s == 1.0 ? 1 : 0;
      plain.learn(v);
      fixed.learn(v);
      wide.learn(v);
    }
    assertTrue(breaches > 0, "the series has new extremes");
    assertEquals(
        java.util.Arrays.toString(CoderUtils.encodeToByteArray(spec.stateCoder(), plain)),
        java.util.Arrays.toString(CoderUtils.encodeToByteArray(spec.stateCoder(), fixed)));
  }

  /** The likelihood's spatial option is the same rule, with NAB's tolerance and no warm-up. */
  @Test
  void sameRuleAsTheLikelihoodsSpatialOption() {
    Detector rule = SpatialAnomalyRule.spec().withWarmUp(0).create();
    Detector likelihood =
        AnomalyLikelihood.of(RollingZScore.spec(20)).withProbation(10).withSpatialRule().create();
    Random r = new Random(11);
    int breaches = 0;
    for (int i = 0; i < 3000; i++) {
      double v = 100 * r.nextDouble() * (1 + i / 500);
      if (rule.score(v) == 1.0) {
        breaches++;
        assertEquals(1.0, likelihood.score(v), 0.0, "point " + i);
      }
      rule.learn(v);
      likelihood.learn(v);
    }
    assertTrue(breaches > 5, "breaches: " + breaches);
  }

  @Test
  void specValidationNamesParameterValueAndRange() {
    assertRejected("tolerance", () -> SpatialAnomalyRule.spec().withTolerance(-0.01));
    assertRejected("tolerance", () -> SpatialAnomalyRule.spec().withTolerance(10.5));
    assertRejected("tolerance", () -> SpatialAnomalyRule.spec().withTolerance(Double.NaN));
    assertRejected("warmUp", () -> SpatialAnomalyRule.spec().withWarmUp(-1));
    assertRejected("warmUp", () -> SpatialAnomalyRule.spec().withWarmUp(1_000_001));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SpatialAnomalyRule.spec().withTolerance(11));
    assertEquals("tolerance must be in [0, 10] (a fraction of the range so far), got 11.0", e.getMessage());
    assertEquals(0.05, SpatialAnomalyRule.spec().tolerance(), 0.0);
    assertEquals(150, SpatialAnomalyRule.spec().warmUp());
  }

  @Test
  void stateCoderRejectsACountBeyondTheWarmUpAndABadRange() throws Exception {
    SpatialAnomalyRule.Spec spec = SpatialAnomalyRule.spec().withWarmUp(5);
    assertThrows(CoderException.class, () -> CoderUtils.decodeFromByteArray(spec.stateCoder(), state(6, 1, 2)));
    assertThrows(CoderException.class, () -> CoderUtils.decodeFromByteArray(spec.stateCoder(), state(5, 2, 1)));
    assertThrows(
        CoderException.class, () -> CoderUtils.decodeFromByteArray(spec.stateCoder(), state(5, Double.NaN, 1)));
    Detector d = CoderUtils.decodeFromByteArray(spec.stateCoder(), state(5, 1, 2));
    assertTrue(d.isReady());
    assertEquals(1.0, d.score(2.06), 0.0);
    assertEquals(20, state(5, 1, 2).length, "a count and two doubles");
  }

  private static byte[] state(int learned, double min, double max) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(learned);
    out.writeDouble(min);
    out.writeDouble(max);
    out.flush();
    return bytes.toByteArray();
  }

  /** The contract every detector keeps. */
  @Nested
  class Contract extends DetectorContractTest.Univariate {
    Contract() {
      super("spatial", "spatial:0.1");
    }
  }
}
