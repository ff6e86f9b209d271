package io.beamwise.benchmarks;

import io.beamwise.anomaly.ExpectedRange;
import io.beamwise.anomaly.detectors.Detector;
import io.beamwise.anomaly.detectors.DetectorSpec;
import io.beamwise.anomaly.detectors.Detectors;
import io.beamwise.anomaly.detectors.Prequential;
import io.beamwise.anomaly.detectors.ValueRange;
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
 * and, at the standard profile's threshold, the windows found and the false-positive rows; then
 * the same for each category (the files of {@code data/<category>}), with the thresholds
 * optimised over that category's files, as NAB scores a subset.
 *
 * <pre>
 * java -cp ... io.beamwise.benchmarks.NabQuality [--data=DIR] [--files] [--valueRange=FORM] SPEC [SPEC ...]
 * </pre>
 *
 * {@code --data} defaults to {@code ../shared/datasets/nab}; {@code --files} adds a per-file
 * breakdown at the standard threshold; {@code --valueRange} is how detectors that use a value
 * range get it, as {@code sensor-monitor --valueRange}: {@code learned} (default), {@code input}
 * (each file's min and max: NAB's protocol, a look-ahead) or {@code MIN:MAX}; each SPEC is a {@link
 * Detectors#parse} specification.
 */
public final class NabQuality {

  private NabQuality() {}

  /** One data file: its label key, timestamps and values in line order. */
  public record Series(String key, List<LocalDateTime> timestamps, double[] values) {}

  /** The normalised scores of one detector over the data set (or one category of it). */
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
      double seconds,
      Map<String, Result> byCategory) {}

  public static void main(String[] args) throws IOException {
    Path data = Paths.get("../shared/datasets/nab");
    boolean perFile = false;
    ExpectedRange range = ExpectedRange.learned();
    List<String> specs = new ArrayList<>();
    for (String a : args) {
      if (a.startsWith("--data=")) {
        data = Paths.get(a.substring("--data=".length()));
      } else if (a.equals("--files")) {
        perFile = true;
      } else if (a.startsWith("--valueRange=")) {
        range = ExpectedRange.parse(a.substring("--valueRange=".length()));
      } else {
        specs.add(a);
      }
    }
    if (specs.isEmpty()) {
      System.err.println("usage: NabQuality [--data=DIR] [--files] [--valueRange=learned|input|MIN:MAX] SPEC [SPEC ...]");
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
      String name = range.kind() == ExpectedRange.Kind.LEARNED ? spec : spec + " [" + range.describe() + "]";
      Result r = evaluate(name, Detectors.parse(spec), range, series, labels);
      print(name, r);
      for (Map.Entry<String, Result> c : r.byCategory().entrySet()) {
        print("    " + c.getKey() + " (own thresholds)", c.getValue());
      }
      if (perFile) {
        printFiles(r);
      }
    }
  }

  /** One line per file of {@code r}'s standard score: raw score, windows found, FP rows. */
  static void printFiles(Result r) {
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

  private static void print(String name, Result r) {
    System.out.printf(
        Locale.ROOT,
        "%-60s %8.2f %8.2f %8.2f %5d/%-2d %6d %9.6f %6.1f%n",
        name,
        r.standard(),
        r.lowFp(),
        r.lowFn(),
        r.windowsFound(),
        r.windows(),
        r.fpRows(),
        r.threshold(),
        r.seconds());
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
   * then learning in event-time order (ties by line), each with its timestamp read as UTC (as the
   * pipeline does); 0 while not ready. The detector is created
   * with the series' range as {@code range} gives it (for {@code input}: its min and max).
   */
  public static double[] scores(DetectorSpec spec, ExpectedRange range, Series s) {
    int n = s.values().length;
    int[] order = eventOrder(s);
    ValueRange given =
        range.kind() == ExpectedRange.Kind.INPUT ? rangeOf(s.values()) : range.forSensor(sensorOf(s));
    Detector d = given == null ? spec.create() : spec.create(given);
    long[] times = new long[n];
    for (int i = 0; i < n; i++) {
      times[i] = s.timestamps().get(i).toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
    }
    return Prequential.scores(d, times, s.values(), order);
  }

  /**
   * The rows of {@code s} in the order a detector sees them: event time, ties by line (indexes
   * into the series).
   */
  public static int[] eventOrder(Series s) {
    int n = s.values().length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(
        order, Comparator.<Integer, LocalDateTime>comparing(s.timestamps()::get).thenComparingInt(i -> i));
    return java.util.Arrays.stream(order).mapToInt(i -> i).toArray();
  }

  /** The sensor id the pipeline gives a file: its name without {@code .csv}. */
  private static String sensorOf(Series s) {
    String file = s.key().substring(s.key().lastIndexOf('/') + 1);
    return file.endsWith(".csv") ? file.substring(0, file.length() - 4) : file;
  }

  private static ValueRange rangeOf(double[] values) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return ValueRange.of(min, max);
  }

  /** Scores {@code spec} on every series and evaluates it as {@code scripts/run evaluate} does. */
  public static Result evaluate(
      String name, DetectorSpec spec, List<Series> series, AnomalyWindows labels) {
    return evaluate(name, spec, ExpectedRange.learned(), series, labels);
  }

  /**
   * Scores {@code spec}, with value ranges from {@code range}, on every series and evaluates it as
   * {@code scripts/run evaluate} does, over all series and per category.
   */
  public static Result evaluate(
      String name, DetectorSpec spec, ExpectedRange range, List<Series> series, AnomalyWindows labels) {
    return evaluate(name, s -> spec, range, series, labels);
  }

  /**
   * As {@link #evaluate(String, DetectorSpec, ExpectedRange, List, AnomalyWindows)}, with the spec
   * of each series given by {@code specOf} (for prototypes that replay a series' published scores).
   */
  public static Result evaluate(
      String name,
      java.util.function.Function<Series, DetectorSpec> specOf,
      ExpectedRange range,
      List<Series> series,
      AnomalyWindows labels) {
    long start = System.nanoTime();
    Map<String, List<NabScorer.Row>> rows = new TreeMap<>();
    for (Series s : series) {
      double[] scores = scores(specOf.apply(s), range, s);
      List<NabScorer.Row> fileRows = new ArrayList<>(scores.length);
      for (int i = 0; i < scores.length; i++) {
        fileRows.add(new NabScorer.Row(s.timestamps().get(i), scores[i]));
      }
      rows.put(s.key(), fileRows);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Map<String, List<NabScorer.Row>>> categories = new TreeMap<>();
    rows.forEach(
        (key, r) -> categories.computeIfAbsent(key.substring(0, Math.max(0, key.indexOf('/'))), k -> new TreeMap<>()).put(key, r));
    Map<String, Result> byCategory = new TreeMap<>();
    if (categories.size() > 1) {
      categories.forEach((category, r) -> byCategory.put(category, scored(name, r, labels, 0, Map.of())));
    }
    return scored(name, rows, labels, seconds, byCategory);
  }

  private static Result scored(
      String name,
      Map<String, List<NabScorer.Row>> rows,
      AnomalyWindows labels,
      double seconds,
      Map<String, Result> byCategory) {
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
        seconds,
        byCategory);
  }
}
