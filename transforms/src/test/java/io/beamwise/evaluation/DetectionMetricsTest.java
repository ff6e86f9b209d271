package io.beamwise.evaluation;

import static io.beamwise.evaluation.NabTestFiles.file;
import static io.beamwise.evaluation.NabTestFiles.scores;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.evaluation.DetectionMetrics.Counts;
import io.beamwise.evaluation.DetectionMetrics.Delay;
import io.beamwise.evaluation.NabScorer.DataFile;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** 20 hourly rows; rows 0..2 are NAB's probationary period. */
class DetectionMetricsTest {

  // Windows rows 5..8 and 12..15; detections at rows 1 (probationary FP), 6, 7, 10 (FP), 17 (FP).
  private static final DataFile FILE =
      file("m.csv", scores(20, 0.0, 1, 6, 7, 10, 17), new int[] {5, 8}, new int[] {12, 15});

  @Test
  void pointWise() {
    // Window rows: 8; detected inside: 6, 7 -> tp 2, fn 6; fp: 10, 17 (row 1 skipped) -> 2.
    Counts c = DetectionMetrics.pointWise(FILE, 0.5, true);
    assertEquals(new Counts(2, 2, 6), c);
    assertEquals(0.5, c.precision(), 1e-12);
    assertEquals(0.25, c.recall(), 1e-12);
    assertEquals(2 * 0.5 * 0.25 / 0.75, c.f1(), 1e-12);
    // Without the probationary skip row 1 is a third FP.
    assertEquals(new Counts(2, 3, 6), DetectionMetrics.pointWise(FILE, 0.5, false));
  }

  @Test
  void windowWise() {
    // Window 1 detected, window 2 missed, 2 detections outside windows.
    Counts c = DetectionMetrics.windowWise(List.of(FILE), 0.5, true);
    assertEquals(new Counts(1, 2, 1), c);
    assertEquals(1.0 / 3, c.precision(), 1e-12);
    assertEquals(0.5, c.recall(), 1e-12);
    assertEquals(0.4, c.f1(), 1e-12);
  }

  @Test
  void emptyRatiosAreZero() {
    Counts none = new Counts(0, 0, 0);
    assertEquals(0.0, none.precision());
    assertEquals(0.0, none.recall());
    assertEquals(0.0, none.f1());
  }

  @Test
  void detectionDelay() {
    List<Delay> delays = DetectionMetrics.detectionDelays(FILE, 0.5, true);
    assertEquals(2, delays.size());
    assertTrue(delays.get(0).detected());
    assertEquals(1, delays.get(0).rows().getAsInt()); // first detection row 6, window starts at 5
    assertEquals(Duration.ofHours(1), delays.get(0).time().get());
    assertFalse(delays.get(1).detected());
    assertEquals(
        Duration.ofHours(1), DetectionMetrics.meanDetectionDelay(List.of(FILE), 0.5, true).get());
    assertTrue(
        DetectionMetrics.meanDetectionDelay(List.of(FILE), 2.0, true).isEmpty(), "nothing detected");
  }
}
