package io.beamwise.pipelines.report;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Command-line options of {@code report}. */
public interface ReportOptions extends ReportContentOptions {

  @Description("The output directory of a finished sensor-monitor run (its --output).")
  @Default.String("out/sensor-monitor")
  String getResults();

  void setResults(String value);

  @Description("Where to write index.html and the PNG charts. Default: RESULTS/report.")
  String getOutput();

  void setOutput(String value);

  @Description(
      "Time zone of the labels' local times: the run's --timeZone (NAB's timestamps are local"
          + " wall-clock time read in it).")
  @Default.String("UTC")
  String getTimeZone();

  void setTimeZone(String value);
}
