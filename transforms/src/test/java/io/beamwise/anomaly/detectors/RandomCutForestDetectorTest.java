package io.beamwise.anomaly.detectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazon.randomcutforest.parkservices.AnomalyDescriptor;
import java.util.Random;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RandomCutForestDetectorTest {

  private static final int PERIOD = 50;

  /** A sine wave of period 50 with a little seeded noise. */
  private static double[] sine(int n, long seed) {
    Random random = new Random(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = Math.sin(2 * Math.PI * i / PERIOD) + 0.02 * random.nextGaussian();
    }
    return x;
  }

  // ---------------------------------------------------------------- spec

  @Test
  void defaultSpec() {
    RandomCutForestDetector.Spec spec = RandomCutForestDetector.spec();
    assertEquals(8, spec.shingleSize());
    assertEquals(50, spec.numberOfTrees());
    assertEquals(256, spec.sampleSize());
    assertEquals(64, spec.outputAfter());
    assertEquals(42L, spec.randomSeed());
    assertEquals(
        "rcf(shingleSize=8, numberOfTrees=50, sampleSize=256, outputAfter=64, randomSeed=42,"
            + " scoreScale=0.5)",
        spec.describe());
    assertEquals(128, spec.withSampleSize(512).withOutputAfter(128).outputAfter());
    assertEquals(32, RandomCutForestDetector.spec(4).withSampleSize(128).outputAfter());
  }

  @Test
  void validationMessagesNameParameterValueAndRange() {
    assertMessage(() -> RandomCutForestDetector.spec(0), "shingleSize must be in [1, 64] points, got 0");
    assertMessage(() -> RandomCutForestDetector.spec(65), "shingleSize must be in [1, 64] points, got 65");
    assertMessage(
        () -> RandomCutForestDetector.spec().withNumberOfTrees(0), "numberOfTrees must be in [1, 1000], got 0");
    assertMessage(
        () -> RandomCutForestDetector.spec().withSampleSize(8),
        "sampleSize must be in [16, 8192] points per tree, got 8");
    assertMessage(
        () -> RandomCutForestDetector.spec().withOutputAfter(0),
        "outputAfter must be in [1, sampleSize=256] shingles, got 0");
    assertMessage(
        () -> RandomCutForestDetector.spec().withOutputAfter(257),
        "outputAfter must be in [1, sampleSize=256] shingles, got 257");
    assertMessage(
        () -> RandomCutForestDetector.spec().withScoreScale(0), "scoreScale must be positive and finite, got 0.0");
    assertMessage(
        () -> RandomCutForestDetector.spec().withScoreScale(Double.NaN),
        "scoreScale must be positive and finite, got NaN");
  }

  private static void assertMessage(Runnable r, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertEquals(message, e.getMessage());
  }

  // ---------------------------------------------------------------- scoring

  @Test
  void notReadyUntilOutputAfterShinglesThenLibraryScoresNonZero() {
    RandomCutForestDetector d = (RandomCutForestDetector) RandomCutForestDetector.spec().create();
    double[] x = sine(400, 1);
    int readyAt = -1;
    for (int i = 0; i < x.length; i++) {
      boolean ready = d.isReady();
      if (ready && readyAt < 0) {
        readyAt = i;
      }
      AnomalyDescriptor desc = d.forest().process(new double[] {x[i]}, i);
      if (!ready) {
        assertEquals(0.0, desc.getRCFScore(), "library score before ready at " + i);
      }
    }
    // 64 shingles after the first full shingle of 8 points; allow the library's off-by-ones.
    assertTrue(readyAt >= 64 && readyAt <= 64 + 8 + 1, "ready at " + readyAt);
    assertFalse(RandomCutForestDetector.spec().create().isReady());
  }

  @Test
  void scoreEqualsTheLibrarysRcfScoreAndDoesNotChangeTheModel() {
    RandomCutForestDetector a = (RandomCutForestDetector) RandomCutForestDetector.spec().create();
    RandomCutForestDetector b = (RandomCutForestDetector) RandomCutForestDetector.spec().create();
    double[] x = sine(600, 2);
    x[500] += 3;
    for (int i = 0; i < x.length; i++) {
      double raw = a.rawScore(x[i]);
      a.score(x[i] + 10); // scoring something else must not matter
      a.score(x[i]);
      AnomalyDescriptor desc = a.forest().process(new double[] {x[i]}, i);
      assertEquals(desc.getRCFScore(), raw, "at " + i);
      b.learn(x[i]);
    }
    assertEquals(a.rawScore(0.3), b.rawScore(0.3));
  }

  @Test
  void spikeInSineScoresClearlyHigherThanNormalPoints() {
    Detector d = RandomCutForestDetector.spec().create();
    double[] x = sine(1500, 3);
    int spike = 1200;
    x[spike] += 3;
    double[] scores = Prequential.scores(d, x);
    double maxNormal = 0;
    for (int i = 400; i < spike; i++) {
      maxNormal = Math.max(maxNormal, scores[i]);
    }
    assertTrue(scores[spike] > 0.6, "spike scored " + scores[spike]);
    assertTrue(
        scores[spike] > maxNormal + 0.2,
        "spike " + scores[spike] + " vs max normal " + maxNormal);
  }

  @Test
  void scoreMapping() {
    assertEquals(0.0, RandomCutForestDetector.mapScore(0.7, 0.5));
    assertEquals(0.0, RandomCutForestDetector.mapScore(1.0, 0.5));
    assertEquals(0.5, RandomCutForestDetector.mapScore(1.5, 0.5), 1e-12);
    assertEquals(0.8, RandomCutForestDetector.mapScore(3.0, 0.5), 1e-12);
    assertEquals(1.0, RandomCutForestDetector.mapScore(Double.NaN, 0.5));
    assertTrue(RandomCutForestDetector.mapScore(11, 0.5) < 0.96);
  }

  // ---------------------------------------------------------------- determinism and state

  @Test
  void sameSeedSameScoresDifferentSeedDifferentScores() {
    double[] x = sine(1000, 5);
    x[800] += 2;
    double[] a = Prequential.scores(RandomCutForestDetector.spec().create(), x);
    double[] b = Prequential.scores(RandomCutForestDetector.spec().create(), x);
    double[] c = Prequential.scores(RandomCutForestDetector.spec().withRandomSeed(7).create(), x);
    assertArrayEquals(a, b);
    assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(c));
  }

  @Test
  void encodedStateSizeIsBounded() throws Exception {
    RandomCutForestDetector.Spec spec = RandomCutForestDetector.spec();
    Detector d = spec.create();
    int empty = CoderUtils.encodeToByteArray(spec.stateCoder(), d).length;
    double[] x = sine(5000, 8);
    int at1000 = 0;
    for (int i = 0; i < x.length; i++) {
      d.learn(x[i]);
      if (i == 999) {
        at1000 = CoderUtils.encodeToByteArray(spec.stateCoder(), d).length;
      }
    }
    long t0 = System.nanoTime();
    int at5000 = CoderUtils.encodeToByteArray(spec.stateCoder(), d).length;
    long encodeMicros = (System.nanoTime() - t0) / 1000;
    System.out.printf(
        "rcf state bytes: empty=%d after 1000 points=%d after 5000 points=%d (encode %d us)%n",
        empty, at1000, at5000, encodeMicros);
    // The sample is full after a few hundred points: the state stops growing.
    // About 200 kB for 50 trees x 256 samples (see the class documentation).
    assertTrue(at5000 < 300_000, "state of " + at5000 + " bytes");
    assertTrue(at5000 < 1.5 * at1000, at1000 + " -> " + at5000);
  }

  /** The contract every detector keeps. */
  @Nested
  class Contract extends DetectorContractTest.Univariate {
    Contract() {
      super(
          () -> RandomCutForestDetector.spec(4).withNumberOfTrees(10),
          () -> RandomCutForestDetector.spec(4).withNumberOfTrees(11));
    }
  }
}
