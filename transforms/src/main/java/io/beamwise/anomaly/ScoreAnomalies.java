package io.beamwise.anomaly;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.parse.SensorReading;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * Scores every {@link SensorReading} with a per-sensor online {@link Detector}, in event-time
 * order, so that the same input gives the same scores on every runner, whatever the arrival order
 * or bundling.
 *
 * <pre>{@code
 * ScoringResult scored =
 *     readings.apply(ScoreAnomalies.with(RollingZScore.spec(288)).withThreshold(0.7));
 * scored.scores();  // PCollection<AnomalyResult>, one per reading that was not late
 * scored.late();    // PCollection<SensorReading>, readings behind their sensor's frontier
 * }</pre>
 *
 * <p>How order is made deterministic: readings are buffered per sensor in Beam state and released
 * by an event-time timer once the watermark has passed them, sorted by {@link
 * SensorReading#EVENT_ORDER} (timestamp, then source, then line). Each released reading is first
 * scored, then learned (prequential). A reading whose timestamp is at or before the last released
 * timestamp of its sensor cannot be scored in order: it is counted and, per {@link LatePolicy},
 * goes to {@link ScoringResult#late()} or is scored without learning. A sensor idle for the state
 * TTL of event time loses its state ({@link #withStateTtl}), so state does not grow without bound
 * with the number of sensors ever seen. For bounded input the watermark only moves at the end, so the release timer is set
 * at the end of the window and each sensor is sorted once; for unbounded input it is set at the
 * earliest buffered reading, so scores follow the watermark.
 *
 * <p>Metrics (namespace {@value #METRICS_NAMESPACE}): {@code scored}, {@code warming_up}, {@code
 * alerts}, {@code late}, {@code keys_expired}.
 */
public final class ScoreAnomalies extends PTransform<PCollection<SensorReading>, ScoringResult> {

  public static final String METRICS_NAMESPACE = "beamwise.anomaly";

  /** Default {@link #withStateTtl}: 7 days of event time. */
  public static final Duration DEFAULT_STATE_TTL = Duration.standardDays(7);

  private final DetectorSpec detector;
  private final Threshold threshold;
  private final LatePolicy latePolicy;
  private final Duration stateTtl;
  private final boolean learnFromAnomalies;

  private ScoreAnomalies(
      DetectorSpec detector,
      Threshold threshold,
      LatePolicy latePolicy,
      Duration stateTtl,
      boolean learnFromAnomalies) {
    this.detector = detector;
    this.threshold = threshold;
    this.latePolicy = latePolicy;
    this.stateTtl = stateTtl;
    this.learnFromAnomalies = learnFromAnomalies;
  }

  /**
   * Scores with {@code detector}; the default threshold is 0.7, late readings are dead-lettered,
   * idle keys expire after {@link #DEFAULT_STATE_TTL}.
   */
  public static ScoreAnomalies with(DetectorSpec detector) {
    checkArgument(detector != null, "detector must not be null");
    return new ScoreAnomalies(
        detector, Threshold.fixed(0.7), LatePolicy.DEAD_LETTER, DEFAULT_STATE_TTL, true);
  }

  /** What to do with readings behind their key's scored frontier. */
  public ScoreAnomalies withLatePolicy(LatePolicy latePolicy) {
    checkArgument(latePolicy != null, "latePolicy must not be null");
    return new ScoreAnomalies(detector, threshold, latePolicy, stateTtl, learnFromAnomalies);
  }

  /**
   * Flagged readings are not learned from, so a long anomaly does not become the new normal. The
   * default learns from every reading.
   */
  public ScoreAnomalies withoutLearningFromAnomalies() {
    return new ScoreAnomalies(detector, threshold, latePolicy, stateTtl, false);
  }

  /** A fixed or adaptive {@link Threshold}, kept per key. */
  public ScoreAnomalies withThreshold(Threshold threshold) {
    checkArgument(threshold != null, "threshold must not be null");
    return new ScoreAnomalies(detector, threshold, latePolicy, stateTtl, learnFromAnomalies);
  }

  /**
   * A key whose last reading is {@code ttl} of event time behind the watermark loses its state
   * (detector, frontier) and starts warming up again with its next reading. Zero keeps state
   * forever.
   *
   * @throws IllegalArgumentException if ttl is negative
   */
  public ScoreAnomalies withStateTtl(Duration ttl) {
    checkArgument(ttl != null && ttl.getMillis() >= 0, "stateTtl must be >= 0, got %s", ttl);
    return new ScoreAnomalies(detector, threshold, latePolicy, ttl, learnFromAnomalies);
  }

  /**
   * Flags readings whose score is strictly above {@code threshold}.
   *
   * @throws IllegalArgumentException unless {@code 0 <= threshold < 1}
   */
  public ScoreAnomalies withThreshold(double threshold) {
    return withThreshold(Threshold.fixed(threshold));
  }

  public DetectorSpec getDetector() {
    return detector;
  }

  public Threshold getThreshold() {
    return threshold;
  }

  @Override
  public ScoringResult expand(PCollection<SensorReading> readings) {
    TupleTag<AnomalyResult> scoresTag = new TupleTag<AnomalyResult>() {};
    TupleTag<SensorReading> lateTag = new TupleTag<SensorReading>() {};
    PCollection<KV<String, SensorReading>> keyed =
        readings
            .apply(
                "Key by sensor",
                WithKeys.of(SensorReading::getSensor).withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), SensorReadingCoder.of()));
    boolean bounded = readings.isBounded() == PCollection.IsBounded.BOUNDED;
    PCollectionTuple tuple =
        keyed.apply(
            "Score in event-time order",
            ParDo.of(
                    new EventTimeOrderedScoringFn(
                        detector,
                        threshold,
                        learnFromAnomalies,
                        latePolicy,
                        stateTtl,
                        SensorReadingCoder.of(),
                        bounded,
                        scoresTag,
                        lateTag))
                .withOutputTags(scoresTag, TupleTagList.of(lateTag)));
    tuple.get(lateTag).setCoder(readings.getCoder());
    return new ScoringResult(tuple, scoresTag, lateTag);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("detector", detector.describe()).withLabel("Detector"))
        .add(DisplayData.item("threshold", threshold.describe()).withLabel("Threshold"))
        .add(DisplayData.item("learnFromAnomalies", learnFromAnomalies))
        .add(DisplayData.item("latePolicy", latePolicy.name()))
        .add(DisplayData.item("stateTtl", stateTtl));
  }
}
