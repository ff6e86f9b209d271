package io.beamwise.anomaly.detectors.cad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.anomaly.detectors.Detector;
import io.beamwise.anomaly.detectors.DetectorContractTest;
import io.beamwise.anomaly.detectors.ValueRange;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Encoding, hand-computed scores, value ranges (fixed and widened) and the spec of CAD. */
class ContextualAnomalyDetectorTest {

  private static final ValueRange ZERO_TO_SEVEN = ValueRange.of(0, 7);

  // ---------------------------------------------------------------- encoding

  @Test
  void factsAreTheBitsOfTheLevel() {
    assertArrayEquals(new int[] {0, 2, 4}, ValueEncoder.factsOf(0));
    assertArrayEquals(new int[] {1, 2, 5}, ValueEncoder.factsOf(5)); // 101
    assertArrayEquals(new int[] {1, 3, 5}, ValueEncoder.factsOf(7)); // 111
    assertArrayEquals(new int[] {0, 2, 4, 7}, ValueEncoder.factsOf(8)); // 1000: above the range
    assertArrayEquals(
        new int[] {1, 3, 4, ContextMemory.BELOW_RANGE}, ValueEncoder.factsOf(-3)); // below
    assertEquals(31, ValueEncoder.factsOf(Integer.MAX_VALUE).length);
  }

  @Test
  void levelsSplitTheRangeIntoSevenAndTheMaximumIsLevelSeven() {
    Detector d = ContextualAnomalyDetector.spec().withRestPeriod(0).create(ValueRange.of(10, 24));
    d.learn(10); // ready: rest 0, range given
    assertEquals(0.0, d.details(10).get("level"));
    assertEquals(0.0, d.details(11.99).get("level"));
    assertEquals(1.0, d.details(12).get("level"));
    assertEquals(6.0, d.details(23.99).get("level"));
    assertEquals(7.0, d.details(24).get("level"));
    assertEquals(8.0, d.details(26).get("level")); // above: more bits
    assertEquals(0.0, d.details(9).get("level")); // less than a step below: truncated to 0
    assertEquals(-1.0, d.details(7.5).get("level"));
  }

  // ---------------------------------------------------------------- hand-computed steps

  /**
   * Alternating levels 0 and 7 (facts a = {0,2,4}, b = {1,3,5}), rest period 0. By hand: (0) no
   * left facts: nothing selected, nothing new, 0.5; (1) zero-level context a→b is new, nothing
   * selected: (1 − 0 + 1/1)/2 = 1; (2) b→a new likewise: 1; (3) a→b exists; its left side a is
   * selected but it is context 0, which the reference leaves out when nothing is formed: 0.5; (4)
   * b→a (context 1) is selected and active: (1 − 1)/2 = 0, and its neuron joins the left facts;
   * (5) {a, n1}→b is new; a→b is selected and active: (1 − 1 + 1/1)/2 = 0.5; (6) likewise for
   * {b, n0}→a: 0.5; (7) {a, n1}→b exists, selected and active (a→b, context 0, is left out): 0;
   * (8) {b, n2}→a is new; b→a is active; {b, n0}→a, a zero-level context whose left side
   * {b, n0} is partly in {b, n2}, proposes b→a, which exists: (1 − 1 + 1/2)/2 = 0.25; (9) 0; (10)
   * {b, n2}→a now exists and is active with b→a: 0.
   */
  @Test
  void handComputedScoresOfAnAlternatingSeries() {
    Detector d = ContextualAnomalyDetector.spec().withRestPeriod(0).create(ZERO_TO_SEVEN);
    double[] scores = CadTestSeries.scoreThenLearn(d, 0, 7, 0, 7, 0, 7, 0, 7, 0, 7, 0);
    assertArrayEquals(new double[] {0.5, 1, 1, 0.5, 0, 0.5, 0.5, 0, 0.25, 0, 0}, scores, 0.0);
    assertEquals(5, ((ContextualAnomalyDetector) d).contextCount());
  }

  /**
   * A constant series: after the first two steps nothing but context 0 is ever selected, which the
   * reference leaves out, so every score is (1 − 0 + 0)/2 = 0.5 (NAB's contextOSE gives 0.5 on
   * every row of a long constant stretch). With a rest period of 2 the first two points and the
   * two after the score 1 of the second report 0.
   */
  @Test
  void constantSeriesScoresOneHalfAfterTheRestPeriods() {
    Detector d = ContextualAnomalyDetector.spec().withRestPeriod(2).create(ZERO_TO_SEVEN);
    assertFalse(d.isReady());
    double[] scores = CadTestSeries.scoreThenLearn(d, 3, 3, 3, 3, 3, 3, 3);
    assertArrayEquals(new double[] {0, 0, 0, 0, 0.5, 0.5, 0.5}, scores, 0.0);
    assertTrue(d.isReady());
    assertEquals(1, ((ContextualAnomalyDetector) d).contextCount());
  }

  @Test
  void readyAfterTheRestPeriodWhenTheRangeIsGiven() {
    Detector d = ContextualAnomalyDetector.spec().withRestPeriod(3).create(ZERO_TO_SEVEN);
    for (int i = 0; i < 3; i++) {
      assertFalse(d.isReady());
      d.learn(i);
    }
    assertTrue(d.isReady());
  }

  // ---------------------------------------------------------------- value ranges

