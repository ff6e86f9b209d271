package io.beamwise.benchmarks.prototypes.htm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.anomaly.detectors.ValueRange;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HtmPrototypeTest {

  private static Set<Integer> bits(ScalarSdrEncoder e, double x) {
    int[] out = new int[21];
    e.encode(x, out, 0, 0);
    Set<Integer> s = new HashSet<>();
    for (int b : out) {
      s.add(b);
    }
    return s;
  }

  @Test
  void neighbouringBucketsShareAllButOneBitAndDistantOnesFew() {
    ScalarSdrEncoder e = new ScalarSdrEncoder(400, 21, 1.0, 0.0, 10_000, 42);
    for (int b = -30; b < 30; b++) {
      Set<Integer> here = bits(e, b);
      assertEquals(21, here.size(), "21 distinct bits in bucket " + b);
      Set<Integer> next = bits(e, b + 1);
      next.retainAll(here);
      assertEquals(20, next.size(), "buckets " + b + " and " + (b + 1) + " share 20 bits");
      Set<Integer> far = bits(e, b + 40);
      far.retainAll(here);
      assertTrue(far.size() <= 6, "buckets 40 apart share chance bits only, got " + far.size());
    }
  }

  @Test
  void aBucketsBitsDoNotDependOnTheOrderBucketsWereReached() {
    ScalarSdrEncoder upFirst = new ScalarSdrEncoder(400, 21, 0.5, 10.0, 10_000, 7);
    ScalarSdrEncoder downFirst = new ScalarSdrEncoder(400, 21, 0.5, 10.0, 10_000, 7);
    bits(upFirst, 80.0);
    bits(upFirst, -60.0);
    bits(downFirst, -60.0);
    bits(downFirst, 80.0);
    for (double x = -60; x <= 80; x += 3.25) {
      assertEquals(bits(upFirst, x), bits(downFirst, x), "bits of " + x);
    }
  }

  @Test
  void timeOfDayWrapsAroundMidnight() {
    TimeOfDayEncoder clock = new TimeOfDayEncoder(21, 9.49);
    assertEquals(54, clock.width());
    int[] late = new int[21];
    int[] early = new int[21];
    int[] noon = new int[21];
    clock.encode(86_400_000L - 60_000L, late, 0, 0); // 23:59 UTC
    clock.encode(60_000L, early, 0, 0); // 00:01 UTC
    clock.encode(43_200_000L, noon, 0, 0);
    assertEquals(21, overlap(late, early) + 1, "a minute apart across midnight: all but one bit shared");
    assertEquals(0, overlap(late, noon), "12 hours apart, beyond the radius: no bit shared");
  }

  private static int overlap(int[] a, int[] b) {
    Set<Integer> s = new HashSet<>();
    for (int x : a) {
      s.add(x);
    }
    int n = 0;
    for (int x : b) {
      n += s.contains(x) ? 1 : 0;
    }
    return n;
  }

  @Test
  void learnsAHighOrderSequenceAndFlagsABreak() {
    HtmDetector htm = new HtmDetector(150, 130, false, ValueRange.of(0, 100), 42);
    // 30 and 50 occur in two contexts: what follows 50 depends on what came before 30
    double[] cycle = {10, 30, 50, 70, 90, 30, 50, 20};
    double first = 0;
    double late = 0;
    for (int rep = 0; rep < 80; rep++) {
      for (double v : cycle) {
        double s = htm.score(0L, v);
        if (rep == 0) {
          first += s;
        } else if (rep >= 60) {
          late += s;
        }
        htm.learn(0L, v);
      }
    }
    assertEquals(cycle.length, first, 1e-9, "nothing is predicted on the first pass");
    assertTrue(late / (20 * cycle.length) < 0.1, "mean raw score after learning " + late / (20 * cycle.length));
    for (double v : new double[] {10, 30, 50}) {
      htm.score(0L, v);
      htm.learn(0L, v);
    }
    assertTrue(htm.score(0L, 20) > 0.9, "20 after 10, 30, 50 (70 was learned) is unpredicted");
  }

  @Test
  void scoringDoesNotChangeTheModel() {
    HtmDetector a = new HtmDetector(20, 130, true, null, 3);
    HtmDetector b = new HtmDetector(20, 130, true, null, 3);
    double[] scoresA = new double[300];
    double[] scoresB = new double[300];
    for (int i = 0; i < 300; i++) {
      long t = 1_700_000_000_000L + 300_000L * i;
      double x = 50 + 40 * Math.sin(i / 12.0);
      if (a.isReady()) {
        a.score(t, x + 7); // a different point: scoring it must leave the model as it was
        scoresA[i] = a.score(t, x);
      }
      a.learn(t, x);
      if (b.isReady()) {
        scoresB[i] = b.score(t, x);
      }
      b.learn(t, x);
    }
    assertArrayEquals(scoresB, scoresA, 0.0);
    assertTrue(Arrays.stream(scoresA).skip(250).anyMatch(s -> s < 1.0), "scores are not all 1");
  }
}
