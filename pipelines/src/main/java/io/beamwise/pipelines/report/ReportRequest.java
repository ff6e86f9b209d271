package io.beamwise.pipelines.report;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Optional;

/**
 * What to report on and how.
 *
 * @param results a finished {@code sensor-monitor} run's output directory
 * @param output where {@code index.html} and the PNG charts go (created if missing)
 * @param labels NAB-format labels, if given (else the results' injected anomalies, if any)
 * @param zone the zone the labels' local times are in (the run's {@code --timeZone})
 * @param buckets time buckets per chart for down-sampling, 10 to 100,000
 * @param png whether to write one PNG chart per sensor
 */
public record ReportRequest(
    Path results, Path output, Optional<Path> labels, ZoneId zone, int buckets, boolean png) {

  public ReportRequest {
    if (buckets < 10 || buckets > 100_000) {
      throw new IllegalArgumentException("--chartBuckets=" + buckets + " is not in [10, 100000]");
    }
  }
}
