package io.beamwise.pipelines.evaluate;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Command-line options of {@code evaluate}. */
public interface EvaluateOptions extends PipelineOptions {

  @Description(
      "Directory of NAB results files (<name>.csv with timestamp,value,anomaly_score), e.g. the"
          + " nab/ folder written by sensor-monitor.")
  @Default.String("out/sensor-monitor/nab")
  String getResults();

  void setResults(String value);

  @Description("NAB anomaly windows (combined_windows.json format).")
  @Default.String("../shared/datasets/nab/labels/combined_windows_realKnownCause.json")
  String getLabelsFile();

  void setLabelsFile(String value);

  @Description("Where to write the evaluation as JSON (also printed as a table).")
  @Default.String("out/evaluation.json")
  String getOutput();

  void setOutput(String value);
}
