package io.beamwise.benchmarks.prototypes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A pseudo-detector that replays one file's published per-row scores, for measuring a published
 * NAB detector as a member of a combination before implementing it: NAB's {@code
 * results/<detector>/<category>/<detector>_<name>.csv} ({@code anomaly_score}, one row per input
 * row, in line order). It is ready from the first row (the published column covers every row;
 * NAB's detectors report 0 during their probation); the k-th point learned is the k-th row in the
 * order the harness visits them (event time, ties by line), so {@link #score} returns that row's
 * published score. Not a detector: it knows the whole file, including how NAB's run used the
 * file's length (its probationary period).
 */
public final class PublishedScores extends PrototypeDetector {

  private final double[] byVisit;
  private int visited;

  /**
   * @param published the published scores in line order
   * @param order the rows in the order they are visited (indexes into {@code published})
   */
  public PublishedScores(double[] published, int[] order) {
    if (published.length != order.length) {
      throw new IllegalArgumentException(
          "published scores have " + published.length + " rows, the series " + order.length);
    }
    byVisit = new double[order.length];
    for (int k = 0; k < order.length; k++) {
      byVisit[k] = published[order[k]];
    }
  }

  /**
   * The {@code anomaly_score} column of {@code file} (header {@code timestamp,value,anomaly_score,...}),
   * checking that its values equal {@code values} (the data file's, in line order).
   */
  public static double[] read(Path file, double[] values) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String[] header = lines.get(0).split(",");
    int column = List.of(header).indexOf("anomaly_score");
    if (column < 0 || lines.size() - 1 != values.length) {
      throw new IllegalArgumentException(file + ": no anomaly_score column or not " + values.length + " rows");
    }
    double[] out = new double[values.length];
    for (int i = 1; i < lines.size(); i++) {
      String[] parts = lines.get(i).split(",");
      double v = Double.parseDouble(parts[1]);
      if (Math.abs(v - values[i - 1]) > 1e-9 * Math.max(1, Math.abs(v))) {
        throw new IllegalArgumentException(file + " row " + i + ": value " + v + " != " + values[i - 1]);
      }
      out[i - 1] = Double.parseDouble(parts[column]);
    }
    return out;
  }

  @Override
  public boolean isReady() {
    return true;
  }

  @Override
  public double score(double x) {
    return byVisit[visited];
  }

  @Override
  public void learn(double x) {
    visited++;
  }
}
