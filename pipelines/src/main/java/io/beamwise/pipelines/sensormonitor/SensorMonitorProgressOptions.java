package io.beamwise.pipelines.sensormonitor;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** {@code sensor-monitor}'s progress lines on stderr ({@link Progress}). */
public interface SensorMonitorProgressOptions extends PipelineOptions {

  @Description("Print no progress lines on stderr while the job runs.")
  @Default.Boolean(false)
  boolean getQuiet();

  void setQuiet(boolean value);

  @Description("How often to print a progress line on stderr, e.g. 5s, 500ms, 1m.")
  @Default.String("5s")
  String getProgressInterval();

  void setProgressInterval(String value);
}
