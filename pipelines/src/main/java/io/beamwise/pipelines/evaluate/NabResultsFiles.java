package io.beamwise.pipelines.evaluate;

import io.beamwise.evaluation.AnomalyWindows;
import io.beamwise.evaluation.NabScorer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A folder of NAB results files ({@code <name>.csv} with the header {@code
 * timestamp,value,anomaly_score}, one row per input row in input order, as {@code sensor-monitor}
 * writes into {@code nab/}) read as {@link NabScorer} rows.
 *
 * <p>A results file is matched to its entry in the labels by file name ({@code nyc_taxi.csv} ↔
 * {@code realKnownCause/nyc_taxi.csv}).
 */
public final class NabResultsFiles {

  private NabResultsFiles() {}

  /**
   * The rows of every {@code .csv} file in {@code dir}, by label key, sorted by key.
   *
   * @throws IllegalArgumentException when a file has no entry in {@code labels}, a row is not
   *     {@code timestamp,value,anomaly_score}, or {@code dir} has no {@code .csv} file
   */
  public static Map<String, List<NabScorer.Row>> read(Path dir, AnomalyWindows labels)
      throws IOException {
    Map<String, String> labelKeyByName = new TreeMap<>();
    for (String key : labels.byFile().keySet()) {
      labelKeyByName.put(Paths.get(key).getFileName().toString(), key);
    }
    Map<String, List<NabScorer.Row>> rows = new TreeMap<>();
    try (Stream<Path> list = Files.list(dir)) {
      for (Path f : (Iterable<Path>) list.filter(p -> p.toString().endsWith(".csv")).sorted()::iterator) {
        String key = labelKeyByName.get(f.getFileName().toString());
        if (key == null) {
          throw new IllegalArgumentException(
              "results file " + f + " has no entry in the labels (" + labelKeyByName.keySet() + ")");
        }
        rows.put(key, readFile(f));
      }
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("no .csv results files in " + dir);
    }
    return rows;
  }

  private static List<NabScorer.Row> readFile(Path f) throws IOException {
    List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
    List<NabScorer.Row> fileRows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] parts = lines.get(i).split(",");
      if (parts.length < 3) {
        throw new IllegalArgumentException(f + " line " + (i + 1) + " is not timestamp,value,anomaly_score");
      }
      fileRows.add(NabScorer.Row.of(parts[0], Double.parseDouble(parts[2])));
    }
    return fileRows;
  }
}
