package io.beamwise.benchmarks.endtoend;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The table {@link Bench} prints: medians per variant and ratios to variants 1 and 2. */
final class Report {

  private Report() {}

  /** {@code runs}: per variant, per run {wall ns, cpu ns, VmHWM KiB}. */
  static String table(
      long events,
      int sensors,
      int workers,
      int runCount,
      Path input,
      Map<Variant, List<long[]>> runs,
      String loadBefore,
      String loadAfter) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%nbeamwise end-to-end: %,d readings, %d sensors, %s; parallelism %d; median of %d run(s)%n",
            events, sensors, Bench.fileSize(input), workers, runCount));
    b.append(
        String.format(
            Locale.ROOT,
            "machine: %d cores, %s %s, %s; load average before %s, after %s%n",
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.vm.name"),
            System.getProperty("java.version"),
            System.getProperty("os.name") + " " + System.getProperty("os.arch"),
            loadBefore,
            loadAfter));
    b.append("events/s per core = readings / CPU seconds of the whole process (all threads, GC, JIT)\n\n");
    b.append(
        String.format(
            "%-30s %12s %14s %8s %8s %9s %7s %7s %9s %9s%n",
            "variant", "events/s", "ev/s per core", "wall s", "CPU s", "peak MiB",
            "vs 1", "vs 2", "core vs 1", "core vs 2"));
    double plain = Double.NaN;
    double plainCore = Double.NaN;
    double flink = Double.NaN;
    double flinkCore = Double.NaN;
    for (Map.Entry<Variant, List<long[]>> e : runs.entrySet()) {
      double wall = median(e.getValue(), 0) / 1e9;
      double cpu = median(e.getValue(), 1) / 1e9;
      if (e.getKey() == Variant.PLAIN) {
        plain = events / wall;
        plainCore = events / cpu;
      } else if (e.getKey() == Variant.FLINK) {
        flink = events / wall;
        flinkCore = events / cpu;
      }
    }
    for (Map.Entry<Variant, List<long[]>> e : runs.entrySet()) {
      double wall = median(e.getValue(), 0) / 1e9;
      double cpu = median(e.getValue(), 1) / 1e9;
      double peakMib = median(e.getValue(), 2) / 1024.0;
      double rate = events / wall;
      double perCore = events / cpu;
      b.append(
          String.format(
              Locale.ROOT,
              "%-30s %,12.0f %,14.0f %8.2f %8.2f %9.0f %7s %7s %9s %9s%n",
              e.getKey().label(), rate, perCore, wall, cpu, peakMib,
              ratio(rate, plain), ratio(rate, flink), ratio(perCore, plainCore), ratio(perCore, flinkCore)));
    }
    return b.toString();
  }

  private static String ratio(double a, double b) {
    return Double.isNaN(b) ? "-" : String.format(Locale.ROOT, "%.2f", a / b);
  }

  private static double median(List<long[]> runs, int column) {
    List<Long> values = new ArrayList<>();
    for (long[] r : runs) {
      values.add(r[column]);
    }
    Collections.sort(values);
    int n = values.size();
    return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2.0;
  }
}
