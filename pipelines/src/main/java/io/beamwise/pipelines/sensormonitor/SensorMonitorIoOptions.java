package io.beamwise.pipelines.sensormonitor;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** {@code sensor-monitor}'s options for datasets and output formats (see {@link SensorIo}). */
public interface SensorMonitorIoOptions extends PipelineOptions {

  @Description(
      "Cache directory of named datasets (--input=nab:realKnownCause/nyc_taxi): files are looked"
          + " for in DIR/nab/data/realKnownCause/ and DIR/nab/labels/, and downloaded there from"
          + " NAB's GitHub repository when missing. Default: $BEAMWISE_DATA_DIR, else"
          + " ~/.cache/beamwise/datasets.")
  String getDataDir();

  void setDataDir(String value);

  @Description(
      "Format of window-stats, scores, alerts and dead-letter outputs: jsonl (NAME.jsonl) or"
          + " parquet (NAME.parquet, Snappy, columns named as the Java fields).")
  @Default.String("jsonl")
  String getOutputFormat();

  void setOutputFormat(String value);
}
