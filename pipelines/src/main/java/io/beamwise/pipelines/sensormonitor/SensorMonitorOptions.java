package io.beamwise.pipelines.sensormonitor;

import io.beamwise.anomaly.detectors.Detectors;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import io.beamwise.io.generator.GeneratorOptions;

/**
 * Command-line options of {@code sensor-monitor}; the generator's ({@link GeneratorOptions}: {@code
 * --seed --sensors --days --maxDelay --lateFraction --malformedFraction ...}) apply when there is
 * no {@code --input}.
 */
public interface SensorMonitorOptions
    extends GeneratorOptions,
        SensorMonitorIoOptions,
        SensorMonitorKafkaOptions,
        SensorMonitorProgressOptions,
        SensorMonitorReportOptions {

  @Description(
      "Input file or glob: NAB-style CSV (timestamp,value; sensor id = file name without .csv),"
          + " Parquet (*.parquet: sensor, timestamp, value columns), a dataset name such as"
          + " nab:realKnownCause/nyc_taxi (see --dataDir), JSON Lines"
          + " ({\"sensor\",\"ts\",\"value\"}; any other extension), or a Kafka topic of"
          + " JSON Lines values, kafka://HOST:PORT/TOPIC[,TOPIC]. When absent, a"
          + " built-in generator of synthetic readings with injected anomalies is used.")
  String getInput();

  void setInput(String value);

  @Description("Output directory (created if missing).")
  @Default.String("out/sensor-monitor")
  String getOutput();

  void setOutput(String value);

  @Description(
      "JSON Lines input: the field that holds the sensor id (a non-blank string), e.g. device.")
  @Default.String("sensor")
  String getKeyField();

  void setKeyField(String value);

  @Description("JSON Lines input: the field that holds the value (a number or numeric string), e.g. temp.")
  @Default.String("value")
  String getValueField();

  void setValueField(String value);

  @Description("JSON Lines input: the field that holds the event time, e.g. time.")
  @Default.String("ts")
  String getTimeField();

  void setTimeField(String value);

  @Description(
      "JSON Lines input: how --timeField is written: iso-or-epoch-millis (an ISO-8601 string or a"
          + " number of epoch milliseconds), iso, epoch-seconds, epoch-millis, epoch-micros,"
          + " epoch-nanos, or a java.time pattern such as 'uuuu-MM-dd HH:mm:ss' (zone-less times are"
          + " read in --timeZone).")
  @Default.String("iso-or-epoch-millis")
  String getTimeFormat();

  void setTimeFormat(String value);

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
          + " the QUANTILE of the sensor's last WINDOW scores, never below FLOOR. The default, 0.75, is"
          + " the default detector's own boundary.")
  @Default.String("0.75")
  String getThreshold();

  void setThreshold(String value);

  @Description(
      "Alerts of one sensor less than this apart (event time) form one episode in episodes.jsonl"
          + " (start, end, alert count, peak): a duration such as 30m, 1h, 1d, or none.")
  @Default.String("1h")
  String getEpisodeGap();

  void setEpisodeGap(String value);

  @Description("Do not learn from readings flagged as anomalous (a long anomaly stays anomalous).")
  @Default.Boolean(false)
  boolean getNoLearnOnAnomaly();

  void setNoLearnOnAnomaly(boolean value);

  @Description(
      "Add the detector's details (e.g. mean, std and z of a z-score) to every score in scores.jsonl"
          + " and alerts.jsonl, to explain alerts.")
  @Default.Boolean(false)
  boolean getDetails();

  void setDetails(boolean value);

  @Description(
      "Detector: zscore[:WINDOW], ewma[:HALF_LIFE], robust[:WINDOW], iqr[:WINDOW], hst[:WINDOW], rcf[:SHINGLE], re[:WINDOW] (relative entropy),"
          + " cad[:REST[:WARMUP[:RANGE]]] (Contextual Anomaly Detector, CAD OSE; RANGE for a learned range:"
          + " widen, relearn[:KEEP[:GROWTH]] or grid), spatial[:TOL[:WARMUP]] (NAB's"
          + " spatial-anomaly rule: 1 for a value beyond the min or max so far by more than TOL, default"
          + " 0.05, of their range), an ensemble"
          + " max(...)/mean(...)/vote(...) of them, e.g. max(zscore:288,robust:288), or"
          + " likelihood(D[,spatial][,probation=N]), the anomaly likelihood of D's scores, or"
          + " align(D,FROM[,TO]), D's score with its boundary FROM mapped to TO (default 0.75), or"
          + " spot(D,BOUNDARY[,q=Q][,calibration=N][,level=L]), D's threshold raised on each stream to"
          + " the score D exceeds with probability Q (default 3e-4; SPOT), never below BOUNDARY. Windows"
          + " and half-lives are in readings. The default, max(align(re,0.5),spot(cad,0.75),spatial),"
          + " alerts when the relative entropy test, CAD (past the threshold SPOT fits to its scores) or"
          + " NAB's spatial rule does (0.75 after alignment).")
  @Default.String(Detectors.DEFAULT)
  String getDetector();

  void setDetector(String value);

  @Description(
      "Expected value range of each sensor, for detectors that use one (cad; the others ignore it):"
          + " learned (the min and max of the detector's first readings, then widened to every new"
          + " extreme), MIN:MAX (fixed, for every sensor), input (each sensor's min and max over the"
          + " whole input, computed before scoring: NAB's protocol, a look-ahead; bounded input only),"
          + " or file:PATH (a CSV of sensor,min,max lines; sensors not in it learn theirs).")
  @Default.String("learned")
  String getValueRange();

  void setValueRange(String value);
}
