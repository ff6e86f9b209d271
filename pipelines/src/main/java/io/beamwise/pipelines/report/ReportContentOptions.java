package io.beamwise.pipelines.report;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** What goes into a report: options shared by {@code report} and {@code sensor-monitor --report}. */
public interface ReportContentOptions extends PipelineOptions {

  @Description(
      "Report: labelled anomaly windows in NAB's combined_windows.json format, e.g."
          + " ../shared/datasets/nab/labels/combined_windows.json, shaded on the charts and used for the"
          + " NAB evaluation of the run's nab/ results. Default: the run's injected-anomalies.json"
          + " (generated input), else none.")
  // Not getLabels: Dataflow's options declare --labels (job labels, a map); one proxy cannot hold both.
  String getLabelsFile();

  void setLabelsFile(String value);

  @Description(
      "Report: time buckets per chart (10 to 100000). Each bucket keeps its first, last, lowest and"
          + " highest reading and its highest score; every alert is kept.")
  @Default.Integer(1000)
  int getChartBuckets();

  void setChartBuckets(int value);

  @Description("Report: also write one PNG chart per sensor beside the HTML page.")
  @Default.Boolean(true)
  boolean getPng();

  void setPng(boolean value);
}
