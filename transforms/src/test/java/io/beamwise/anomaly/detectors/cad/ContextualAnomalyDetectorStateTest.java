package io.beamwise.anomaly.detectors.cad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.anomaly.detectors.Detector;
import io.beamwise.anomaly.detectors.RelativeEntropyDetector;
import io.beamwise.anomaly.detectors.ValueRange;
import java.util.Random;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

/** CAD's memory bound and its state coder. */
class ContextualAnomalyDetectorStateTest {

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
      double[] x = CadTestSeries.series(11, 1500);
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
    for (double v : CadTestSeries.series(2, 1000)) {
      big.learn(v);
    }
    byte[] bytes = CoderUtils.encodeToByteArray(spec.stateCoder(), big);
    ContextualAnomalyDetector.Spec small = spec.withMaxContexts(5);
    assertThrows(CoderException.class, () -> CoderUtils.decodeFromByteArray(small.stateCoder(), bytes));
    byte[] foreign = CoderUtils.encodeToByteArray(RelativeEntropyDetector.spec(8).stateCoder(), RelativeEntropyDetector.spec(8).create());
    assertThrows(Exception.class, () -> CoderUtils.decodeFromByteArray(spec.stateCoder(), foreign));
  }
}
