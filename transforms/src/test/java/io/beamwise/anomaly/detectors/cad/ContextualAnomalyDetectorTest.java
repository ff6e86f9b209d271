package io.beamwise.anomaly.detectors.cad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.anomaly.detectors.Detector;
import io.beamwise.anomaly.detectors.DetectorContractTest;
import io.beamwise.anomaly.detectors.RelativeEntropyDetector;
import io.beamwise.anomaly.detectors.ValueRange;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ContextualAnomalyDetectorTest {

  private static final ValueRange ZERO_TO_SEVEN = ValueRange.of(0, 7);

  private static double[] scoreThenLearn(Detector d, double... values) {
    double[] scores = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      scores[i] = d.score(values[i]);
      d.learn(values[i]);
    }
    return scores;
  }

  /** Regimes of a few levels with noise, and rare spikes. */
  private static double[] series(long seed, int n) {
    Random r = new Random(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 10 + 3 * Math.sin(i * 2 * Math.PI / 24) + r.nextGaussian() * 0.3 + (r.nextInt(200) == 0 ? 8 : 0);
    }
    return x;
  }

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
    double[] scores = scoreThenLearn(d, 0, 7, 0, 7, 0, 7, 0, 7, 0, 7, 0);
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
    double[] scores = scoreThenLearn(d, 3, 3, 3, 3, 3, 3, 3);
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
    scoreThenLearn(d, x);
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
    scoreThenLearn(d, constant);
    assertEquals(ValueRange.of(2, 2), d.range());
    assertEquals(0.0, d.details(2.0).get("level"));
    assertEquals(0.5, d.score(2.0));
    assertEquals(7.0, d.details(2.5).get("level"), "2.5 widens the range to [2, 2.5]: it is the maximum");
    assertEquals(1.0, d.score(2.5), "a value never seen before, after a constant: a new context, nothing active");
    d.learn(2.5);
    assertEquals(ValueRange.of(2, 2.5), d.range());
  }

  // ---------------------------------------------------------------- relearn and grid

  private static ContextualAnomalyDetector.Spec relearn(int warmUp) {
    return ContextualAnomalyDetector.spec()
        .withRestPeriod(0)
        .withWarmUp(warmUp)
        .withLearnedRange(ContextualAnomalyDetector.LearnedRange.RELEARN);
  }

  /**
   * Warm-up 0 … 4: range [0, 4], width 4; 4, 3, 2, 1, 0 are learned inside it (the ring of 5, the
   * warm-up length, now holds them). 5 is outside: the width must at least double (growth 1), so
   * the range becomes [0, 0 + 2·4] = [0, 8], one rebuild; 5 is level ⌊5 / (8/7)⌋ = 4. Then -1:
   * width 8 → 16 below, [8 − 16, 8] = [-8, 8]. Values inside the range rebuild nothing.
   */
  @Test
  void relearnWidensGeometricallyAndRebuildsOnlyOnAWidening() {
    ContextualAnomalyDetector d = (ContextualAnomalyDetector) relearn(5).create();
    scoreThenLearn(d, 0, 1, 2, 3, 4, 4, 3, 2, 1, 0);
    assertEquals(ValueRange.of(0, 4), d.range());
    assertEquals(0, d.rebuilds());
    assertEquals(4.0, d.details(5).get("level"));
    assertEquals(8.0, d.details(5).get("max"));
    assertEquals(1.0, d.details(5).get("rebuilds"), "scoring shows the rebuild learning would do");
    assertEquals(0, d.rebuilds(), "scoring does not rebuild");
    assertEquals(ValueRange.of(0, 4), d.range());
    d.learn(5);
    assertEquals(ValueRange.of(0, 8), d.range());
    assertEquals(1, d.rebuilds());
    scoreThenLearn(d, 7.9, 0, 6);
    assertEquals(1, d.rebuilds());
    d.learn(-1);
    assertEquals(ValueRange.of(-8, 8), d.range());
    assertEquals(2, d.rebuilds());
    d.learn(Double.NaN); // not finite: no widening
    assertEquals(2, d.rebuilds());
  }

  /**
   * After a rebuild the memory is that of a detector given the new range that learned the kept
   * values (the last KEEP) and then the value: every context is encoded with the current
   * boundaries. The score of the widening value is the one that detector gives it.
   */
  @Test
  void theRebuiltMemoryEqualsAFreshDetectorThatLearnedTheKeptValuesUnderTheNewRange() throws Exception {
    for (int keep : new int[] {0, 7, 40, 300}) {
      ContextualAnomalyDetector.Spec spec = relearn(30).withKeep(keep);
      ContextualAnomalyDetector d = (ContextualAnomalyDetector) spec.create();
      double[] x = series(3, 400);
      scoreThenLearn(d, x);
      ValueRange before = d.range();
      double high = before.max() + 1;
      ValueRange after = ValueRange.of(before.min(), before.min() + 2 * before.width());
      ContextualAnomalyDetector fresh = (ContextualAnomalyDetector) spec.create(after);
      int kept = spec.keptValues();
      for (int i = x.length - Math.min(kept, x.length); i < x.length; i++) {
        fresh.learn(x[i]);
      }
      assertEquals(fresh.score(high), d.score(high), "keep " + keep);
      assertEquals(fresh.details(high).get("contexts"), d.details(high).get("contexts"));
      d.learn(high);
      fresh.learn(high);
      assertEquals(after, d.range());
      assertArrayEquals(fresh.encodedMemory(), d.encodedMemory(), "keep " + keep);
      // The next steps go on as the fresh detector's.
      for (double v : series(4, 200)) {
        assertEquals(fresh.score(v), d.score(v));
        fresh.learn(v);
        d.learn(v);
      }
      assertArrayEquals(fresh.encodedMemory(), d.encodedMemory());
    }
  }

  /**
   * A rising series, a new maximum at every point, 0 … 9,999 after a warm-up of 150 (range [0,
   * 149]): with growth 1 the maximum goes 298, 596, 1,192, 2,384, 4,768, 9,536, 19,072, so 7
   * rebuilds of 150 values, within the bound 1 + log2(9,999 / 149) = 7.07; widening to each value
   * would have rebuilt 9,850 times.
   */
  @Test
  void rebuildsOfAMonotoneSeriesAreLogarithmic() {
    ContextualAnomalyDetector d = (ContextualAnomalyDetector) relearn(150).create();
    for (int i = 0; i < 10_000; i++) {
      d.score(i);
      d.learn(i);
    }
    assertEquals(ValueRange.of(0, 19_072), d.range());
    assertEquals(7, d.rebuilds());
    ContextualAnomalyDetector halfGrowth = (ContextualAnomalyDetector) relearn(150).withGrowth(0.5).create();
    for (int i = 0; i < 10_000; i++) {
      halfGrowth.learn(i);
    }
    double bound = 1 + Math.log(9_999 / 149.0) / Math.log(1.5);
    assertTrue(halfGrowth.rebuilds() <= bound, halfGrowth.rebuilds() + " > " + bound);
    assertTrue(halfGrowth.rebuilds() >= 10, "growth 0.5 rebuilds more: " + halfGrowth.rebuilds());
  }

  /**
   * Growth 0: the range becomes exactly the range of the values learned, at most once every KEEP
   * (5) values learned. Warm-up 0 … 4 (5 values learned): 6 rebuilds at once, to [0, 6]; 7 comes
   * one value later, so the range stays and 7 is level ⌊7 / (6/7)⌋ = 8, beyond the end; 1, 2, 3
   * bring the count since the rebuild to 5, and the next value, 1, inside the range, rebuilds to
   * [0, 7], the range seen.
   */
  @Test
  void exactRelearnRebuildsAtMostOnceEveryKeepValues() {
    ContextualAnomalyDetector d = (ContextualAnomalyDetector) relearn(5).withGrowth(0).create();
    scoreThenLearn(d, 0, 1, 2, 3, 4);
    assertEquals(6.0, d.details(6).get("max"));
    d.learn(6);
    assertEquals(ValueRange.of(0, 6), d.range());
    assertEquals(1, d.rebuilds());
    assertEquals(8.0, d.details(7).get("level"));
    assertEquals(-2.0, d.details(-1).get("level"), "below: floor(-7/6)");
    scoreThenLearn(d, 7, 1, 2, 3);
    assertEquals(ValueRange.of(0, 6), d.range());
    assertEquals(7.0, d.details(1).get("max"), "the next learn() rebuilds to the range seen");
    d.learn(1);
    assertEquals(ValueRange.of(0, 7), d.range());
    assertEquals(2, d.rebuilds());
  }

  /**
   * A rising series 0 … 9,999 with growth 0 and warm-up 150: a rebuild at 150, 300, …, 9,900,
   * 66 of them (one per 150 values learned), replaying 66 · 150 = 9,900 values, at most one per
   * value learned.
   */
  @Test
  void exactRelearnOfAMonotoneSeriesReplaysAtMostOneValuePerValueLearned() {
    ContextualAnomalyDetector d = (ContextualAnomalyDetector) relearn(150).withGrowth(0).create();
    for (int i = 0; i < 10_000; i++) {
      d.score(i);
      d.learn(i);
    }
    assertEquals(66, d.rebuilds());
    assertEquals(ValueRange.of(0, 9_900), d.range());
  }

  /** A constant warm-up has zero width: the first widening reaches the value, the next double. */
  @Test
  void relearnAfterAConstantWarmUp() {
    ContextualAnomalyDetector d = (ContextualAnomalyDetector) relearn(10).create();
    double[] constant = new double[10];
    Arrays.fill(constant, 2.0);
    scoreThenLearn(d, constant);
    d.learn(2.5);
    assertEquals(ValueRange.of(2, 2.5), d.range());
    d.learn(2.6);
    assertEquals(ValueRange.of(2, 3), d.range());
    assertEquals(2, d.rebuilds());
  }

  /**
   * GRID: warm-up 3, 1, 4, 1, 5, range [1, 5], step 4/7. It never moves; 9 is level ⌊8 / (4/7)⌋ =
   * 14, 0 is ⌊−1.75⌋ = −2 (floor: every level below is one step wide), 1 − 0.1 is −1.
   */
  @Test
  void aGridNeverMovesAndLevelsGoOnBeyondItsEnds() {
    ContextualAnomalyDetector d =
        (ContextualAnomalyDetector)
            ContextualAnomalyDetector.spec()
                .withRestPeriod(0)
                .withWarmUp(5)
                .withLearnedRange(ContextualAnomalyDetector.LearnedRange.GRID)
                .create();
    scoreThenLearn(d, 3, 1, 4, 1, 5);
    assertEquals(14.0, d.details(9).get("level"));
    assertEquals(-2.0, d.details(0).get("level"));
    assertEquals(-1.0, d.details(0.9).get("level"));
    assertEquals(7.0, d.details(5).get("level"));
    scoreThenLearn(d, 9, 0, -100, 1e6);
    assertEquals(ValueRange.of(1, 5), d.range());
    assertEquals(0, d.rebuilds());
    // A constant warm-up: a step of 1, the reference's rule for a zero-width range.
    ContextualAnomalyDetector flat =
        (ContextualAnomalyDetector)
            ContextualAnomalyDetector.spec()
                .withRestPeriod(0)
                .withWarmUp(4)
                .withLearnedRange(ContextualAnomalyDetector.LearnedRange.GRID)
                .create();
    scoreThenLearn(flat, 2, 2, 2, 2);
    assertEquals(0.0, flat.details(2.5).get("level"));
    assertEquals(1.0, flat.details(3.5).get("level"));
    assertEquals(-1.0, flat.details(1.5).get("level"));
  }

  /** A given range is used as given whatever the learned-range policy. */
  @Test
  void aGivenRangeIgnoresThePolicy() {
    for (ContextualAnomalyDetector.LearnedRange policy : ContextualAnomalyDetector.LearnedRange.values()) {
      Detector a = ContextualAnomalyDetector.spec().withLearnedRange(policy).create(ValueRange.of(5, 15));
      Detector b = ContextualAnomalyDetector.spec().create(ValueRange.of(5, 15));
      double[] x = series(9, 800);
      x[500] = 40;
      x[600] = -30;
      assertArrayEquals(scoreThenLearn(b, x), scoreThenLearn(a, x), 0.0, policy.toString());
    }
  }

  // ---------------------------------------------------------------- scores, memory, state

  @Test
  void memoryIsBoundedByMaxContexts() throws Exception {
    ContextualAnomalyDetector.Spec spec = ContextualAnomalyDetector.spec().withRestPeriod(0).withMaxContexts(40);
    ContextualAnomalyDetector d = (ContextualAnomalyDetector) spec.create(ValueRange.of(0, 1));
    Random r = new Random(5);
    int maxBytes = 0;
    for (int i = 0; i < 3000; i++) {
      double v = r.nextDouble();
      double s = d.score(v);
      assertTrue(s >= 0 && s <= 1);
      d.learn(v);
      assertTrue(d.contextCount() <= 40);
      maxBytes = Math.max(maxBytes, CoderUtils.encodeToByteArray(spec.stateCoder(), d).length);
    }
    assertEquals(40, d.contextCount());
    assertTrue(maxBytes < 2000, "state of 40 contexts: " + maxBytes + " bytes");
    // The same stream without a cap forms many more.
    ContextualAnomalyDetector free = (ContextualAnomalyDetector) ContextualAnomalyDetector.spec().create(ValueRange.of(0, 1));
    r = new Random(5);
    for (int i = 0; i < 3000; i++) {
      free.learn(r.nextDouble());
    }
    assertTrue(free.contextCount() > 400, "uncapped: " + free.contextCount());
  }

  @Test
  void stateCoderRoundTripContinuesBitIdentically() throws Exception {
    for (ContextualAnomalyDetector.LearnedRange policy : ContextualAnomalyDetector.LearnedRange.values()) {
      for (boolean given : new boolean[] {true, false}) {
        roundTrips(policy, given, 1.0);
      }
    }
    roundTrips(ContextualAnomalyDetector.LearnedRange.RELEARN, false, 0.0);
  }

  private static void roundTrips(ContextualAnomalyDetector.LearnedRange policy, boolean given, double growth)
      throws Exception {
    {
      ContextualAnomalyDetector.Spec spec =
          ContextualAnomalyDetector.spec()
              .withRestPeriod(7)
              .withWarmUp(30)
              .withLearnedRange(policy)
              .withKeep(20)
              .withGrowth(growth);
      Coder<Detector> coder = spec.stateCoder();
      double[] x = series(11, 1500);
      x[700] = 60; // widens a learned range
      x[1100] = -40;
      for (int cut : new int[] {0, 1, 17, 29, 30, 31, 400, 1499}) {
        Detector original = given ? spec.create(ValueRange.of(5, 15)) : spec.create();
        for (int i = 0; i < cut; i++) {
          original.learn(x[i]);
        }
        byte[] bytes = CoderUtils.encodeToByteArray(coder, original);
        Detector copy = CoderUtils.decodeFromByteArray(coder, bytes);
        assertArrayEquals(bytes, CoderUtils.encodeToByteArray(coder, copy));
        for (int i = cut; i < x.length; i++) {
          assertEquals(original.isReady(), copy.isReady());
          assertEquals(
              Double.doubleToLongBits(original.score(x[i])),
              Double.doubleToLongBits(copy.score(x[i])),
              policy + ", given " + given + ", cut " + cut + ", point " + i);
          original.learn(x[i]);
          copy.learn(x[i]);
        }
        assertArrayEquals(
            CoderUtils.encodeToByteArray(coder, original), CoderUtils.encodeToByteArray(coder, copy));
      }
    }
  }

  @Test
  void stateCoderIsDeterministicAndRejectsForeignOrOversizedState() throws Exception {
    ContextualAnomalyDetector.Spec spec = ContextualAnomalyDetector.spec();
    spec.stateCoder().verifyDeterministic();
    Detector big = spec.create(ValueRange.of(0, 20));
    for (double v : series(2, 1000)) {
      big.learn(v);
    }
    byte[] bytes = CoderUtils.encodeToByteArray(spec.stateCoder(), big);
    ContextualAnomalyDetector.Spec small = spec.withMaxContexts(5);
    assertThrows(CoderException.class, () -> CoderUtils.decodeFromByteArray(small.stateCoder(), bytes));
    byte[] foreign = CoderUtils.encodeToByteArray(RelativeEntropyDetector.spec(8).stateCoder(), RelativeEntropyDetector.spec(8).create());
    assertThrows(Exception.class, () -> CoderUtils.decodeFromByteArray(spec.stateCoder(), foreign));
  }

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

  /** The contract every detector keeps (the range learned; the given range round trip is above). */
  @Nested
  class Contract extends DetectorContractTest.Univariate {
    Contract() {
      super(
          () -> ContextualAnomalyDetector.spec().withRestPeriod(5).withWarmUp(40),
          () -> ContextualAnomalyDetector.spec().withRestPeriod(5).withWarmUp(41));
    }
  }

  /** The contract with a relearned range: scoring a widening value builds nothing learn() keeps. */
  @Nested
  class RelearnContract extends DetectorContractTest.Univariate {
    RelearnContract() {
      super(
          () ->
              ContextualAnomalyDetector.spec()
                  .withRestPeriod(5)
                  .withWarmUp(40)
                  .withLearnedRange(ContextualAnomalyDetector.LearnedRange.RELEARN),
          () ->
              ContextualAnomalyDetector.spec()
                  .withRestPeriod(5)
                  .withWarmUp(40)
                  .withLearnedRange(ContextualAnomalyDetector.LearnedRange.RELEARN)
                  .withKeep(41));
    }
  }

  /** The contract with an exact relearned range. */
  @Nested
  class ExactRelearnContract extends DetectorContractTest.Univariate {
    ExactRelearnContract() {
      super("cad:5:40:relearn:40:0", "cad:5:40:relearn:40:1");
    }
  }

  /** The contract with a grid that never moves. */
  @Nested
  class GridContract extends DetectorContractTest.Univariate {
    GridContract() {
      super(
          () ->
              ContextualAnomalyDetector.spec()
                  .withRestPeriod(5)
                  .withWarmUp(40)
                  .withLearnedRange(ContextualAnomalyDetector.LearnedRange.GRID),
          () -> ContextualAnomalyDetector.spec().withRestPeriod(5).withWarmUp(40));
    }
  }
}