  @Test
  void valuesOutsideAFixedRangeAreNewFactsAndTheRangeDoesNotMove() {
    ContextualAnomalyDetector d =
        (ContextualAnomalyDetector) ContextualAnomalyDetector.spec().withRestPeriod(0).create(ZERO_TO_SEVEN);
    double[] x = new double[400];
    for (int i = 0; i < x.length; i++) {
      x[i] = i % 4; // a repeating pattern inside the range
    }
    CadTestSeries.scoreThenLearn(d, x);
    double inside = d.score(0);
    double above = d.score(100);
    double below = d.score(-50);
    assertTrue(inside < 0.05, "the pattern is predicted: " + inside);
    assertTrue(above >= 0.5 && below >= 0.5, "out of range: " + above + ", " + below);
    assertEquals(100.0, d.details(100).get("level"));
    assertEquals(-50.0, d.details(-50).get("level"));
    d.learn(100);
    d.learn(-50);
    assertEquals(ZERO_TO_SEVEN, d.range());
    assertEquals(Map.of("min", 0.0, "max", 7.0), Map.of("min", d.details(1).get("min"), "max", d.details(1).get("max")));
  }

  @Test
  void aLearnedRangeIsTheWarmUpsMinAndMaxThenWidensToEachNewExtreme() {
    ContextualAnomalyDetector d =
        (ContextualAnomalyDetector) ContextualAnomalyDetector.spec().withRestPeriod(2).withWarmUp(5).create();
    for (double v : new double[] {3, 1, 4, 1}) {
      d.learn(v);
      assertNull(d.range());
      assertFalse(d.isReady());
      assertEquals(0.0, d.score(v));
    }
    d.learn(5);
    assertEquals(ValueRange.of(1, 5), d.range());
    assertTrue(d.isReady(), "the 5 warm-up values were learned, more than the rest period");
    // Scoring a new extreme uses the range widened to it, without keeping it.
    assertEquals(7.0, d.details(9).get("level"));
    assertEquals(9.0, d.details(9).get("max"));
    assertEquals(ValueRange.of(1, 5), d.range());
    d.learn(9);
    assertEquals(ValueRange.of(1, 9), d.range());
    d.learn(-1);
    assertEquals(ValueRange.of(-1, 9), d.range());
    d.learn(Double.NaN); // not finite: scored at level 0, does not widen
    assertEquals(ValueRange.of(-1, 9), d.range());
  }

  /**
   * A range learned from a constant series has zero width: as in the reference, a step of 1 (the
   * range counted as 7 wide), so the constant is level 0; the first other value widens it.
   */
  @Test
  void aRangeLearnedFromAConstantSeries() {
    ContextualAnomalyDetector d =
        (ContextualAnomalyDetector) ContextualAnomalyDetector.spec().withRestPeriod(0).withWarmUp(10).create();
    double[] constant = new double[60];
    Arrays.fill(constant, 2.0);
    CadTestSeries.scoreThenLearn(d, constant);
    assertEquals(ValueRange.of(2, 2), d.range());
    assertEquals(0.0, d.details(2.0).get("level"));
    assertEquals(0.5, d.score(2.0));
    assertEquals(7.0, d.details(2.5).get("level"), "2.5 widens the range to [2, 2.5]: it is the maximum");
    assertEquals(1.0, d.score(2.5), "a value never seen before, after a constant: a new context, nothing active");
    d.learn(2.5);
    assertEquals(ValueRange.of(2, 2.5), d.range());
  }

  // ---------------------------------------------------------------- spec

  @Test
  void specValidationNamesTheParameterAndDescribeShowsIt() {
    assertRejected("restPeriod", () -> ContextualAnomalyDetector.spec().withRestPeriod(-1));
    assertRejected("warmUp", () -> ContextualAnomalyDetector.spec().withWarmUp(0));
    assertRejected("baseThreshold", () -> ContextualAnomalyDetector.spec().withBaseThreshold(0));
    assertRejected("maxContexts", () -> ContextualAnomalyDetector.spec().withMaxContexts(0));
    String d = ContextualAnomalyDetector.spec().withRestPeriod(150).describe();
    assertTrue(d.startsWith("cad(") && d.contains("restPeriod=150") && d.contains("warmUp=150"), d);
  }

  private static void assertRejected(String parameter, Runnable build) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
    assertTrue(e.getMessage().contains(parameter), e.getMessage());
  }

  /** The CPython 2.7 (64-bit) tuple hash, checked against values CPython 2.7.18 prints. */
  @Test
  void pythonTupleHashMatchesCpython27() {
    // python2 -c "print hash(()), hash((1,)), hash((0,2,4)), hash((1,3,5,2147483649))"
    assertEquals(3527539L, ContextMemory.pythonHash(new int[0]));
    assertEquals(3430019387558L, ContextMemory.pythonHash(new int[] {1}));
    assertEquals(1267307236350160189L, ContextMemory.pythonHash(new int[] {0, 2, 4}));
    assertEquals(
        -1085064435043031741L, ContextMemory.pythonHash(new int[] {1, 3, 5, ContextMemory.NEURON + 1}));
  }

  /** The contract every detector keeps (the range learned; the given range round trip is in {@link
   * ContextualAnomalyDetectorStateTest}). */
  @Nested
  class Contract extends DetectorContractTest.Univariate {
    Contract() {
      super(
          () -> ContextualAnomalyDetector.spec().withRestPeriod(5).withWarmUp(40),
          () -> ContextualAnomalyDetector.spec().withRestPeriod(5).withWarmUp(41));
    }
  }
}
