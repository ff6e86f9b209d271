package io.beamwise.anomaly;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.anomaly.detectors.Detector;
import io.beamwise.anomaly.detectors.DetectorSpec;
import io.beamwise.anomaly.detectors.MultivariateDetector;
import io.beamwise.anomaly.detectors.MultivariateDetectorSpec;
import io.beamwise.anomaly.detectors.ValueRange;
import io.beamwise.parse.SensorReading;
import io.beamwise.stats.Stats;
import io.beamwise.stats.StatsFn;
import io.beamwise.windows.ComputeWindowStats;
import io.beamwise.windows.WindowSpec;
import io.beamwise.windows.WindowStats;
import io.beamwise.windows.WindowStatsCoder;
import io.beamwise.windows.WindowStatsWindowFn;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * Scores every {@link SensorReading} with a per-sensor online {@link Detector} ({@link #with}), or
 * every {@link MultivariateReading} with a per-key {@link MultivariateDetector} ({@link
 * #multivariate}), in event-time order, so that the same input gives the same scores on every
 * runner, whatever the arrival order or bundling.
 *
 * <pre>{@code
 * ScoringResult<SensorReading> scored =
 *     readings.apply(ScoreAnomalies.with(RollingZScore.spec(288)).withThreshold(0.7));
 * scored.scores();  // PCollection<AnomalyResult>, one per reading that was not late
 * scored.late();    // PCollection<SensorReading>, readings behind their sensor's frontier
 *
 * ScoringResult<MultivariateReading> machines =
 *     points.apply(ScoreAnomalies.multivariate(MahalanobisDetector.spec(3, 0.01)));
 * machines.rejected();  // points whose number of values is not 3
 * }</pre>
 *
 * <p>How order is made deterministic: each key's points are scored in {@link
 * SensorReading#EVENT_ORDER} (timestamp, then source, then line); each is first scored, then
 * learned (prequential). Two paths, with the same order and hence bit-identical scores:
 *
 * <ul>
 *   <li><b>Bounded input in batch mode</b> (not {@code --streaming}): the runner sorts each key's
 *       points by event time ({@code @RequiresTimeSortedInput}) and they are scored as they come;
 *       only points sharing the latest timestamp wait, to be ordered by source and line. The state
 *       per key is its detector, its threshold and those ties, and does not grow with the input:
 *       e.g. 2,328 bytes for {@code zscore:288} with a fixed threshold. Flink's and Spark's batch
 *       modes and Dataflow's sort in their shuffle, spilling to disk; the DirectRunner and Flink's
 *       DataStream translation buffer the input in state until the end (memory grows with the
 *       input there). Nothing is late; {@link ScoringResult#late()} is empty and the state TTL
 *       does not apply (as before: a bounded key was always scored in one pass). With the
 *       FlinkRunner's {@code --useDataStreamForBatch=true} bounded input takes the buffering path
 *       below instead ({@link DataStreamForBatchOption}).
 *   <li><b>Unbounded input, or {@code --streaming}</b>: points are buffered per key in Beam state
 *       and released by an event-time timer once the watermark has passed them, sorted. A point
 *       whose timestamp is at or before the last released timestamp of its key cannot be scored in
 *       order: it is counted and, per {@link LatePolicy}, goes to {@link ScoringResult#late()} or
 *       is scored without learning. A key idle for the state TTL of event time loses its state
 *       ({@link #withStateTtl}), so state does not grow without bound with the number of keys ever
 *       seen. For bounded input in streaming mode the release timer is set at the end of the
 *       window, so each key is sorted once (its whole input held in state until then); for
 *       unbounded input it is set at the earliest buffered point, so scores follow the watermark.
 * </ul>
 *
 * <p>Detectors that use a value range ({@link DetectorSpec#create(ValueRange)}) get each sensor's
 * from {@link #withExpectedRange} (default {@link ExpectedRange#learned()}: they learn it). With
 * {@link ExpectedRange#ofInput()} each sensor's min and max over the whole bounded input are
 * computed first ({@code Combine.perKey}, order-free, so the same on every runner) and handed to
 * the scoring as a side input.
 *
 * <p>Metrics (namespace {@value #METRICS_NAMESPACE}): {@code scored}, {@code warming_up}, {@code
 * alerts}, {@code late}, {@code rejected}, {@code keys_expired}.
 *
 * @param <P> the point type: {@link SensorReading} or {@link MultivariateReading}
 */
public final class ScoreAnomalies<P> extends PTransform<PCollection<P>, ScoringResult<P>> {

  public static final String METRICS_NAMESPACE = "beamwise.anomaly";

  /**
   * The FlinkRunner's {@code --useDataStreamForBatch} option (same name, type and default as in
   * its {@code VersionDependentFlinkPipelineOptions}), read here without a dependency on the
   * runner. When it is true, bounded input is scored by the buffering path, as with {@code
   * --streaming}: the FlinkRunner's DataStream translation of a {@code @RequiresTimeSortedInput}
   * DoFn (Beam 2.62.0) fires the time-sorted buffer's timers only when Flink's batch execution
   * switches keys, and the flush timer our DoFn sets from them is never fired, so the job fails
   * at the end of input ("There are still watermark holds left when terminating operator ...").
   * The buffering path holds each sensor's bounded input in keyed state until the end: memory
   * grows with the input, as with {@code --streaming}.
   */
  public interface DataStreamForBatchOption extends PipelineOptions {
    @Description(
        "When set to true, the FlinkRunner runs batch jobs on Flink's DataStream API (its own"
            + " option); ScoreAnomalies then scores bounded input by buffering, as in streaming.")
    @Default.Boolean(false)
    Boolean getUseDataStreamForBatch();

    void setUseDataStreamForBatch(Boolean value);
  }

  /** Default {@link #withStateTtl}: 7 days of event time. */
  public static final Duration DEFAULT_STATE_TTL = Duration.standardDays(7);

  private final PointScoring<P, ?> scoring;
  private final Threshold threshold;
  private final LatePolicy latePolicy;
  private final Duration stateTtl;
  private final boolean learnFromAnomalies;
  private final boolean details;
  private final ExpectedRange expectedRange;
  private final @Nullable WindowSpec windowStats;

  private ScoreAnomalies(
      PointScoring<P, ?> scoring,
      Threshold threshold,
      LatePolicy latePolicy,
      Duration stateTtl,
      boolean learnFromAnomalies,
      boolean details,
      ExpectedRange expectedRange,
      @Nullable WindowSpec windowStats) {
    this.scoring = scoring;
    this.threshold = threshold;
    this.latePolicy = latePolicy;
    this.stateTtl = stateTtl;
    this.learnFromAnomalies = learnFromAnomalies;
    this.details = details;
    this.expectedRange = expectedRange;
    this.windowStats = windowStats;
  }

  /**
   * Scores with {@code detector}; the default threshold is 0.7, late readings are dead-lettered,
   * idle keys expire after {@link #DEFAULT_STATE_TTL}.
   */
  public static ScoreAnomalies<SensorReading> with(DetectorSpec detector) {
    checkArgument(detector != null, "detector must not be null");
    return new ScoreAnomalies<>(
        PointScoring.univariate(detector),
        Threshold.fixed(0.7),
        LatePolicy.DEAD_LETTER,
        DEFAULT_STATE_TTL,
        true,
        false,
        ExpectedRange.learned(),
        null);
  }

  /**
   * Scores multivariate points, keyed by {@link MultivariateReading#getKey()}, with {@code
   * detector}; the same defaults as {@link #with}. Points whose number of values is not {@code
   * detector.dimension()} go to {@link ScoringResult#rejected()}.
   */
  public static ScoreAnomalies<MultivariateReading> multivariate(MultivariateDetectorSpec detector) {
    checkArgument(detector != null, "detector must not be null");
    return new ScoreAnomalies<>(
        PointScoring.multivariate(detector),
        Threshold.fixed(0.7),
        LatePolicy.DEAD_LETTER,
        DEFAULT_STATE_TTL,
        true,
        false,
        ExpectedRange.learned(),
        null);
  }

  /** What to do with readings behind their key's scored frontier. */
  public ScoreAnomalies<P> withLatePolicy(LatePolicy latePolicy) {
    checkArgument(latePolicy != null, "latePolicy must not be null");
    return new ScoreAnomalies<>(scoring, threshold, latePolicy, stateTtl, learnFromAnomalies, details, expectedRange, windowStats);
  }

  /**
   * Flagged readings are not learned from, so a long anomaly does not become the new normal. The
   * default learns from every reading.
   */
  public ScoreAnomalies<P> withoutLearningFromAnomalies() {
    return new ScoreAnomalies<>(scoring, threshold, latePolicy, stateTtl, false, details, expectedRange, windowStats);
  }

  /** A fixed or adaptive {@link Threshold}, kept per key. */
  public ScoreAnomalies<P> withThreshold(Threshold threshold) {
    checkArgument(threshold != null, "threshold must not be null");
    return new ScoreAnomalies<>(scoring, threshold, latePolicy, stateTtl, learnFromAnomalies, details, expectedRange, windowStats);
  }

  /**
   * A key whose last reading is {@code ttl} of event time behind the watermark loses its state
   * (detector, frontier) and starts warming up again with its next reading. Zero keeps state
   * forever.
   *
   * @throws IllegalArgumentException if ttl is negative
   */
  public ScoreAnomalies<P> withStateTtl(Duration ttl) {
    checkArgument(ttl != null && ttl.getMillis() >= 0, "stateTtl must be >= 0, got %s", ttl);
    return new ScoreAnomalies<>(scoring, threshold, latePolicy, ttl, learnFromAnomalies, details, expectedRange, windowStats);
  }

  /**
   * Every scored result carries the detector's {@link Detector#details} (for example the mean,
   * standard deviation and z of a z-score) in {@link AnomalyResult#getDetails()}; by default
   * details are empty, which saves their computation and their bytes.
   */
  public ScoreAnomalies<P> withDetails() {
    return new ScoreAnomalies<>(scoring, threshold, latePolicy, stateTtl, learnFromAnomalies, true, expectedRange, windowStats);
  }

  /**
   * Flags readings whose score is strictly above {@code threshold}.
   *
   * @throws IllegalArgumentException unless {@code 0 <= threshold < 1}
   */
  public ScoreAnomalies<P> withThreshold(double threshold) {
    return withThreshold(Threshold.fixed(threshold));
  }

  /**
   * Where each sensor's detector gets its expected value range ({@link ExpectedRange}); detectors
   * that use no range ignore it. {@link ExpectedRange#ofInput()} needs bounded input ({@link
   * #expand} throws otherwise).
   *
   * @throws IllegalArgumentException for multivariate points, whose detectors take no range
   */
  public ScoreAnomalies<P> withExpectedRange(ExpectedRange expectedRange) {
    checkArgument(expectedRange != null, "expectedRange must not be null");
    checkArgument(
        scoring.hasValue() || expectedRange.kind() == ExpectedRange.Kind.LEARNED,
        "expected value ranges apply to univariate readings only, got %s",
        expectedRange);
    return new ScoreAnomalies<>(scoring, threshold, latePolicy, stateTtl, learnFromAnomalies, details, expectedRange, windowStats);
  }

  /**
   * Also computes each key's statistics over the event-time windows of {@code windows} ({@link
   * ScoringResult#windowStats()}, the same {@link WindowStats} as {@link ComputeWindowStats}, and
   * {@link ScoringResult#lateForWindows()}), in the <b>same keyed pass</b> as the scores where it
   * can: for bounded input in batch mode with tumbling or sliding windows and no early firings,
   * the time-sorted scoring stage adds each reading to its windows as it scores it and emits a
   * window once a later reading passes its end, so the runner shuffles and sorts the readings by
   * key once instead of twice. Otherwise (unbounded input, {@code --streaming}, session windows,
   * early firings) the statistics come from {@link ComputeWindowStats} beside the scoring. Both
   * ways give the same windows, counts, minima and maxima; sums, means and deviations agree to
   * rounding (a {@code Combine} merges partial sums in the runner's order, the shared pass adds
   * each key's readings in event-time order). Bounded input is never late for its windows.
   *
   * @throws IllegalArgumentException for multivariate points, or if windows is null
   */
  public ScoreAnomalies<P> withWindowStats(WindowSpec windows) {
    checkArgument(windows != null, "windows must not be null");
    checkArgument(
        scoring.hasValue(), "window statistics apply to univariate readings only, got %s", scoring.describe());
    return new ScoreAnomalies<>(scoring, threshold, latePolicy, stateTtl, learnFromAnomalies, details, expectedRange, windows);
  }

  /** The windows of {@link #withWindowStats}, or null. */
  public @Nullable WindowSpec getWindowStats() {
    return windowStats;
  }

  public ExpectedRange getExpectedRange() {
    return expectedRange;
  }

  /** The detector's description, as in {@link AnomalyResult#getDetector()}. */
  public String getDetectorDescription() {
    return scoring.describe();
  }

  public Threshold getThreshold() {
    return threshold;
  }

  @Override
  public ScoringResult<P> expand(PCollection<P> points) {
    TupleTag<AnomalyResult> scoresTag = new TupleTag<AnomalyResult>() {};
    TupleTag<P> lateTag = new TupleTag<P>() {};
    TupleTag<P> rejectedTag = new TupleTag<P>() {};
    TupleTag<WindowStats> statsTag = new TupleTag<WindowStats>() {};
    PointScoring<P, ?> keyOf = scoring;
    // The shuffle and the state buffer use a compact coder where there is one (no Row conversion).
    Coder<P> internal = scoring.internalCoder(points.getCoder());
    PCollection<KV<String, P>> keyed =
        points
            .apply("Key by sensor", WithKeys.of(keyOf::key).withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), internal));
    boolean bounded = points.isBounded() == PCollection.IsBounded.BOUNDED;
    PipelineOptions options = points.getPipeline().getOptions();
    boolean streaming = options.as(StreamingOptions.class).isStreaming();
    boolean dataStreamForBatch =
        Boolean.TRUE.equals(options.as(DataStreamForBatchOption.class).getUseDataStreamForBatch());
    PCollectionView<Map<String, ValueRange>> inputRanges = null;
    if (expectedRange.kind() == ExpectedRange.Kind.INPUT) {
      checkArgument(
          bounded,
          "ExpectedRange.ofInput() needs bounded input (it reads every reading before scoring any);"
              + " use learned(), fixed(...) or perSensor(...) for a stream");
      inputRanges = inputRanges(keyed, keyOf);
    }
    boolean timeSorted = bounded && !streaming && !dataStreamForBatch;
    boolean sharedPass =
        windowStats != null
            && timeSorted
            && windowStats.getKind() != WindowSpec.Kind.SESSION
            && !windowStats.hasEarlyFirings()
            && points.getWindowingStrategy().getWindowFn() instanceof GlobalWindows;
    ScoreStep<P, ?> step = step(scoring);
    ParDo.SingleOutput<KV<String, P>, AnomalyResult> score =
        timeSorted
            // Batch: the runner sorts each key's readings by event time; nothing is late (the late
            // output stays empty).
            ? ParDo.of(
                timeSortedFn(
                    step, internal, scoresTag, rejectedTag, inputRanges, sharedPass ? windowStats : null, statsTag))
            : ParDo.of(
                bufferingFn(step, internal, bounded, scoresTag, lateTag, rejectedTag, inputRanges));
    if (inputRanges != null) {
      score = score.withSideInputs(inputRanges);
    }
    // Only outputs that can hold elements are ParDo outputs: the FlinkRunner's batch mode sends
    // every element of a multi-output ParDo to one pruning step per output (each serializes and
    // reads all of them), so an output that is always empty would cost as much as a real one. The
    // time-sorted path has no late points, univariate points are never rejected, and the shared
    // pass has no late points for windows: those are empty collections of their own.
    TupleTagList additional = TupleTagList.empty();
    if (!timeSorted) {
      additional = additional.and(lateTag);
    }
    if (!scoring.hasValue()) {
      additional = additional.and(rejectedTag);
    }
    if (sharedPass) {
      additional = additional.and(statsTag);
    }
    PCollectionTuple tuple =
        keyed.apply("Score in event-time order", score.withOutputTags(scoresTag, additional));
    Pipeline pipeline = points.getPipeline();
    PCollection<AnomalyResult> scores = tuple.get(scoresTag).setCoder(AnomalyResultCoder.of());
    PCollection<P> late =
        timeSorted
            ? pipeline.apply("No late points (sorted input)", Create.empty(points.getCoder()))
            : tuple.get(lateTag).setCoder(points.getCoder());
    PCollection<P> rejected =
        scoring.hasValue()
            ? pipeline.apply("No rejected points (univariate)", Create.empty(points.getCoder()))
            : tuple.get(rejectedTag).setCoder(points.getCoder());
    PCollection<WindowStats> stats;
    PCollection<P> lateForWindows;
    if (sharedPass) {
      stats =
          tuple
              .get(statsTag)
              .setCoder(WindowStatsCoder.of())
              .apply("Into their windows", Window.into(new WindowStatsWindowFn()));
      lateForWindows =
          pipeline.apply("No late points for windows (bounded)", Create.empty(points.getCoder()));
    } else if (windowStats != null) {
      ComputeWindowStats.Result<P> w =
          keyed.apply("Window stats", ComputeWindowStats.of(windowStats, keyOf::value));
      stats = w.stats();
      lateForWindows =
          w.late().apply("Late for windows", Values.create()).setCoder(points.getCoder());
    } else {
      stats = pipeline.apply("No window stats", Create.empty(WindowStatsCoder.of()));
      lateForWindows = pipeline.apply("No late points for windows", Create.empty(points.getCoder()));
    }
    return new ScoringResult<>(scores, late, rejected, stats, lateForWindows);
  }

  private <D> ScoreStep<P, D> step(PointScoring<P, D> scoring) {
    return new ScoreStep<>(scoring, threshold, learnFromAnomalies, details, expectedRange);
  }

  /** Each key's min and max over the whole input, as a map side input. */
  private static <P> PCollectionView<Map<String, ValueRange>> inputRanges(
      PCollection<KV<String, P>> keyed, PointScoring<P, ?> scoring) {
    return keyed
        .apply(
            "Values for ranges",
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.doubles()))
                .via((KV<String, P> kv) -> KV.of(kv.getKey(), scoring.value(kv.getValue()))))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), DoubleCoder.of()))
        .apply("Min and max per key", Combine.perKey(new StatsFn()))
        .apply(
            "As value ranges",
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(ValueRange.class)))
                .via((KV<String, Stats> kv) -> KV.of(kv.getKey(), ValueRange.of(kv.getValue().min(), kv.getValue().max()))))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ValueRange.coder()))
        .apply("Ranges by key", View.asMap());
  }

  /** Binds the detector type {@code D} of {@code step}. */
  private static <P, D> TimeSortedScoringFn<P, D> timeSortedFn(
      ScoreStep<P, D> step,
      Coder<P> pointCoder,
      TupleTag<AnomalyResult> scoresTag,
      TupleTag<P> rejectedTag,
      PCollectionView<Map<String, ValueRange>> inputRanges,
      @Nullable WindowSpec windowStats,
      TupleTag<WindowStats> statsTag) {
    return new TimeSortedScoringFn<>(
        step, pointCoder, scoresTag, rejectedTag, inputRanges, windowStats, statsTag);
  }

  /** Binds the detector type {@code D} of {@code step}. */
  private <D> EventTimeOrderedScoringFn<P, D> bufferingFn(
      ScoreStep<P, D> step,
      Coder<P> pointCoder,
      boolean bounded,
      TupleTag<AnomalyResult> scoresTag,
      TupleTag<P> lateTag,
      TupleTag<P> rejectedTag,
      PCollectionView<Map<String, ValueRange>> inputRanges) {
    return new EventTimeOrderedScoringFn<>(
        step, latePolicy, stateTtl, pointCoder, bounded, scoresTag, lateTag, rejectedTag, inputRanges);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("detector", scoring.describe()).withLabel("Detector"))
        .add(DisplayData.item("threshold", threshold.describe()).withLabel("Threshold"))
        .add(DisplayData.item("learnFromAnomalies", learnFromAnomalies))
        .add(DisplayData.item("details", details))
        .add(DisplayData.item("expectedRange", expectedRange.describe()).withLabel("Expected value range"))
        .add(DisplayData.item("latePolicy", latePolicy.name()))
        .add(DisplayData.item("stateTtl", stateTtl))
        .addIfNotNull(
            DisplayData.item("windowStats", windowStats == null ? null : windowStats.toString())
                .withLabel("Window statistics"));
  }
}
