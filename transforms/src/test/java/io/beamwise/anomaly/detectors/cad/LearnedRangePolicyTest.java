package io.beamwise.anomaly.detectors.cad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.anomaly.detectors.Detector;
import io.beamwise.anomaly.detectors.DetectorContractTest;
import io.beamwise.anomaly.detectors.ValueRange;
import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** CAD's learned-range policies RELEARN and GRID, and the contract under each. */
class LearnedRangePolicyTest {

  private static ContextualAnomalyDetector.Spec relearn(int warmUp) {
    return ContextualAnomalyDetector.spec()
        .withRestPeriod(0)
        .withWarmUp(warmUp)
        .withLearnedRange(ContextualAnomalyDetector.LearnedRange.RELEARN);
  }

  private static ContextualAnomalyDetector.Spec grid(int warmUp) {
    return ContextualAnomalyDetector.spec()
        .withRestPeriod(0)
        .withWarmUp(warmUp)
        .withLearnedRange(ContextualAnomalyDetector.LearnedRange.GRID);
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
    CadTestSeries.scoreThenLearn(d, 0, 1, 2, 3, 4, 4, 3, 2, 1, 0);
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
    CadTestSeries.scoreThenLearn(d, 7.9, 0, 6);
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
      double[] x = CadTestSeries.series(3, 400);
      CadTestSeries.scoreThenLearn(d, x);
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
      for (double v : CadTestSeries.series(4, 200)) {
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
    CadTestSeries.scoreThenLearn(d, 0, 1, 2, 3, 4);
    assertEquals(6.0, d.details(6).get("max"));
    d.learn(6);
    assertEquals(ValueRange.of(0, 6), d.range());
    assertEquals(1, d.rebuilds());
    assertEquals(8.0, d.details(7).get("level"));
    assertEquals(-2.0, d.details(-1).get("level"), "below: floor(-7/6)");
    CadTestSeries.scoreThenLearn(d, 7, 1, 2, 3);
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
    CadTestSeries.scoreThenLearn(d, constant);
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
    ContextualAnomalyDetector d = (ContextualAnomalyDetector) grid(5).create();
    CadTestSeries.scoreThenLearn(d, 3, 1, 4, 1, 5);
    assertEquals(14.0, d.details(9).get("level"));
    assertEquals(-2.0, d.details(0).get("level"));
    assertEquals(-1.0, d.details(0.9).get("level"));
    assertEquals(7.0, d.details(5).get("level"));
    CadTestSeries.scoreThenLearn(d, 9, 0, -100, 1e6);
    assertEquals(ValueRange.of(1, 5), d.range());
    assertEquals(0, d.rebuilds());
    // A constant warm-up: a step of 1, the reference's rule for a zero-width range.
    ContextualAnomalyDetector flat = (ContextualAnomalyDetector) grid(4).create();
    CadTestSeries.scoreThenLearn(flat, 2, 2, 2, 2);
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
      double[] x = CadTestSeries.series(9, 800);
      x[500] = 40;
      x[600] = -30;
      assertArrayEquals(CadTestSeries.scoreThenLearn(b, x), CadTestSeries.scoreThenLearn(a, x), 0.0, policy.toString());
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
