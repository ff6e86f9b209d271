package io.beamwise.benchmarks;

import io.beamwise.anomaly.ExpectedRange;
import io.beamwise.anomaly.detectors.DetectorSpec;
import io.beamwise.anomaly.detectors.Detectors;
import io.beamwise.evaluation.AnomalyWindows;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Detector speed on real data: rows per second of CPU time of a detector scoring then learning
 * every row of a NAB data set's files, in process, as {@link NabQuality} scores them (a fresh
 * detector per file, event-time order, score then learn). The JMH {@code DetectorBenchmark}
 * measures a synthetic series' steady state; a detector whose memory grows with what it sees
 * (CAD) is slower on real series, which keep showing it new things.
 *
 * <pre>
 * java -cp ... io.beamwise.benchmarks.NabDetectorSpeed [--data=DIR] [--valueRange=FORM]
 *     [--warmup=SECONDS] [--repetitions=N] [--dump=FILE] SPEC [SPEC ...]
 * </pre>
 *
 * For each SPEC: passes over all files for {@code --warmup} seconds (default 10), then {@code
 * --repetitions} timed passes (default 5), each timed by the CPU time of the running thread;
 * prints the rows/s of each pass, their median and the load average before and after. {@code
 * --dump=FILE} instead writes every score of every SPEC (file, row, score and its {@link
 * Double#doubleToLongBits} bits) to FILE, so that two builds' scores can be compared bit for bit
 * with {@code cmp}. {@code --data} and {@code --valueRange} are as in {@link NabQuality}. A SPEC may
 * also name a {@link DetectorPrototypes} prototype (timed only).
 */
public final class NabDetectorSpeed {

  private NabDetectorSpeed() {}

  public static void main(String[] args) throws IOException {
    Path data = Paths.get("../shared/datasets/nab");
    ExpectedRange range = ExpectedRange.learned();
    double warmupSeconds = 10;
    int repetitions = 5;
    Path dump = null;
    List<String> specs = new ArrayList<>();
    for (String a : args) {
      if (a.startsWith("--data=")) {
        data = Paths.get(a.substring("--data=".length()));
      } else if (a.startsWith("--valueRange=")) {
        range = ExpectedRange.parse(a.substring("--valueRange=".length()));
      } else if (a.startsWith("--warmup=")) {
        warmupSeconds = Double.parseDouble(a.substring("--warmup=".length()));
      } else if (a.startsWith("--repetitions=")) {
        repetitions = Integer.parseInt(a.substring("--repetitions=".length()));
      } else if (a.startsWith("--dump=")) {
        dump = Paths.get(a.substring("--dump=".length()));
      } else {
        specs.add(a);
      }
    }
    if (specs.isEmpty()) {
      System.err.println(
          "usage: NabDetectorSpeed [--data=DIR] [--valueRange=FORM] [--warmup=SECONDS]"
              + " [--repetitions=N] [--dump=FILE] SPEC [SPEC ...]");
      System.exit(2);
    }
    AnomalyWindows labels = NabQuality.readLabels(data);
    List<NabQuality.Series> series = NabQuality.readSeries(data, labels);
    long rows = series.stream().mapToLong(s -> s.values().length).sum();
    if (dump != null) {
      dumpScores(dump, specs, range, series);
      return;
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (String spec : specs) {
      DetectorSpec detector = DetectorPrototypes.proto(spec);
      long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
      while (System.nanoTime() < warmupEnd) {
        pass(detector, range, series);
      }
      double load = loadAverage();
      double[] rates = new double[repetitions];
      for (int r = 0; r < repetitions; r++) {
        long start = threads.getCurrentThreadCpuTime();
        pass(detector, range, series);
        rates[r] = rows / ((threads.getCurrentThreadCpuTime() - start) / 1e9);
      }
      double[] sorted = rates.clone();
      Arrays.sort(sorted);
      System.out.printf(
          Locale.ROOT,
          "%s [%s] %d files, %d rows: median %.0f rows/s (CPU time), passes %s; load average %.2f before, %.2f after%n",
          spec,
          range.describe(),
          series.size(),
          rows,
          sorted[repetitions / 2],
          Arrays.toString(Arrays.stream(rates).mapToLong(Math::round).toArray()),
          load,
          loadAverage());
    }
  }

  private static double pass(DetectorSpec detector, ExpectedRange range, List<NabQuality.Series> series) {
    double sink = 0;
    for (NabQuality.Series s : series) {
      double[] scores = NabQuality.scores(detector, range, s);
      sink += scores[scores.length - 1];
    }
    return sink;
  }

  private static void dumpScores(
      Path dump, List<String> specs, ExpectedRange range, List<NabQuality.Series> series)
      throws IOException {
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(dump, StandardCharsets.UTF_8))) {
      for (String spec : specs) {
        DetectorSpec detector = Detectors.parse(spec);
        for (NabQuality.Series s : series) {
          double[] scores = NabQuality.scores(detector, range, s);
          for (int i = 0; i < scores.length; i++) {
            out.printf(
                Locale.ROOT,
                "%s [%s] %s %d %s %016x%n",
                spec,
                range.describe(),
                s.key(),
                i,
                scores[i],
                Double.doubleToLongBits(scores[i]));
          }
        }
      }
    }
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
