package io.beamwise.pipelines.report;

import io.beamwise.evaluation.AnomalyWindows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Labelled anomaly windows for the report, in NAB's {@code combined_windows.json} shape ({@link
 * AnomalyWindows}): NAB's labels, or the generator's injected anomalies ({@value
 * Report#INJECTED_ANOMALIES}, which {@code sensor-monitor} writes beside its results for generated
 * input). Entries match sensors by file name without {@code .csv} ({@code
 * realKnownCause/nyc_taxi.csv} → {@code nyc_taxi}); label times are local times in the run's zone.
 */
final class ReportLabels {

  private final Path file;
  private final AnomalyWindows windows;

  private ReportLabels(Path file, AnomalyWindows windows) {
    this.file = file;
    this.windows = windows;
  }

  /**
   * {@code given}, else the results' {@value Report#INJECTED_ANOMALIES}, else none.
   *
   * @throws IllegalArgumentException when {@code given} does not exist or is not labels JSON
   */
  static Optional<ReportLabels> find(Optional<Path> given, Path results) throws IOException {
    if (given.isPresent()) {
      if (!Files.isRegularFile(given.get())) {
        throw new IllegalArgumentException("--labelsFile=" + given.get() + " does not exist");
      }
      return Optional.of(read(given.get()));
    }
    Path injected = results.resolve(Report.INJECTED_ANOMALIES);
    return Files.isRegularFile(injected) ? Optional.of(read(injected)) : Optional.empty();
  }

  private static ReportLabels read(Path file) throws IOException {
    try {
      return new ReportLabels(file, AnomalyWindows.read(file));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--labelsFile=" + file + ": " + e.getMessage(), e);
    }
  }

  Path file() {
    return file;
  }

  AnomalyWindows windows() {
    return windows;
  }

  /** Windows by sensor as epoch milliseconds {@code [start, end]}, local times read in {@code zone}. */
  Map<String, List<long[]>> bySensor(ZoneId zone) {
    Map<String, List<long[]>> out = new LinkedHashMap<>();
    windows
        .byFile()
        .forEach(
            (key, list) -> {
              List<long[]> ms = new ArrayList<>();
              for (AnomalyWindows.Window w : list) {
                ms.add(new long[] {millis(w.start(), zone), millis(w.end(), zone)});
              }
              out.put(sensorOf(key), ms);
            });
    return out;
  }

  static String sensorOf(String labelKey) {
    String name = Paths.get(labelKey).getFileName().toString();
    return name.endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
  }

  private static long millis(LocalDateTime t, ZoneId zone) {
    return t.atZone(zone).toInstant().toEpochMilli();
  }
}
