package io.beamwise.anomaly.detectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AlignedScoreTest {

  /** Boundary 0.5 to 0.75: below it scaled by 1.5, above it (s − 0.5)/2 past 0.75. */
  @Test
  void handComputedMap() {
    assertEquals(0.0, AlignedScore.align(0.0, 0.5, 0.75), 0.0);
    assertEquals(0.375, AlignedScore.align(0.25, 0.5, 0.75), 0.0);
    assertEquals(0.75, AlignedScore.align(0.5, 0.5, 0.75), 0.0);
    assertEquals(0.875, AlignedScore.align(0.75, 0.5, 0.75), 0.0);
    assertEquals(1.0, AlignedScore.align(1.0, 0.5, 0.75), 0.0);
    // Boundary 0.9 to 0.6: 0.45 · 0.6/0.9 = 0.3; 0.6 + 0.05 · 0.4/0.1 = 0.8.
    assertEquals(0.3, AlignedScore.align(0.45, 0.9, 0.6), 1e-15);
    assertEquals(0.8, AlignedScore.align(0.95, 0.9, 0.6), 1e-15);
  }

  /** Point by point the aligned score is the map of the wrapped detector's, which it learns alone. */
  @Test
  void scoresTheMapOfTheWrappedScoreAndLearnsNothingElse() throws Exception {
    DetectorSpec inner = Detectors.parse("re:12");
    AlignedScore.Spec spec = AlignedScore.of(inner, 0.5);
    Detector aligned = spec.create();
    Detector plain = inner.create();
    Random r = new Random(3);
    int past = 0;
    for (int i = 0; i < 800; i++) {
      double v = 10 + r.nextGaussian() + (i % 150 == 149 ? 8 : 0);
      assertEquals(plain.isReady(), aligned.isReady());
      if (plain.isReady()) {
        double raw = plain.score(v);
        double s = aligned.score(v);
        assertEquals(AlignedScore.align(raw, 0.5, 0.75), s, 0.0);
        assertEquals(raw >= 0.5, s >= 0.75, "the boundary maps to the boundary");
        past += raw >= 0.5 ? 1 : 0;
        Map<String, Double> details = aligned.details(v);
        assertEquals(raw, details.get("raw"), 0.0);
        assertTrue(details.keySet().containsAll(plain.details(v).keySet()));
      }
      aligned.learn(v);
      plain.learn(v);
    }
    assertTrue(past > 0, "the series has points past the boundary");
    // The wrapper's state is the wrapped detector's.
    assertArrayEquals(
        CoderUtils.encodeToByteArray(inner.stateCoder(), plain),
        CoderUtils.encodeToByteArray(spec.stateCoder(), aligned));
  }

  @Test
  void theExpectedRangeReachesTheWrappedDetector() {
    DetectorSpec cad = Detectors.parse("cad:5:20");
    ValueRange range = ValueRange.of(-3, 3);
    Detector aligned = AlignedScore.of(cad, 0.75).withTo(0.5).create(range);
    Detector plain = cad.create(range);
    Random r = new Random(5);
    for (int i = 0; i < 400; i++) {
      double v = r.nextGaussian();
      if (plain.isReady()) {
        assertEquals(AlignedScore.align(plain.score(v), 0.75, 0.5), aligned.score(v), 0.0);
      }
      aligned.learn(v);
      plain.learn(v);
    }
  }

  @Test
  void specValidationNamesTheParameter() {
    DetectorSpec re = Detectors.parse("re");
    for (double bad : new double[] {0, 1, -0.5, Double.NaN}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AlignedScore.of(re, bad));
      assertTrue(e.getMessage().startsWith("from"), e.getMessage());
      IllegalArgumentException t =
          assertThrows(IllegalArgumentException.class, () -> AlignedScore.of(re, 0.5).withTo(bad));
      assertTrue(t.getMessage().startsWith("to"), t.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> AlignedScore.of(null, 0.5));
  }

  /** The contract every detector keeps. */
  @Nested
  class Contract extends DetectorContractTest.Univariate {
    Contract() {
      super("align(re:20,0.5)", "align(re:20,0.5,0.7)");
    }
  }
}
