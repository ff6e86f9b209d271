package io.beamwise.anomaly.detectors;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.beamwise.evaluation.AnomalyWindows;
import io.beamwise.evaluation.NabScorer;
import io.beamwise.evaluation.NabTestFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The shared NAB dev subset ({@code ../shared/datasets/nab}) with NAB's published per-row results,
 * for reproduction tests; a test using it is skipped with a message when it is absent.
 */
final class NabPublished {

  /** One data file with one published results column. */
  record File(String key, List<LocalDateTime> timestamps, double[] values, double[] published, double[] extra) {
    int rows() {
      return values.length;
    }

    /** NAB's probationary period: {@code min(⌊0.15·rows⌋, 750)}. */
    int probation() {
      return (int) Math.min(Math.floor(0.15 * rows()), 0.15 * 5000);
    }

    double min() {
      return java.util.Arrays.stream(values).min().orElseThrow();
    }

    double max() {
      return java.util.Arrays.stream(values).max().orElseThrow();
    }
  }

  private NabPublished() {}

  /** The NAB folder, or the test is skipped. */
  static Path nabDir() {
    java.util.Optional<Path> dir = NabTestFiles.nabDir();
    assumeTrue(
        dir.isPresent() && Files.isDirectory(dir.get().resolve("results")),
        NabTestFiles.missingMessage());
    return dir.get();
  }

  static AnomalyWindows labels(Path nab) {
    try {
      return AnomalyWindows.read(nab.resolve("labels/combined_windows.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every labelled file, in key order: values from {@code data/<key>} parsed as NAB's harness
   * (pandas) parsed them ({@link #pandasParse}), and {@code column} (and {@code extraColumn}, or
   * -1) of {@code results/<detector>/<category>/<detector>_<name>}.
   */
  static List<File> files(Path nab, String detector, int column, int extraColumn) {
    List<File> files = new ArrayList<>();
    for (String key : new TreeMap<>(labels(nab).byFile()).keySet()) {
      List<String> data = lines(nab.resolve("data").resolve(key));
      String category = key.substring(0, key.indexOf('/'));
      String name = key.substring(key.indexOf('/') + 1);
      List<String> results = lines(nab.resolve("results").resolve(detector).resolve(category).resolve(detector + "_" + name));
      int n = data.size() - 1;
      if (results.size() - 1 != n) {
        throw new IllegalStateException(key + ": " + n + " rows but " + (results.size() - 1) + " results");
      }
      List<LocalDateTime> timestamps = new ArrayList<>(n);
      double[] values = new double[n];
      double[] published = new double[n];
      double[] extra = new double[n];
      for (int i = 0; i < n; i++) {
        String[] d = data.get(i + 1).split(",");
        String[] r = results.get(i + 1).split(",");
        timestamps.add(AnomalyWindows.parseTimestamp(d[0].trim()));
        values[i] = pandasParse(d[1].trim());
        published[i] = Double.parseDouble(r[column]);
        extra[i] = extraColumn < 0 ? Double.NaN : Double.parseDouble(r[extraColumn]);
      }
      files.add(new File(key, timestamps, values, published, extra));
    }
    return files;
  }

  /** NAB's normalised standard-profile score of per-file score columns, in row order. */
  static double standardScore(Path nab, List<File> files, List<double[]> scores) {
    Map<String, List<NabScorer.Row>> rows = new TreeMap<>();
    for (int f = 0; f < files.size(); f++) {
      List<NabScorer.Row> r = new ArrayList<>();
      for (int i = 0; i < files.get(f).rows(); i++) {
        r.add(new NabScorer.Row(files.get(f).timestamps().get(i), scores.get(f)[i]));
      }
      rows.put(files.get(f).key(), r);
    }
    return NabScorer.of(rows, labels(nab)).normalizedScores().get(io.beamwise.evaluation.NabProfile.STANDARD);
  }

  /**
   * A decimal number as pandas' default C parser ({@code xstrtod}) read it when NAB's results were
   * made: the digits accumulated in a double ({@code d = d·10 + digit}) and the result divided by
   * ten to the number of decimals by binary powering. It is not always the correctly rounded double
   * that {@link Double#parseDouble} gives: in ec2_request_latency_system_failure.csv it differs in
   * the last bit in 792 rows, and one of them (row 2611, 44.688) then falls on the other side of a
   * CAD OSE level boundary.
   */
  static double pandasParse(String s) {
    int p = 0;
    boolean negative = false;
    if (s.charAt(p) == '-' || s.charAt(p) == '+') {
      negative = s.charAt(p) == '-';
      p++;
    }
    double number = 0;
    int exponent = 0;
    while (p < s.length() && Character.isDigit(s.charAt(p))) {
      number = number * 10. + (s.charAt(p++) - '0');
    }
    if (p < s.length() && s.charAt(p) == '.') {
      p++;
      while (p < s.length() && Character.isDigit(s.charAt(p))) {
        number = number * 10. + (s.charAt(p++) - '0');
        exponent--;
      }
    }
    if (p < s.length() && (s.charAt(p) == 'e' || s.charAt(p) == 'E')) {
      exponent += Integer.parseInt(s.substring(p + 1));
    }
    double p10 = 10.;
    for (int n = Math.abs(exponent); n != 0; n >>= 1, p10 *= p10) {
      if ((n & 1) != 0) {
        number = exponent < 0 ? number / p10 : number * p10;
      }
    }
    return negative ? -number : number;
  }

  private static List<String> lines(Path p) {
    try (Stream<String> s = Files.lines(p, StandardCharsets.UTF_8)) {
      return s.toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
