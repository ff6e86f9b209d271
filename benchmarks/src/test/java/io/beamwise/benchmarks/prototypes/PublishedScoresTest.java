package io.beamwise.benchmarks.prototypes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.beamwise.anomaly.detectors.Prequential;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishedScoresTest {

  @Test
  void replaysEachRowsScoreInTheVisitOrder() {
    double[] published = {0.1, 0.2, 0.3, 0.4};
    int[] order = {0, 2, 1, 3}; // row 2's time is before row 1's
    double[] values = {10, 11, 12, 13};
    long[] times = {0, 2, 1, 3};
    double[] scores = Prequential.scores(new PublishedScores(published, order), times, values, order);
    assertArrayEquals(published, scores, 0.0);
  }

  @Test
  void readsTheAnomalyScoreColumnAndChecksTheValues(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("knncad_x.csv");
    Files.writeString(
        csv,
        "timestamp,value,anomaly_score\n2014-01-01 00:00:00,1.5,0.0\n2014-01-01 00:05:00,2,0.9965\n",
        StandardCharsets.UTF_8);
    assertArrayEquals(new double[] {0.0, 0.9965}, PublishedScores.read(csv, new double[] {1.5, 2}), 0.0);
    assertThrows(IllegalArgumentException.class, () -> PublishedScores.read(csv, new double[] {1.5, 3}));
    assertThrows(IllegalArgumentException.class, () -> PublishedScores.read(csv, new double[] {1.5}));
  }
}
