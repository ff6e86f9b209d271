package io.beamwise.pipelines.sensormonitor;

import io.beamwise.io.generator.AnomalyLabels;
import io.beamwise.pipelines.report.Report;
import io.beamwise.pipelines.report.ReportRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * What {@code sensor-monitor} does after a bounded run has written its files: keeps the
 * generator's injected anomalies beside the results ({@code injected-anomalies.json}, NAB's labels
 * format, so {@code report} and {@code evaluate} can use them) and, with {@code --report}, writes
 * the HTML report into {@code OUTPUT/report/} ({@link Report}). Local output directories only.
 */
final class AfterRun {

  private AfterRun() {}

  static void run(SensorMonitorOptions options, SensorMonitor.Settings settings) {
    if (settings.output.contains("://")) {
      return;
    }
    Path output = Paths.get(settings.output);
    try {
      if (settings.generator != null) {
        AnomalyLabels.writeNab(settings.generator, output.resolve(Report.INJECTED_ANOMALIES));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + Report.INJECTED_ANOMALIES + " into " + output, e);
    }
    if (options.getReport()) {
      Report.Written written =
          Report.write(
              new ReportRequest(
                  output,
                  output.resolve("report"),
                  Optional.ofNullable(options.getLabelsFile()).filter(s -> !s.isBlank()).map(Paths::get),
                  settings.zone,
                  options.getChartBuckets(),
                  options.getPng()));
      System.err.println(SensorMonitor.NAME + ": " + written);
    }
  }
}
