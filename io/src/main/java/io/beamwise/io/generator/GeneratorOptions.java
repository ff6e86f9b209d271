package io.beamwise.io.generator;

import io.beamwise.windows.Durations;
import java.util.EnumSet;
import java.util.Set;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Command-line options of the synthetic sensor stream ({@link SensorGenerator}); {@link
 * #toConfig(GeneratorOptions)} validates them into a {@link GeneratorConfig}. Pipelines that read
 * the generator extend this interface.
 */
public interface GeneratorOptions extends PipelineOptions {

  @Description("Generator: seed; the same seed and options give the same stream, byte for byte.")
  @Default.Long(42L)
  long getSeed();

  void setSeed(long value);

  @Description("Generator: number of sensors (sensor-01, sensor-02, ...), 1 to 10000.")
  @Default.Integer(3)
  int getSensors();

  void setSensors(int value);

  @Description("Generator: days of readings per sensor, 1 to 3650; 0 = unbounded (where the pipeline supports it).")
  @Default.Integer(8)
  int getDays();

  void setDays(int value);

  @Description("Generator: event time between two readings of a sensor, e.g. 5m, 1m, 30s (divides a day).")
  @Default.String("5m")
  String getInterval();

  void setInterval(String value);

  @Description(
      "Generator: event time of the first reading, an ISO-8601 instant (2024-01-01T00:00:00Z, the"
          + " default) or 'now' (the wall-clock time the stream is made, rounded down to the"
          + " interval): with --rate = sensors / interval seconds the event times then keep pace"
          + " with the wall clock, as a live feed's do.")
  @Default.String("2024-01-01T00:00:00Z")
  String getStart();

  void setStart(String value);

  @Description(
      "Generator: records per second of processing time, for unbounded readers of the stream"
          + " (GenerateSensorLines.unbounded, producers); 0 = as fast as possible. sensor-monitor"
          + " and generate read the bounded stream and ignore it.")
  @Default.Double(0)
  double getRate();

  void setRate(double value);

  @Description("Generator: mean daily amplitude of the sensors' cycle (value units).")
  @Default.Double(4)
  double getDailyAmplitude();

  void setDailyAmplitude(double value);

  @Description("Generator: mean standard deviation of the sensors' Gaussian noise (value units).")
  @Default.Double(0.35)
  double getNoise();

  void setNoise(double value);

  @Description(
      "Generator: anomaly kinds to inject, comma-separated: spike, level_shift, drift,"
          + " variance_change; or none.")
  @Default.String("spike,level_shift,drift,variance_change")
  String getAnomalies();

  void setAnomalies(String value);

  @Description("Generator: anomalies per sensor per day after the first two days, 0 to 2.")
  @Default.Double(0.5)
  double getAnomalyRate();

  void setAnomalyRate(double value);

  @Description(
      "Generator: bound of the out-of-order delay, e.g. 0, 2m, 1h: an on-time record's event time"
          + " is up to this before its arrival slot.")
  @Default.String("0")
  String getMaxDelay();

  void setMaxDelay(String value);

  @Description(
      "Generator: fraction of records made late, 0 to 0.5: their event time is more than"
          + " --lateness behind the generator's watermark when they arrive.")
  @Default.Double(0)
  double getLateFraction();

  void setLateFraction(double value);

  @Description(
      "Generator: how far behind the watermark late records are, e.g. 1h; a window stage with"
          + " windows of length D and allowed lateness L drops them when this is at least D + L.")
  @Default.String("1h")
  String getLateness();

  void setLateness(String value);

  @Description(
      "Generator: fraction of malformed records, 0 to 0.5 (truncated JSON, missing field,"
          + " non-numeric value, bad timestamp in equal shares).")
  @Default.Double(0)
  double getMalformedFraction();

  void setMalformedFraction(double value);

  /**
   * The configuration these options describe.
   *
   * @throws IllegalArgumentException naming the option ({@code --sensors=0: ...})
   */
  static GeneratorConfig toConfig(GeneratorOptions o) {
    GeneratorConfig c = GeneratorConfig.defaults().withSeed(o.getSeed());
    c = option("--sensors", o.getSensors(), c, (x) -> x.withSensors(o.getSensors()));
    c = option("--days", o.getDays(), c, (x) -> x.withDays(o.getDays()));
    c = option("--interval", o.getInterval(), c, (x) -> x.withInterval(Durations.parse("--interval", o.getInterval())));
    GeneratorConfig withInterval = c;
    c = option("--start", o.getStart(), c, (x) -> x.withStart(start(o.getStart(), withInterval.interval())));
    c = option("--dailyAmplitude", o.getDailyAmplitude(), c, (x) -> x.withDailyAmplitude(o.getDailyAmplitude()));
    c = option("--noise", o.getNoise(), c, (x) -> x.withNoise(o.getNoise()));
    String kinds = o.getAnomalies() == null ? "" : o.getAnomalies().trim();
    if (kinds.equalsIgnoreCase("none")) {
      c = c.withAnomalyRate(0);
    } else {
      c = option("--anomalies", kinds, c, (x) -> x.withAnomalyKinds(parseKinds(kinds)));
      c = option("--anomalyRate", o.getAnomalyRate(), c, (x) -> x.withAnomalyRate(o.getAnomalyRate()));
    }
    c = option("--maxDelay", o.getMaxDelay(), c, (x) -> x.withMaxDelay(Durations.parseOrZero("--maxDelay", o.getMaxDelay())));
    c = option("--lateFraction", o.getLateFraction(), c, (x) -> x.withLateFraction(o.getLateFraction()));
    c = option("--lateness", o.getLateness(), c, (x) -> x.withLateness(Durations.parseOrZero("--lateness", o.getLateness())));
    c = option("--malformedFraction", o.getMalformedFraction(), c, (x) -> x.withMalformedFraction(o.getMalformedFraction()));
    GeneratorConfig config = c;
    option("--anomalyRate", o.getAnomalyRate(), c, (x) -> SensorGenerator.of(config).config());
    return config;
  }

  /** {@code now} rounded down to a multiple of {@code interval}, or an ISO-8601 instant. */
  static Instant start(String text, Duration interval) {
    String t = text == null ? "" : text.trim();
    if (t.equalsIgnoreCase("now")) {
      long now = System.currentTimeMillis();
      return new Instant(now - Math.floorMod(now, interval.getMillis()));
    }
    try {
      return Instant.parse(t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "expected an ISO-8601 instant such as 2024-01-01T00:00:00Z, or now", e);
    }
  }

  /** Applies one setting; a rejection is re-thrown naming the option and its value. */
  private static GeneratorConfig option(
      String name, Object value, GeneratorConfig c, java.util.function.UnaryOperator<GeneratorConfig> set) {
    try {
      return set.apply(c);
    } catch (IllegalArgumentException e) {
      String message = e.getMessage() == null ? "" : e.getMessage();
      throw new IllegalArgumentException(
          message.startsWith(name) ? message : name + "=" + value + ": " + message, e);
    }
  }

  private static Set<AnomalyKind> parseKinds(String text) {
    Set<AnomalyKind> kinds = EnumSet.noneOf(AnomalyKind.class);
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        kinds.add(AnomalyKind.parse(part));
      }
    }
    return kinds;
  }
}
