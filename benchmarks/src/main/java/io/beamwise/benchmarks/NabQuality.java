package io.beamwise.benchmarks;

import io.beamwise.anomaly.Detector;
import io.beamwise.anomaly.DetectorSpec;
import io.beamwise.anomaly.Detectors;
import io.beamwise.evaluation.AnomalyWindows;
import io.beamwise.evaluation.NabProfile;
import io.beamwise.evaluation.NabScorer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * NAB quality of detectors, in process and in seconds: the same scores as {@code scripts/run
 * sensor-monitor} followed by {@code scripts/run evaluate}, without Beam.
 *
 * <p>For each data file of a NAB data set (a directory with {@code data/<category>/*.csv} and
 * {@code labels/combined_windows*.json}), a fresh detector scores then learns every row in the
 * order the pipeline uses: event time, then input line ({@code SensorReading.EVENT_ORDER}; the
 * timestamps are read as UTC, the pipeline's default zone, so no local time is skipped or
 * repeated). A row scored while the detector is not {@link Detector#isReady ready} gets the score
 * 0, as the pipeline's {@code warming_up} rows do. The scores are then put back in line order and
 * scored with {@link NabScorer}: the normalised score of each profile at its optimised threshold
 * and, at the standard profile's threshold, the windows found and the false-positive rows.
 *
 * <pre>
 * java -cp ... io.beamwise.benchmarks.NabQuality [--data=DIR] [--files] SPEC [SPEC ...]
 * </pre>
 *
 * {@code --data} defaults to {@code ../shared/datasets/nab}; {@code --files} adds a per-file
 * breakdown at the standard threshold; each SPEC is a {@link Detectors#parse} specification.
 */
public final class NabQuality {

  private NabQuality() {}

  /** One data file: its label key, timestamps and values in line order. */
  public record Series(String key, List<LocalDateTime> timestamps, double[] values) {}

  /** The normalised scores of one detector over the data set. */
  public record Result(
      String spec,
      double standard,
      double lowFp,
      double lowFn,
      int windowsFound,
      int windows,
      int fpRows,
      double threshold,
      NabScorer.CorpusScore standardScore,
      double seconds) {}

  public static void main(String[] args) throws IOException {
    Path data = Paths.get("../shared/datasets/nab");
    boolean perFile = false;
    List<String> specs = new ArrayList<>();
    for (String a : args) {
      if (a.startsWith("--data=")) {
        data = Paths.get(a.substring("--data=".length()));
      } else if (a.equals("--files")) {
        perFile = true;
      } else {
        specs.add(a);
      }
    }
    if (specs.isEmpty()) {
      System.err.println("usage: NabQuality [--data=DIR] [--files] SPEC [SPEC ...]");
      System.exit(2);
    }
    AnomalyWindows labels = readLabels(data);
    List<Series> series = readSeries(data, labels);
    System.out.printf(
        Locale.ROOT,
        "%-60s %8s %8s %8s %8s %6s %9s %6s%n",
        "detector",
        "standard",
        "lowFP",
        "lowFN",
        "windows",
        "FProws",
        "threshold",
        "s");
    for (String spec : specs) {
      Result r = evaluate(spec, Detectors.parse(spec), series, labels);
      System.out.printf(
          Locale.ROOT,
          "%-60s %8.2f %8.2f %8.2f %5d/%-2d %6d %9.6f %6.1f%n",
          spec,
          r.standard(),
          r.lowFp(),
          r.lowFn(),
          r.windowsFound(),
          r.windows(),
          r.fpRows(),
          r.threshold(),
          r.seconds());
      if (perFile) {
        for (NabScorer.Score s : r.standardScore().files()) {
          System.out.printf(
              Locale.ROOT,
              "    %-50s raw %8.3f  windows %d/%d  fp %d%n",
              s.file(),
              s.rawScore(),
              s.detectedWindows(),
              s.detectedWindows() + s.missedWindows(),
              s.fp());
        }
      }
    }
  }

  /** Reads {@code labels/combined_windows*.json} of a NAB data set directory. */
  public static AnomalyWindows readLabels(Path data) throws IOException {
    try (Stream<Path> list = Files.list(data.resolve("labels"))) {
      Path labels =
          list.filter(p -> p.getFileName().toString().startsWith("combined_windows"))
              .sorted()
              .findFirst()
              .orElseThrow(() -> new IOException("no combined_windows*.json in " + data.resolve("labels")));
      return AnomalyWindows.read(labels);
    }
  }

  /** Reads the data file of every labelled key ({@code data/<key>}), in key order. */
  public static List<Series> readSeries(Path data, AnomalyWindows labels) throws IOException {
    List<Series> out = new ArrayList<>();
    for (String key : new TreeMap<>(labels.byFile()).keySet()) {
      List<String> lines = Files.readAllLines(data.resolve("data").resolve(key), StandardCharsets.UTF_8);
      List<LocalDateTime> timestamps = new ArrayList<>(lines.size());
      double[] values = new double[lines.size() - 1];
      for (int i = 1; i < lines.size(); i++) {
        String[] parts = lines.get(i).split(",");
        timestamps.add(AnomalyWindows.parseTimestamp(parts[0].trim()));
        values[i - 1] = Double.parseDouble(parts[1].trim());
      }
      out.add(new Series(key, timestamps, values));
    }
    return out;
  }

  /**
   * The scores a fresh detector of {@code spec} gives the rows of {@code s}, in line order, scoring
   * then learning in event-time order (ties by line); 0 while not ready.
   */
  public static double[] scores(DetectorSpec spec, Series s) {
    int n = s.values().length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(
        order, Comparator.<Integer, LocalDateTime>comparing(s.timestamps()::get).thenComparingInt(i -> i));
    Detector d = spec.create();
    double[] scores = new double[n];
    for (int i : order) {
      double x = s.values()[i];
      scores[i] = d.isReady() ? d.score(x) : 0.0;
      d.learn(x);
    }
    return scores;
  }

  /** Scores {@code spec} on every series and evaluates it as {@code scripts/run evaluate} does. */
  public static Result evaluate(
      String name, DetectorSpec spec, List<Series> series, AnomalyWindows labels) {
    long start = System.nanoTime();
    Map<String, List<NabScorer.Row>> rows = new TreeMap<>();
    for (Series s : series) {
      double[] scores = scores(spec, s);
      List<NabScorer.Row> fileRows = new ArrayList<>(scores.length);
      for (int i = 0; i < scores.length; i++) {
        fileRows.add(new NabScorer.Row(s.timestamps().get(i), scores[i]));
      }
      rows.put(s.key(), fileRows);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    NabScorer scorer = NabScorer.of(rows, labels);
    Map<NabProfile, Double> normalised = scorer.normalizedScores();
    NabScorer.CorpusScore standard = scorer.optimizeThreshold(NabProfile.STANDARD);
    return new Result(
        name,
        normalised.get(NabProfile.STANDARD),
        normalised.get(NabProfile.REWARD_LOW_FP_RATE),
        normalised.get(NabProfile.REWARD_LOW_FN_RATE),
        standard.total().detectedWindows(),
        standard.total().detectedWindows() + standard.total().missedWindows(),
        standard.total().fp(),
        standard.threshold(),
        standard,
        seconds);
  }
}
