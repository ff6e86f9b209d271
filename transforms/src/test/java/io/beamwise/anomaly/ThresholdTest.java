package io.beamwise.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

class ThresholdTest {

  @Test
  void fixedThresholdNeverMoves() {
    Threshold.State s = Threshold.fixed(0.7).create();
    for (int i = 0; i < 100; i++) {
      s.observe(0.99);
    }
    assertEquals(0.7, s.current(), 0.0);
  }

  @Test
  void adaptiveThresholdFollowsTheQuantileOfRecentScoresAboveItsFloor() {
    Threshold t = Threshold.adaptive(0.9, 100, 0.3);
    Threshold.State s = t.create();
    assertEquals(0.3, s.current(), 0.0, "only the floor before window/10 scores");
    for (int i = 0; i < 100; i++) {
      s.observe(i / 100.0); // 0.00 .. 0.99
    }
    // Type-7 quantile of 0..0.99 at 0.9: rank 0.9 * 99 = 89.1 -> 0.89 + 0.1 * 0.01.
    assertEquals(0.891, s.current(), 1e-12);
    for (int i = 0; i < 100; i++) {
      s.observe(0.1); // the window now holds only low scores
    }
    assertEquals(0.3, s.current(), 0.0, "never below the floor");
  }

  @Test
  void stateRoundTripsExactly() throws Exception {
    Threshold t = Threshold.adaptive(0.99, 50, 0.5);
    Threshold.State s = t.create();
    Random r = new Random(2);
    for (int i = 0; i < 77; i++) {
      s.observe(r.nextDouble());
    }
    Threshold.State copy =
        CoderUtils.decodeFromByteArray(t.stateCoder(), CoderUtils.encodeToByteArray(t.stateCoder(), s));
    for (int i = 0; i < 100; i++) {
      assertEquals(s.current(), copy.current(), 0.0);
      double x = r.nextDouble();
      s.observe(x);
      copy.observe(x);
    }
  }

  @Test
  void parametersAreValidated() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Threshold.fixed(1.0));
    assertTrue(e.getMessage().contains("threshold"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Threshold.adaptive(1.0, 100, 0.5));
    assertTrue(e.getMessage().contains("quantile"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Threshold.adaptive(0.9, 5, 0.5));
    assertTrue(e.getMessage().contains("window"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Threshold.adaptive(0.9, 100, -0.1));
    assertTrue(e.getMessage().contains("floor"), e.getMessage());
  }
}
