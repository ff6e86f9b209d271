package io.beamwise.pipelines.sensormonitor;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Command-line options of {@code sensor-monitor}. */
public interface SensorMonitorOptions extends PipelineOptions {

  @Description(
      "Input file or glob: NAB-style CSV (timestamp,value; sensor id = file name without .csv) or"
          + " JSON Lines ({\"sensor\",\"ts\",\"value\"}; any other extension). When absent, a"
          + " built-in generator of synthetic readings with injected anomalies is used.")
  String getInput();

  void setInput(String value);

  @Description("Output directory (created if missing).")
  @Default.String("out/sensor-monitor")
  String getOutput();

  void setOutput(String value);

  // Not "zone": GcpOptions (on the classpath with the Spark and Dataflow runners) declares
  // --zone as the Compute Engine zone; a second getter with another default is refused, and on
  // Dataflow the value would also choose where workers run.
  @Description("Time zone for timestamps written without an offset, e.g. UTC or America/New_York.")
  @Default.String("UTC")
  String getTimeZone();

  void setTimeZone(String value);

  @Description(
      "Event-time windows for the statistics: a duration (1h = tumbling:1h) or a window spec such"
          + " as tumbling:10m, sliding:1h/10m, session:30m, tumbling:1h,lateness=10m,early=30s"
          + " (grammar in README).")
  @Default.String("1h")
  String getWindow();

  void setWindow(String value);

  @Description(
      "Anomaly threshold: a reading is flagged when its score (0..1) is above it. A number in"
          + " [0, 1), or adaptive[:QUANTILE[:WINDOW[:FLOOR]]] (default adaptive:0.995:2016:0.5):"
          + " the QUANTILE of the sensor's last WINDOW scores, never below FLOOR.")
  @Default.String("0.7")
  String getThreshold();

  void setThreshold(String value);

  @Description("Do not learn from readings flagged as anomalous (a long anomaly stays anomalous).")
  @Default.Boolean(false)
  boolean getNoLearnOnAnomaly();

  void setNoLearnOnAnomaly(boolean value);

  @Description(
      "Detector: zscore[:WINDOW], ewma[:HALF_LIFE], robust[:WINDOW], iqr[:WINDOW], or an ensemble"
          + " max(...)/mean(...)/vote(...) of them, e.g. max(zscore:288,robust:288). Windows and"
          + " half-lives are in readings.")
  @Default.String("zscore:288")
  String getDetector();

  void setDetector(String value);

  @Description("Generator only: seed; the same seed gives the same readings and anomalies.")
  @Default.Long(42L)
  long getSeed();

  void setSeed(long value);

  @Description("Generator only: number of sensors.")
  @Default.Integer(3)
  int getSensors();

  void setSensors(int value);

  @Description("Generator only: days of 5-minute readings per sensor.")
  @Default.Integer(8)
  int getDays();

  void setDays(int value);
}
