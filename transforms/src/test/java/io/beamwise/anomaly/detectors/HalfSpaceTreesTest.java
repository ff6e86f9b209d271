package io.beamwise.anomaly.detectors;

import static io.beamwise.anomaly.detectors.DetectorChecks.learned;
import static io.beamwise.anomaly.detectors.DetectorContractTest.assertRejected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.SplittableRandom;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HalfSpaceTreesTest {

  private static double[] gaussian(long seed, int n) {
    Random random = new Random(seed);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = 20 + random.nextGaussian();
    }
    return values;
  }

  // ---------------------------------------------------------------- spec

  @Test
  void defaultSpecIsRivers() {
    HalfSpaceTrees.Spec spec = HalfSpaceTrees.spec();
    assertEquals(10, spec.nTrees());
    assertEquals(8, spec.height());
    assertEquals(250, spec.windowSize());
    assertEquals(42L, spec.seed());
    assertEquals(
        "half-space-trees(nTrees=10, height=8, windowSize=250, seed=42, limits=learned, margin=0.5,"
            + " score=log-mass, massScale=2.0)",
        spec.describe());
    assertEquals(spec.describe(), spec.toString());
    assertEquals(
        "half-space-trees(nTrees=10, height=8, windowSize=250, seed=42, limits=[0.0, 1.0],"
            + " score=river)",
        spec.withLimits(0, 1).withRiverScore().describe());
    assertEquals(
        "half-space-trees(nTrees=10, height=8, windowSize=250, seed=42, limits=learned, margin=0.5,"
            + " score=log-mass, massScale=3.0)",
        spec.withMassScale(3).describe());
  }

  @Test
  void specValidationMessagesNameTheParameter() {
    HalfSpaceTrees.Spec s = HalfSpaceTrees.spec();
    assertRejected("windowSize", () -> HalfSpaceTrees.spec(0));
    assertRejected("windowSize", () -> HalfSpaceTrees.spec(-5));
    assertRejected("windowSize", () -> s.withWindowSize(10_000_001));
    assertRejected("nTrees", () -> s.withNTrees(0));
    assertRejected("height", () -> s.withHeight(0));
    assertRejected("height", () -> s.withHeight(21));
    assertRejected("nTrees * 2^(height+1)", () -> s.withNTrees(1).withHeight(20).withNTrees(3));
    assertRejected("limits", () -> s.withLimits(1, 1));
    assertRejected("limits", () -> s.withLimits(2, 1));
    assertRejected("limits", () -> s.withLimits(Double.NaN, 1));
    assertRejected("limits", () -> s.withLimits(0, Double.POSITIVE_INFINITY));
    assertRejected("margin", () -> s.withMargin(-0.1));
    assertRejected("margin", () -> s.withMargin(Double.NaN));
    assertRejected("margin", () -> s.withMargin(Double.POSITIVE_INFINITY));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.withHeight(25));
    assertEquals("height must be in [1, 20], got 25", e.getMessage());
  }

  @Test
  void massScaleMustBePositiveAndFinite() {
    assertRejected("massScale", () -> HalfSpaceTrees.spec().withMassScale(0));
    assertRejected("massScale", () -> HalfSpaceTrees.spec().withMassScale(Double.NaN));
    assertRejected("massScale", () -> HalfSpaceTrees.spec().withMassScale(Double.POSITIVE_INFINITY));
  }

  @Test
  void specBoundaryValuesAreAccepted() {
    HalfSpaceTrees.spec(1);
    HalfSpaceTrees.spec(10_000_000);
    HalfSpaceTrees.spec().withHeight(1).withNTrees(1);
    HalfSpaceTrees.spec().withNTrees(2).withHeight(20);
    HalfSpaceTrees.spec().withMargin(0.0).withSeed(Long.MIN_VALUE).withLimits(-1e308, 1e308);
  }

  // ---------------------------------------------------------------- warm-up and windows

  @Test
  void notReadyUntilTheFirstWindowIsComplete() {
    for (HalfSpaceTrees.Spec spec :
        new HalfSpaceTrees.Spec[] {HalfSpaceTrees.spec(20), HalfSpaceTrees.spec(20).withLimits(0, 50)}) {
      HalfSpaceTrees d = learned(spec);
      for (int i = 1; i <= 45; i++) {
        if (!d.isReady()) {
          assertEquals(0.0, d.score(i), spec + " before " + i);
        }
        d.learn(i % 7 + 20);
        assertEquals(i >= 20, d.isReady(), spec + " after " + i + " points");
        assertEquals(i % 20, d.counter());
      }
    }
  }

  @Test
  void nonFiniteValuesAreNotLearnedAndScoreOne() {
    HalfSpaceTrees d = learned(HalfSpaceTrees.spec(4).withHeight(2), 1, 2);
    d.learn(Double.NaN);
    d.learn(Double.POSITIVE_INFINITY);
    d.learn(Double.NEGATIVE_INFINITY);
    assertEquals(2, d.counter());
    d.learn(3);
    d.learn(4);
    assertTrue(d.isReady());
    assertEquals(1.0, d.score(Double.NaN));
    assertEquals(1.0, d.score(Double.NEGATIVE_INFINITY));
  }

  @Test
  void learnedLimitsWidenTheFirstWindowByTheMargin() {
    double[] first = {10, 12, 20, 15};
    HalfSpaceTrees d = learned(HalfSpaceTrees.spec(4), first);
    assertEquals(5.0, d.lo()); // 10 - 0.5 * 10
    assertEquals(25.0, d.hi()); // 20 + 0.5 * 10
    HalfSpaceTrees noMargin = learned(HalfSpaceTrees.spec(4).withMargin(0), first);
    assertEquals(10.0, noMargin.lo());
    assertEquals(20.0, noMargin.hi());
    HalfSpaceTrees constant = learned(HalfSpaceTrees.spec(3), 5, 5, 5);
    assertEquals(0.0, constant.lo());
    assertEquals(10.0, constant.hi());
    HalfSpaceTrees zero = learned(HalfSpaceTrees.spec(2), 0, 0);
    assertEquals(-1.0, zero.lo());
    assertEquals(1.0, zero.hi());
    HalfSpaceTrees huge = learned(HalfSpaceTrees.spec(2), -1e308, 1e308);
    assertEquals(-Double.MAX_VALUE, huge.lo());
    assertEquals(Double.MAX_VALUE, huge.hi());
    assertTrue(huge.score(0) >= 0 && huge.score(0) <= 1);
    HalfSpaceTrees warming = learned(HalfSpaceTrees.spec(4), 1, 2);
    assertTrue(Double.isNaN(warming.lo()));
  }

  @Test
  void learnedLimitsGiveTheSameModelAsExplicitOnes() {
    double[] values = gaussian(3, 700);
    HalfSpaceTrees learnedLimits = learned(HalfSpaceTrees.spec(100).withHeight(5));
    for (int i = 0; i < 100; i++) {
      learnedLimits.learn(values[i]);
    }
    HalfSpaceTrees explicit =
        learned(HalfSpaceTrees.spec(100).withHeight(5).withLimits(learnedLimits.lo(), learnedLimits.hi()));
    for (int i = 0; i < 100; i++) {
      explicit.learn(values[i]);
    }
    for (int i = 100; i < values.length; i++) {
      assertEquals(explicit.score(values[i]), learnedLimits.score(values[i]), "point " + i);
      explicit.learn(values[i]);
      learnedLimits.learn(values[i]);
    }
  }

  @Test
  void massesMoveFromLatestToReferenceEveryWindow() {
    HalfSpaceTrees.Spec spec = HalfSpaceTrees.spec(10).withNTrees(2).withHeight(3).withLimits(0, 1);
    HalfSpaceTrees d = learned(spec);
    Random random = new Random(5);
    int nodes = 15;
    for (int window = 0; window < 3; window++) {
      for (int i = 0; i < 9; i++) {
        d.learn(random.nextDouble());
      }
      int[][] before = new int[2][nodes];
      for (int t = 0; t < 2; t++) {
        assertEquals(9, d.latestMass(t, 0));
        for (int n = 0; n < nodes; n++) {
          before[t][n] = d.latestMass(t, n);
        }
        // Each internal node's mass is the sum of its children's.
        for (int n = 0; n < 7; n++) {
          assertEquals(d.latestMass(t, n), d.latestMass(t, 2 * n + 1) + d.latestMass(t, 2 * n + 2));
        }
      }
      double x = random.nextDouble();
      d.learn(x); // the 10th point completes the window
      assertEquals(0, d.counter());
      for (int t = 0; t < 2; t++) {
        assertEquals(10, d.referenceMass(t, 0));
        int[] after = new int[nodes];
        int[] expected = before[t].clone();
        int node = 0;
        while (true) {
          expected[node]++;
          if (node >= 7) {
            break;
          }
          node = x < d.threshold(t, node) ? 2 * node + 1 : 2 * node + 2;
        }
        for (int n = 0; n < nodes; n++) {
          after[n] = d.referenceMass(t, n);
          assertEquals(0, d.latestMass(t, n));
        }
        assertArrayEquals(expected, after, "tree " + t + " window " + window);
      }
    }
  }

  // ---------------------------------------------------------------- hand-computed cases

  @Test
  void handComputedSplitsFollowRiversPaddedTree() {
    long seed = 1234;
    HalfSpaceTrees d = learned(HalfSpaceTrees.spec(5).withNTrees(1).withHeight(2).withSeed(seed).withLimits(0, 1));
    SplittableRandom rng = new SplittableRandom(seed);
    // Preorder, as River's make_padded_tree: root, left child, right child.
    double root = 0.15 + 0.7 * rng.nextDouble();
    double left = (0.15 + 0.7 * rng.nextDouble()) * root; // in [0, root]
    double u = 0.15 + 0.7 * rng.nextDouble();
    double right = (1 - u) * root + u; // in [root, 1]
    assertEquals(root, d.threshold(0, 0));
    assertEquals(left, d.threshold(0, 1));
    assertEquals(right, d.threshold(0, 2));
    assertTrue(0.15 <= root && root <= 0.85);
    assertTrue(0.15 * root <= left && left <= 0.85 * root);
    assertTrue(root + 0.15 * (1 - root) <= right && right <= root + 0.85 * (1 - root) + 1e-15);
  }

  @Test
  void handComputedScoresHeightOne() {
    // One tree of height 1 on [0, 1]: the split lies in [0.15, 0.85] whatever the seed, so 0 goes
    // left and 1 right. Window 0, 0, 0, 1: root 4, left 3, right 1; size limit 0.4.
    // Max mass = 1 tree * 4 points * 3 nodes = 12.
    for (long seed : new long[] {0, 1, 42, -7}) {
      HalfSpaceTrees d =
          learned(
              HalfSpaceTrees.spec(4)
                  .withNTrees(1)
                  .withHeight(1)
                  .withSeed(seed)
                  .withLimits(0, 1)
                  .withRiverScore(),
              0,
              0,
              0,
              1);
      assertEquals(4, d.referenceMass(0, 0));
      assertEquals(3, d.referenceMass(0, 1));
      assertEquals(1, d.referenceMass(0, 2));
      assertEquals(1 - 10.0 / 12, d.score(0.0), 1e-15); // 4 + 3*2
      assertEquals(1 - 6.0 / 12, d.score(1.0), 1e-15); // 4 + 1*2
      assertEquals(d.score(1.0), d.score(7.0)); // clamped to 1
      assertEquals(d.score(0.0), d.score(-7.0)); // clamped to 0
    }
  }

  @Test
  void handComputedScoresHeightTwoWithTheSizeLimit() {
    // Height 2 on [0, 1]: 0 always goes left-left and 1 right-right. Window of 20: nineteen 0s
    // and one 1, size limit 2. Max mass = 20 * 7 = 140.
    double[] window = new double[20];
    window[19] = 1;
    HalfSpaceTrees d =
        learned(
            HalfSpaceTrees.spec(20)
                .withNTrees(1)
                .withHeight(2)
                .withSeed(9)
                .withLimits(0, 1)
                .withRiverScore(),
            window);
    assertEquals(1 - (20 + 19 * 2 + 19 * 4) / 140.0, d.score(0), 1e-15); // 6/140
    // The right child holds 1 < 2 points: the walk stops there after adding it.
    assertEquals(1 - (20 + 1 * 2) / 140.0, d.score(1), 1e-15); // 118/140
    // Below the maximum 1 - 20/140: the root always holds the whole window.
    assertTrue(d.score(1) < 1 - 20 / 140.0);
  }

  @Test
  void handComputedRiverDoctestShape() {
    // With a constant window, every point on the path holds it all: the score is 0.
    HalfSpaceTrees d =
        learned(
            HalfSpaceTrees.spec(3).withNTrees(5).withHeight(3).withLimits(0, 1).withRiverScore(),
            0.5,
            0.5,
            0.5);
    assertEquals(0.0, d.score(0.5));
    assertTrue(d.score(0.0) > 0.5);
  }

  @Test
  void handComputedLogMassScoresHeightOne() {
    // The window of handComputedScoresHeightOne: path masses 10 for 0 (three points) and 6 for 1
    // (one point), so the typical log mass is (3 log2 10 + log2 6) / 4.
    for (long seed : new long[] {0, 1, 42, -7}) {
      HalfSpaceTrees d =
          learned(
              HalfSpaceTrees.spec(4).withNTrees(1).withHeight(1).withSeed(seed).withLimits(0, 1),
              0,
              0,
              0,
              1);
      double log2 = Math.log(2);
      double typical = (3 * Math.log(10) + Math.log(6)) / 4 / log2;
      assertEquals(typical, d.typicalLogMass(), 1e-12);
      // 0 is denser than typical: deficit < 0, score 0.
      assertEquals(0.0, d.score(0.0));
      // -7 lies in the dense leaf, but 7 ranges below the limit 0: log2(1 + 7) = 3 bits more.
      double below = typical - Math.log(10) / log2 + 3;
      assertEquals(below / (below + 2), d.score(-7.0), 1e-12);
      double deficit = typical - Math.log(6) / log2; // 0.75 log2(10/6)
      assertEquals(deficit / (deficit + 2), d.score(1.0), 1e-12);
      // 7 is clamped to 1 and lies 6 beyond it, 6 ranges: log2(1 + 6) more bits.
      double beyond = deficit + Math.log(7) / log2;
      assertEquals(beyond / (beyond + 2), d.score(7.0), 1e-12);
      HalfSpaceTrees wide =
          learned(
              HalfSpaceTrees.spec(4)
                  .withNTrees(1)
                  .withHeight(1)
                  .withSeed(seed)
                  .withLimits(0, 1)
                  .withMassScale(0.5),
              0,
              0,
              0,
              1);
      assertEquals(deficit / (deficit + 0.5), wide.score(1.0), 1e-12);
    }
  }

  @Test
  void logMassScoresIncreaseWithDistanceOutside() {
    // After a N(20, 1) warm-up, 25 (5 sigma), 30 and 100 (beyond the learned limits) score
    // strictly increasingly; River's mapping gives 30 and 100 the same score (both clamped).
    HalfSpaceTrees d = learned(HalfSpaceTrees.spec(), gaussian(3, 1000));
    double typical = d.score(20.0);
    double s25 = d.score(25.0);
    double s30 = d.score(30.0);
    double s100 = d.score(100.0);
    assertTrue(typical < 0.3, "typical " + typical);
    assertTrue(typical < s25 && s25 < s30 && s30 < s100, typical + " " + s25 + " " + s30 + " " + s100);
    assertTrue(s100 < 1.0 && s25 > 0.5, s25 + " " + s100);
    assertEquals(d.score(19.0), d.score(19.0));
    HalfSpaceTrees river = learned(HalfSpaceTrees.spec().withRiverScore(), gaussian(3, 1000));
    assertEquals(river.score(30.0), river.score(100.0));
  }

  // ---------------------------------------------------------------- behaviour

  @Test
  void outliersScoreHigherThanTypicalPointsAndScoresStayInTheUnitInterval() {
    HalfSpaceTrees d = learned(HalfSpaceTrees.spec());
    double[] values = gaussian(11, 2000);
    double maxScore = 1 - 1.0 / 511;
    for (int i = 0; i < values.length; i++) {
      double s = d.score(values[i]);
      assertTrue(s >= 0 && s <= maxScore, "score " + s);
      d.learn(values[i]);
    }
    double typical = d.score(20.0);
    double moderate = d.score(24.5); // 4.5 sigma
    double far = d.score(40.0); // clamped to the upper limit
    double below = d.score(-100.0);
    assertTrue(typical < 0.99, "typical " + typical);
    assertTrue(moderate > typical, moderate + " vs " + typical);
    assertTrue(far > typical && below > typical, far + ", " + below + " vs " + typical);
    // River's mapping does not saturate at 1: the root always adds windowSize.
    assertTrue(moderate < 1.0 && far < 1.0 && far <= maxScore, moderate + ", " + far);
    // Typical points score lower on average than 4-sigma points.
    double typicalMean = 0;
    double outlierMean = 0;
    Random random = new Random(12);
    for (int i = 0; i < 200; i++) {
      typicalMean += d.score(20 + random.nextGaussian() * 0.5) / 200;
      outlierMean += d.score(20 + (random.nextBoolean() ? 4 : -4) + random.nextGaussian() * 0.2) / 200;
    }
    assertTrue(outlierMean > typicalMean + 0.005, outlierMean + " vs " + typicalMean);
  }

  @Test
  void sameSeedSameTreesAndScores() {
    HalfSpaceTrees.Spec spec = HalfSpaceTrees.spec(100).withSeed(77);
    HalfSpaceTrees a = learned(spec);
    HalfSpaceTrees b = learned(spec);
    HalfSpaceTrees other = learned(spec.withSeed(78));
    double[] values = gaussian(2, 1000);
    boolean differs = false;
    for (double v : values) {
      double sa = a.score(v);
      assertEquals(sa, b.score(v));
      differs |= sa != other.score(v);
      a.learn(v);
      b.learn(v);
      other.learn(v);
    }
    for (int t = 0; t < 10; t++) {
      for (int n = 0; n < 255; n++) {
        assertEquals(a.threshold(t, n), b.threshold(t, n));
      }
    }
    assertNotEquals(a.threshold(0, 0), other.threshold(0, 0));
    assertTrue(differs, "another seed should give other scores");
    // Trees of one detector differ from each other.
    assertNotEquals(a.threshold(0, 0), a.threshold(1, 0));
  }

  // ---------------------------------------------------------------- state coder

  private static byte[] encode(Coder<Detector> coder, Detector d) {
    try {
      return CoderUtils.encodeToByteArray(coder, d);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static Detector decode(Coder<Detector> coder, byte[] bytes) {
    try {
      return CoderUtils.decodeFromByteArray(coder, bytes);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void stateSizeWithDefaults() {
    HalfSpaceTrees.Spec spec = HalfSpaceTrees.spec();
    Coder<Detector> coder = spec.stateCoder();
    Detector d = spec.create();
    double[] values = gaussian(4, 1000);
    for (int i = 0; i < values.length; i++) {
      d.learn(values[i]);
      if (i == 99) {
        assertEquals(2 + 1 + 100 * 8, encode(coder, d).length); // 2 flags, varint 100, 100 doubles
      }
    }
    int size = encode(coder, d).length;
    // 10 trees * 511 nodes * 2 masses, 1 or 2 bytes each, plus flags, counter and limits.
    assertTrue(size >= 10 * 511 * 2 + 18 && size <= 2 * 10 * 511 * 2 + 20, "size " + size);
  }

  @Test
  void decodeRejectsStateThatDoesNotFit() {
    HalfSpaceTrees.Spec small = HalfSpaceTrees.spec(10).withHeight(2);
    byte[] bytes = encode(small.stateCoder(), learned(small, gaussian(5, 25)));
    assertThrows(Exception.class, () -> CoderUtils.decodeFromByteArray(HalfSpaceTrees.spec(5).withHeight(2).stateCoder(), bytes));
    byte[] warm = encode(small.stateCoder(), learned(small, 1, 2, 3));
    assertThrows(
        Exception.class,
        () -> CoderUtils.decodeFromByteArray(small.withLimits(0, 1).stateCoder(), warm));
    assertFalse(decode(small.stateCoder(), warm).isReady());
  }

  /** The contract every detector keeps. */
  @Nested
  class Contract extends DetectorContractTest.Univariate {
    Contract() {
      super(() -> HalfSpaceTrees.spec(50), () -> HalfSpaceTrees.spec(60));
    }
  }
}
