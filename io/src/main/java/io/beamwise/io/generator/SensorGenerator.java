package io.beamwise.io.generator;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;
import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkState;

import io.beamwise.io.generator.GeneratedRecord.Fate;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * A deterministic synthetic sensor stream, bounded or unbounded: a daily cycle, Gaussian noise and
 * a slow drift per sensor, labelled injected anomalies, bounded out-of-order arrival, a fraction of
 * late records and a fraction of malformed ones. No Beam here; {@link GenerateSensorLines} is the
 * Beam transform.
 *
 * <h2>Shape</h2>
 *
 * <p>Records are numbered in <b>arrival order</b> from 0. Record {@code i} is reading number
 * {@code n = i / sensors} of sensor {@code k = i % sensors} (named {@code sensor-01}, ...), and
 * its <b>arrival slot</b> is {@code slot(i) = start + n × interval}. Every record is a pure
 * function of {@code (config, i)} ({@link #record(long)}): the stream is the same in any order, in
 * parallel and on any runner. A bounded stream has {@code sensors × days × readingsPerDay}
 * records.
 *
 * <h2>Event time, disorder and lateness</h2>
 *
 * <p>A record's fate is drawn per index: malformed with probability {@code malformedFraction},
 * else late with probability {@code lateFraction}, else on time.
 *
 * <ul>
 *   <li><b>On time</b>: event time {@code e = slot(i) - d}, {@code d} uniform in {@code [0,
 *       maxDelay]} (milliseconds). So for any two on-time records, the one arriving later has an
 *       event time at most {@code maxDelay} before the other's: arrival order differs from event
 *       order by at most {@code maxDelay}.
 *   <li><b>Watermark</b>: before record {@code i} arrives, {@link #watermarkBefore(long)} {@code =
 *       slot(i) - maxDelay}. No on-time record at or after {@code i} has an earlier event time, so
 *       this is a correct watermark for the on-time records; it is the one the unbounded {@link
 *       GenerateSensorLines} reports.
 *   <li><b>Late</b>: event time {@code e = slot(i) - maxDelay - lateness - 1 ms - u}, {@code u}
 *       uniform in {@code [0, interval)}. Hence {@code e + lateness < watermarkBefore(i)}: when it
 *       arrives, its event time is more than {@code lateness} behind the watermark. A windowing
 *       stage with windows of length {@code D} and allowed lateness {@code L} behind that
 *       watermark drops it when {@code lateness >= D + L} (its window ends at most {@code D} after
 *       {@code e}); a per-key event-time-ordered stage (such as {@code ScoreAnomalies}) sees it
 *       behind its key's frontier once the watermark has passed. A runner's watermark downstream
 *       never runs ahead of the source's, so an on-time record is never late anywhere.
 *   <li><b>Malformed</b>: one of the {@link MalformedShape}s, in equal proportions; its key and
 *       event time are those the reading would have had on time.
 * </ul>
 *
 * <h2>Values and anomalies</h2>
 *
 * <p>Sensor {@code k} has, drawn from the seed: a base in [15, 25), a daily amplitude {@code A}
 * (config's {@code dailyAmplitude} times [0.5, 1.5)), a phase, a drift in [-0.2, 0.2) per day, a
 * noise deviation {@code σ} (config's {@code noise} times [0.6, 1.4)). A reading at event time
 * {@code e} is {@code base + A sin(2π·timeOfDayUTC(e)/1 day + phase) + drift·(e - start)/1 day +
 * σ·N(0,1) + anomaly}, rounded to 3 decimals.
 *
 * <p>Anomalies ({@link AnomalyKind}) are placed by sequence number, never in a sensor's first two
 * days (detector warm-up): after them, each sensor's timeline is cut into blocks of {@code
 * config.anomalyBlock()} readings ({@code readingsPerDay / anomalyRate}), and each block holds
 * exactly one anomaly of a kind drawn from the configured kinds, starting at a uniform offset in
 * {@code [12, block - 12 - length)}. In a bounded stream only whole blocks are used. Anomaly
 * sizes use the unit {@code max(A, 4σ)}, so they stand out even when the cycle is flat.
 */
public final class SensorGenerator implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final long SALT_SENSOR = -1;
  private static final long SALT_NOISE = 1;
  private static final long SALT_FATE = 2;
  private static final long SALT_DELAY = 3;
  private static final long SALT_SHAPE = 4;
  private static final long SALT_BLOCK = 5;
  private static final long SALT_VARIANCE = 6;
  private static final int MARGIN = 12;
  private static final long DAY_MS = Duration.standardDays(1).getMillis();

  private final GeneratorConfig config;
  private final int sensors;
  private final long intervalMs;
  private final long readingsPerSensor;
  private final long warmUp;
  private final long block;
  private final SensorParams[] params;

  /** Per-sensor parameters drawn from the seed. */
  private static final class SensorParams implements Serializable {
    private static final long serialVersionUID = 1L;
    final double base;
    final double amplitude;
    final double phase;
    final double driftPerDay;
    final double sigma;
    final double anomalyUnit;

    SensorParams(GeneratorConfig c, int k) {
      SplittableRandom r = new SplittableRandom(mix(c.seed(), k, SALT_SENSOR));
      base = 15 + 10 * r.nextDouble();
      amplitude = c.dailyAmplitude() * (0.5 + r.nextDouble());
      phase = 2 * Math.PI * r.nextDouble();
      driftPerDay = -0.2 + 0.4 * r.nextDouble();
      sigma = c.noise() * (0.6 + 0.8 * r.nextDouble());
      anomalyUnit = Math.max(amplitude, 4 * sigma);
    }
  }

  private SensorGenerator(GeneratorConfig config) {
    this.config = config;
    this.sensors = config.sensors();
    this.intervalMs = config.interval().getMillis();
    this.readingsPerSensor = config.isBounded() ? config.days() * config.readingsPerDay() : Long.MAX_VALUE;
    this.warmUp = 2 * config.readingsPerDay();
    this.block = config.anomalyBlock();
    this.params = new SensorParams[sensors];
    for (int k = 0; k < sensors; k++) {
      params[k] = new SensorParams(config, k);
    }
  }

  /**
   * A generator of {@code config}'s stream.
   *
   * @throws IllegalArgumentException when the anomaly rate leaves blocks of fewer than 100
   *     readings at the configured interval
   */
  public static SensorGenerator of(GeneratorConfig config) {
    checkArgument(config != null, "config must not be null");
    config.checkConsistent();
    return new SensorGenerator(config);
  }

  /**
   * The default configuration with {@code seed}, {@code sensors} and {@code days}.
   *
   * @throws IllegalArgumentException if sensors is not in [1, 10000] or days not in [1, 3650]
   */
  public static SensorGenerator of(long seed, int sensors, int days) {
    checkArgument(days != GeneratorConfig.UNBOUNDED, "days must be in [1, 3650], got %s", days);
    return of(GeneratorConfig.defaults().withSeed(seed).withSensors(sensors).withDays(days));
  }

  public GeneratorConfig config() {
    return config;
  }

  public boolean isBounded() {
    return config.isBounded();
  }

  /**
   * Number of records of a bounded stream: {@code sensors × days × readingsPerDay}.
   *
   * @throws IllegalStateException for an unbounded stream
   */
  public long size() {
    checkState(isBounded(), "an unbounded stream has no size");
    return sensors * readingsPerSensor;
  }

  /** {@code sensor-01}, {@code sensor-02}, ... for k = 0, 1, ... (two digits at least). */
  public static String sensorName(int k) {
    return String.format(Locale.ROOT, "sensor-%02d", k + 1);
  }

  public String sensorOf(long index) {
    return sensorName((int) (index % sensors));
  }

  /** The arrival slot of record {@code index}: {@code start + (index / sensors) × interval}. */
  public Instant slotOf(long index) {
    return config.start().plus(intervalMs * (index / sensors));
  }

  /**
   * The generator's watermark just before record {@code index} arrives: {@code slotOf(index) -
   * maxDelay}. No on-time record at or after {@code index} has an earlier event time; every late
   * record {@code index} has an event time more than {@code lateness} before it.
   */
  public Instant watermarkBefore(long index) {
    return slotOf(index).minus(config.maxDelay());
  }

  /** The fate of record {@code index} (cheaper than {@link #record(long)}). */
  public Fate fateOf(long index) {
    checkIndex(index);
    double u = unit(mix(config.seed(), index, SALT_FATE));
    if (u < config.malformedFraction()) {
      return Fate.MALFORMED;
    }
    return u < config.malformedFraction() + config.lateFraction() ? Fate.LATE : Fate.ON_TIME;
  }

  /** The event time of record {@code index} (see the class comment). */
  public Instant eventTimeOf(long index) {
    Fate fate = fateOf(index);
    SplittableRandom r = new SplittableRandom(mix(config.seed(), index, SALT_DELAY));
    long maxDelay = config.maxDelay().getMillis();
    long delay =
        fate == Fate.LATE
            ? maxDelay + config.lateness().getMillis() + 1 + r.nextLong(intervalMs)
            : (maxDelay == 0 ? 0 : r.nextLong(maxDelay + 1));
    return slotOf(index).minus(delay);
  }

  /** Record {@code index}: key, JSON text, event time and what the generator knows about it. */
  public GeneratedRecord record(long index) {
    Fate fate = fateOf(index);
    int k = (int) (index % sensors);
    long n = index / sensors;
    Instant eventTime = eventTimeOf(index);
    InjectedAnomaly anomaly = anomalyAt(k, n);
    double value = value(index, k, eventTime, anomaly, n);
    String sensor = sensorName(k);
    MalformedShape shape = null;
    String json;
    if (fate == Fate.MALFORMED) {
      MalformedShape[] shapes = MalformedShape.values();
      shape = shapes[new SplittableRandom(mix(config.seed(), index, SALT_SHAPE)).nextInt(shapes.length)];
      json = malformed(shape, sensor, eventTime, value);
    } else {
      json = json(sensor, "\"" + eventTime + "\"", formatValue(value));
    }
    return new GeneratedRecord(
        index, sensor, n, slotOf(index), eventTime, fate, shape,
        anomaly == null ? null : anomaly.kind(), value, json);
  }

  /** The JSON text of record {@code index} (same as {@code record(index).json()}). */
  public String jsonLine(long index) {
    return record(index).json();
  }

  /**
   * The anomaly covering reading {@code sequence} of sensor {@code sensorIndex}, or null.
   *
   * @throws IllegalArgumentException for a sensor or sequence outside the stream
   */
  public InjectedAnomaly anomalyAt(int sensorIndex, long sequence) {
    checkArgument(sensorIndex >= 0 && sensorIndex < sensors, "sensorIndex must be in [0, %s), got %s", sensors, sensorIndex);
    checkArgument(sequence >= 0 && sequence < readingsPerSensor, "sequence must be in [0, %s), got %s", readingsPerSensor, sequence);
    if (block == 0 || sequence < warmUp) {
      return null;
    }
    InjectedAnomaly a = anomalyOfBlock(sensorIndex, (sequence - warmUp) / block);
    return a != null && a.covers(sequence) ? a : null;
  }

  /**
   * The anomalies whose first reading's sequence number is in {@code [fromSequence,
   * toSequence)}, by sensor then position; for an unbounded stream, a finite range.
   */
  public List<InjectedAnomaly> anomalies(long fromSequence, long toSequence) {
    List<InjectedAnomaly> found = new ArrayList<>();
    if (block == 0) {
      return found;
    }
    long to = Math.min(toSequence, readingsPerSensor);
    for (int k = 0; k < sensors; k++) {
      for (long b = Math.max(0, (fromSequence - warmUp) / block); warmUp + b * block < to; b++) {
        InjectedAnomaly a = anomalyOfBlock(k, b);
        if (a != null && a.firstSequence() >= fromSequence && a.firstSequence() < to) {
          found.add(a);
        }
      }
    }
    return found;
  }

  /**
   * Every injected anomaly of a bounded stream, by sensor then position.
   *
   * @throws IllegalStateException for an unbounded stream (use {@link #anomalies(long, long)})
   */
  public List<InjectedAnomaly> anomalies() {
    checkState(isBounded(), "an unbounded stream has no complete anomaly list; use anomalies(from, to)");
    return Collections.unmodifiableList(anomalies(0, readingsPerSensor));
  }

  /** Counts of a bounded stream by fate and malformed shape, for reconciliation. */
  public Census census() {
    long size = size();
    Map<MalformedShape, Long> shapes = new EnumMap<>(MalformedShape.class);
    long late = 0;
    long onTime = 0;
    for (long i = 0; i < size; i++) {
      Fate fate = fateOf(i);
      if (fate == Fate.MALFORMED) {
        MalformedShape[] all = MalformedShape.values();
        shapes.merge(all[new SplittableRandom(mix(config.seed(), i, SALT_SHAPE)).nextInt(all.length)], 1L, Long::sum);
      } else if (fate == Fate.LATE) {
        late++;
      } else {
        onTime++;
      }
    }
    return new Census(size, onTime, late, shapes, anomalies().size());
  }

  /** Counts of a bounded stream (see {@link #census()}). */
  public static final class Census implements Serializable {
    private static final long serialVersionUID = 1L;
    public final long records;
    public final long onTime;
    public final long late;
    public final long malformed;
    public final Map<MalformedShape, Long> malformedByShape;
    public final long anomalies;

    Census(long records, long onTime, long late, Map<MalformedShape, Long> byShape, long anomalies) {
      this.records = records;
      this.onTime = onTime;
      this.late = late;
      this.malformedByShape = Collections.unmodifiableMap(byShape);
      this.malformed = byShape.values().stream().mapToLong(Long::longValue).sum();
      this.anomalies = anomalies;
    }
  }

  private InjectedAnomaly anomalyOfBlock(int k, long b) {
    long blockStart = warmUp + b * block;
    if (blockStart + block > readingsPerSensor || blockStart + block < 0) {
      return null; // only whole blocks in a bounded stream
    }
    SplittableRandom r = new SplittableRandom(mix(config.seed() ^ SALT_BLOCK, k, b));
    List<AnomalyKind> kinds = config.anomalyKinds();
    AnomalyKind kind = kinds.get(r.nextInt(kinds.size()));
    long first = blockStart + MARGIN + r.nextLong(block - 2 * MARGIN - kind.length());
    Instant slotFirst = config.start().plus(intervalMs * first);
    return new InjectedAnomaly(
        sensorName(k), k, first, kind,
        slotFirst.minus(config.maxDelay()),
        slotFirst.plus(intervalMs * (kind.length() - 1)));
  }

  private double value(long index, int k, Instant eventTime, InjectedAnomaly anomaly, long n) {
    SensorParams p = params[k];
    long sinceStart = eventTime.getMillis() - config.start().getMillis();
    double dayFraction = (double) Math.floorMod(eventTime.getMillis(), DAY_MS) / DAY_MS;
    double expected =
        p.base
            + p.amplitude * Math.sin(2 * Math.PI * dayFraction + p.phase)
            + p.driftPerDay * sinceStart / DAY_MS;
    double noise = p.sigma * gaussian(new SplittableRandom(mix(config.seed(), index, SALT_NOISE)));
    double value = expected + noise + (anomaly == null ? 0 : anomalyOffset(anomaly, index, n, p));
    return Math.round(value * 1000) / 1000.0;
  }

  private double anomalyOffset(InjectedAnomaly a, long index, long n, SensorParams p) {
    SplittableRandom r = new SplittableRandom(mix(config.seed(), a.sensorIndex(), a.firstSequence()));
    double sign = r.nextBoolean() ? 1 : -1;
    double unit = p.anomalyUnit;
    long j = n - a.firstSequence();
    switch (a.kind()) {
      case SPIKE:
        return sign * (7 + 2 * r.nextDouble()) * unit;
      case LEVEL_SHIFT:
        return sign * 7 * unit;
      case DRIFT:
        return sign * 6 * unit * (j + 1) / a.length();
      case VARIANCE_CHANGE:
        return 3 * unit * gaussian(new SplittableRandom(mix(config.seed(), index, SALT_VARIANCE)));
      default:
        throw new IllegalStateException("unknown anomaly kind " + a.kind());
    }
  }

  private static String json(String sensor, String ts, String value) {
    return "{\"sensor\":\"" + sensor + "\",\"ts\":" + ts + ",\"value\":" + value + "}";
  }

  private static String formatValue(double value) {
    return Double.toString(value);
  }

  private static String malformed(MalformedShape shape, String sensor, Instant eventTime, double value) {
    String ts = "\"" + eventTime + "\"";
    switch (shape) {
      case TRUNCATED_JSON:
        String full = json(sensor, ts, formatValue(value));
        return full.substring(0, full.indexOf("\"value\"") + 4);
      case MISSING_FIELD:
        return "{\"sensor\":\"" + sensor + "\",\"ts\":" + ts + "}";
      case NON_NUMERIC_VALUE:
        return json(sensor, ts, "\"n/a\"");
      case BAD_TIMESTAMP:
        return json(sensor, "\"2024-13-45T25:61:00Z\"", formatValue(value));
      default:
        throw new IllegalStateException("unknown shape " + shape);
    }
  }

  private void checkIndex(long index) {
    checkArgument(
        index >= 0 && (!isBounded() || index < size()),
        "index must be in [0, %s), got %s", isBounded() ? size() : Long.MAX_VALUE, index);
  }

  static long mix(long seed, long a, long b) {
    long h = seed * 0x9E3779B97F4A7C15L + a * 0xC2B2AE3D27D4EB4FL + b * 0x165667B19E3779F9L;
    h ^= (h >>> 33);
    h *= 0xFF51AFD7ED558CCDL;
    h ^= (h >>> 33);
    return h;
  }

  private static double unit(long hash) {
    return new SplittableRandom(hash).nextDouble();
  }

  /** Box–Muller transform: a standard normal deviate. */
  private static double gaussian(SplittableRandom r) {
    double u1 = 1.0 - r.nextDouble(); // (0, 1]
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
