package io.beamwise.pipelines.sensormonitor;

import io.beamwise.pipelines.report.ReportContentOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** {@code sensor-monitor --report}: the HTML report after a bounded run ({@link AfterRun}). */
public interface SensorMonitorReportOptions extends ReportContentOptions {

  @Description(
      "After a bounded run, write an HTML report (OUTPUT/report/index.html, opens from disk) and a"
          + " PNG chart per sensor; the same as scripts/run report --results=OUTPUT.")
  @Default.Boolean(false)
  boolean getReport();

  void setReport(boolean value);
}
