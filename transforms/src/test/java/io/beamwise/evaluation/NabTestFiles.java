package io.beamwise.evaluation;

import io.beamwise.evaluation.AnomalyWindows.Window;
import io.beamwise.evaluation.NabScorer.DataFile;
import io.beamwise.evaluation.NabScorer.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Synthetic hourly NAB-style files, and the location of the shared NAB subset. */
public final class NabTestFiles {

  static final LocalDateTime T0 = LocalDateTime.of(2020, 1, 1, 0, 0);
  static final String NAB = "nab";

  private NabTestFiles() {}

  static LocalDateTime at(int row) {
    return T0.plusHours(row);
  }

  /**
   * A file of {@code scores.length} hourly rows starting at {@link #T0}; {@code windows} holds
   * {startRow, endRow} pairs (inclusive).
   */
  static DataFile file(String name, double[] scores, int[]... windows) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      rows.add(new Row(at(i), scores[i]));
    }
    List<Window> ws = new ArrayList<>();
    for (int[] w : windows) {
      ws.add(new Window(at(w[0]), at(w[1])));
    }
    return new DataFile(name, rows, ws);
  }

  /** {@code n} scores of {@code base}, with {@code 1.0} at the given rows. */
  static double[] scores(int n, double base, int... detections) {
    double[] s = new double[n];
    java.util.Arrays.fill(s, base);
    for (int d : detections) {
      s[d] = 1.0;
    }
    return s;
  }

  /**
   * The shared NAB folder ({@code ../shared/datasets/nab}): the {@code beamwise.datasets} property
   * set by the build, else the nearest {@code shared/datasets} above the working directory.
   */
  public static Optional<Path> nabDir() {
    String property = System.getProperty("beamwise.datasets");
    if (property != null) {
      Path dir = Paths.get(property).resolve(NAB).normalize();
      if (Files.isDirectory(dir)) {
        return Optional.of(dir);
      }
    }
    for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path dir = p.resolve("shared/datasets").resolve(NAB);
      if (Files.isDirectory(dir)) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  public static String missingMessage() {
    return "NAB data not found: expected ../shared/datasets/nab beside the checkout"
        + " (or -Dbeamwise.datasets=DIR); skipping";
  }
}
