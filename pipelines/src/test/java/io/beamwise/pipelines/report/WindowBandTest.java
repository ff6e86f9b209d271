package io.beamwise.pipelines.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WindowBandTest {

  private static final long HOUR = 3_600_000L;

  @Test
  void accumulatingPanesKeepTheLastDiscardingPanesEachStay() {
    WindowBand accumulating = new WindowBand(true);
    accumulating.add(new WindowRow("s", 0, HOUR, 3, 10, 1, 0));
    accumulating.add(new WindowRow("s", 0, HOUR, 5, 12, 2, 1));
    List<WindowBand.Entry> a = accumulating.entries(new Downsampler(0, HOUR - 1, 10), 10);
    assertEquals(List.of(new WindowBand.Entry(0, HOUR, 12, 10, 14, 5)), a);

    WindowBand discarding = new WindowBand(false);
    discarding.add(new WindowRow("s", 0, HOUR, 3, 10, 1, 0));
    discarding.add(new WindowRow("s", 0, HOUR, 2, 20, Double.NaN, 1));
    assertEquals(2, discarding.entries(new Downsampler(0, HOUR - 1, 10), 10).size());
  }

  @Test
  void moreWindowsThanBucketsBecomeOneEnvelopePerBucket() {
    WindowBand band = new WindowBand(false);
    for (int i = 0; i < 10; i++) {
      // means 0..9, std 1 except window 3 (std 5); counts 1 except window 1 (3)
      band.add(new WindowRow("s", i * HOUR, (i + 1) * HOUR, i == 1 ? 3 : 1, i, i == 3 ? 5 : 1, 0));
    }
    Downsampler twoBuckets = new Downsampler(band.from(), band.to() - 1, 2);
    List<WindowBand.Entry> e = band.entries(twoBuckets, 2);
    assertEquals(2, e.size());
    // bucket 0: windows 0..4, count-weighted mean (0 + 3 + 2 + 3 + 4) / 7
    assertEquals(0, e.get(0).start());
    assertEquals(12.0 / 7, e.get(0).mean(), 1e-12);
    assertEquals(-2, e.get(0).low(), 1e-12); // 3 - 5
    assertEquals(8, e.get(0).high(), 1e-12); // 3 + 5
    assertEquals(7, e.get(0).count());
    assertEquals(5 * HOUR, e.get(0).end(), "the bucket's entry ends where its last window does");
    assertEquals(5 * HOUR, e.get(1).start());
    assertEquals(4, e.get(1).low(), 1e-12);
    assertEquals(10, e.get(1).high(), 1e-12);
  }
}
