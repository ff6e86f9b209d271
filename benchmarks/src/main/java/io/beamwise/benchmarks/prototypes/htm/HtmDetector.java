package io.beamwise.benchmarks.prototypes.htm;

import io.beamwise.anomaly.detectors.ValueRange;
import io.beamwise.benchmarks.prototypes.PrototypeDetector;
import java.util.Arrays;

/**
 * A prototype HTM detector: the value (random distributed scalar encoder, 400 bits, 21 active)
 * and the UTC time of day (21 bits, radius 9.49 hours) feed a spatial pooler (2,048 columns, 40
 * active) and a sequence memory (32 cells per column); the raw score of a point is the fraction of
 * its active columns that were not predicted (S. Ahmad, A. Lavin, S. Purdy and Z. Agha,
 * "Unsupervised real-time anomaly detection for streaming data", Neurocomputing 262, 2017; the
 * parameter values are those of Numenta's public anomaly-model configurations). Wrap it in {@code likelihood(…, spatial)} for
 * HTM's anomaly score. Our own code from the papers cited in {@link ScalarSdrEncoder}, {@link
 * TimeOfDayEncoder}, {@link SpatialPooler} and {@link TemporalMemory}; no NuPIC code.
 *
 * <p>The encoder's resolution is the width of the value range × 1.4 / {@code buckets} (NAB pads the
 * range by 20% on each side and divides it into 130 buckets), at least 0.001. Given a range, it is
 * used from the first point; otherwise the range of the first {@code warmUp} values (not ready
 * until then; they are learned in order once the range is known; a zero width counts as 1). No
 * range bounds the values afterwards: the encoder's buckets go on beyond it, so no level boundary
 * ever moves.
 */
public final class HtmDetector extends PrototypeDetector {
  private final int warmUp;
  private final double buckets;
  private final boolean timeOfDay;
  private final long seed;
  private final TimeOfDayEncoder clock = new TimeOfDayEncoder(21, 9.49);
  private ScalarSdrEncoder values;
  private SpatialPooler pooler;
  private final TemporalMemory memory;
  private final long[] warmTimes;
  private final double[] warmValues;
  private int warmed;
  private final int[] input;

  // the last score()'s point and active columns, reused by learn() of the same point: not state
  private boolean cached;
  private long cachedTime;
  private long cachedBits;
  private int[] cachedColumns;

  public HtmDetector(int warmUp, double buckets, boolean timeOfDay, ValueRange given, long seed) {
    this.warmUp = given == null ? warmUp : 0;
    this.buckets = buckets;
    this.timeOfDay = timeOfDay;
    this.seed = seed;
    this.warmTimes = new long[this.warmUp];
    this.warmValues = new double[this.warmUp];
    this.memory = new TemporalMemory(2048, 32, 13, 10, 20, 128, 32, 0.21, 0.5, 0.1, 0.1, seed + 2);
    this.input = new int[42];
    if (given != null) {
      start(given.min(), given.max(), Double.NaN);
    }
  }

  private void start(double min, double max, double first) {
    double width = max - min;
    double resolution = Math.max(0.001, (width == 0 ? 1.0 : width) * 1.4 / buckets);
    double offset = Double.isNaN(first) ? (min + max) / 2 : first;
    values = new ScalarSdrEncoder(400, 21, resolution, offset, 10_000, seed);
    pooler =
        new SpatialPooler(
            400 + (timeOfDay ? clock.width() : 0), 2048, 40, 0.8, 0.2, 0.003, 0.0005, seed + 1);
  }

  @Override
  public boolean isReady() {
    return values != null;
  }

  @Override
  public double score(double x) {
    return score(0L, x);
  }

  @Override
  public double score(long eventTimeMillis, double x) {
    if (values == null || !Double.isFinite(x)) {
      return 0.0;
    }
    cachedColumns = columns(eventTimeMillis, x, false);
    cached = true;
    cachedTime = eventTimeMillis;
    cachedBits = Double.doubleToRawLongBits(x);
    return memory.anomaly(cachedColumns);
  }

  @Override
  public void learn(double x) {
    learn(0L, x);
  }

  @Override
  public void learn(long eventTimeMillis, double x) {
    if (!Double.isFinite(x)) {
      return;
    }
    if (values == null) {
      warmTimes[warmed] = eventTimeMillis;
      warmValues[warmed++] = x;
      if (warmed == warmUp) {
        double min = Arrays.stream(warmValues).min().getAsDouble();
        double max = Arrays.stream(warmValues).max().getAsDouble();
        start(min, max, warmValues[0]);
        for (int i = 0; i < warmUp; i++) {
          memory.compute(columns(warmTimes[i], warmValues[i], true), true);
        }
      }
      return;
    }
    int[] cols;
    if (cached && cachedTime == eventTimeMillis && cachedBits == Double.doubleToRawLongBits(x)) {
      pooler.learn(cachedColumns);
      cols = cachedColumns;
    } else {
      cols = columns(eventTimeMillis, x, true);
    }
    cached = false;
    memory.compute(cols, true);
  }

  private int[] columns(long eventTimeMillis, double x, boolean learn) {
    int n = values.encode(x, input, 0, 0);
    if (timeOfDay) {
      n = clock.encode(eventTimeMillis, input, n, 400);
    }
    return pooler.compute(input, n, learn);
  }

  /** Segments and synapses of the sequence memory. */
  public long[] size() {
    return memory.size();
  }
}
