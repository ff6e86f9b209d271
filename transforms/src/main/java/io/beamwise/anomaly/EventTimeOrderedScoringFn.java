package io.beamwise.anomaly;

import io.beamwise.parse.SensorReading;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The stateful DoFn behind {@link ScoreAnomalies}: buffers each key's readings and releases them
 * in event-time order when an event-time timer fires.
 *
 * <p>Invariants: the timer's output timestamp (its watermark hold) is always the earliest buffered
 * timestamp, so released scores are never late downstream; {@code frontier} is the timestamp of
 * the last released reading, and anything at or before it is late. An {@code expire} timer,
 * {@code stateTtl} of event time after the last released reading, clears an idle key's state.
 */
final class EventTimeOrderedScoringFn extends DoFn<KV<String, SensorReading>, AnomalyResult> {

  private final DetectorSpec detectorSpec;
  private final String detectorId;
  private final Threshold threshold;
  private final boolean learnFromAnomalies;
  private final LatePolicy latePolicy;
  private final Duration stateTtl;
  private final boolean boundedInput;
  private final TupleTag<AnomalyResult> scoresTag;
  private final TupleTag<SensorReading> lateTag;

  @StateId("buffer")
  private final StateSpec<BagState<SensorReading>> bufferSpec;

  @StateId("earliestBuffered")
  private final StateSpec<ValueState<Instant>> earliestSpec = StateSpecs.value(InstantCoder.of());

  @StateId("frontier")
  private final StateSpec<ValueState<Instant>> frontierSpec = StateSpecs.value(InstantCoder.of());

  @StateId("detector")
  private final StateSpec<ValueState<Detector>> detectorStateSpec;

  @StateId("threshold")
  private final StateSpec<ValueState<Threshold.State>> thresholdStateSpec;

  @TimerId("release")
  private final TimerSpec releaseSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  /** Fires {@code stateTtl} of event time after a key's last scored reading; clears the key. */
  @TimerId("expire")
  private final TimerSpec expireSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  private final Counter scored = Metrics.counter(ScoreAnomalies.METRICS_NAMESPACE, "scored");
  private final Counter warmingUp = Metrics.counter(ScoreAnomalies.METRICS_NAMESPACE, "warming_up");
  private final Counter alerts = Metrics.counter(ScoreAnomalies.METRICS_NAMESPACE, "alerts");
  private final Counter late = Metrics.counter(ScoreAnomalies.METRICS_NAMESPACE, "late");
  private final Counter expired = Metrics.counter(ScoreAnomalies.METRICS_NAMESPACE, "keys_expired");

  EventTimeOrderedScoringFn(
      DetectorSpec detectorSpec,
      Threshold threshold,
      boolean learnFromAnomalies,
      LatePolicy latePolicy,
      Duration stateTtl,
      Coder<SensorReading> readingCoder,
      boolean boundedInput,
      TupleTag<AnomalyResult> scoresTag,
      TupleTag<SensorReading> lateTag) {
    this.detectorSpec = detectorSpec;
    this.detectorId = detectorSpec.describe();
    this.threshold = threshold;
    this.learnFromAnomalies = learnFromAnomalies;
    this.latePolicy = latePolicy;
    this.thresholdStateSpec = StateSpecs.value(threshold.stateCoder());
    this.stateTtl = stateTtl;
    this.boundedInput = boundedInput;
    this.scoresTag = scoresTag;
    this.lateTag = lateTag;
    this.bufferSpec = StateSpecs.bag(readingCoder);
    this.detectorStateSpec = StateSpecs.value(detectorSpec.stateCoder());
  }

  @ProcessElement
  public void process(
      @Element KV<String, SensorReading> element,
      @Timestamp Instant timestamp,
      BoundedWindow window,
      @StateId("buffer") BagState<SensorReading> buffer,
      @StateId("earliestBuffered") ValueState<Instant> earliestBuffered,
      @StateId("frontier") ValueState<Instant> frontier,
      @StateId("detector") ValueState<Detector> detectorState,
      @StateId("threshold") ValueState<Threshold.State> thresholdState,
      @TimerId("release") Timer release,
      MultiOutputReceiver out) {
    Instant released = frontier.read();
    if (released != null && !timestamp.isAfter(released)) {
      late.inc();
      Detector detector = latePolicy == LatePolicy.SCORE_WITHOUT_LEARNING ? detectorState.read() : null;
      if (detector == null) {
        out.get(lateTag).output(element.getValue());
      } else {
        // Score only: the state is not written back, so in-order scores are unaffected.
        out.get(scoresTag)
            .output(result(detector, thresholdOf(thresholdState), element.getValue(), true));
      }
      return;
    }
    buffer.add(element.getValue());
    Instant earliest = earliestBuffered.read();
    if (earliest == null || timestamp.isBefore(earliest)) {
      earliestBuffered.write(timestamp);
      if (boundedInput && earliest != null) {
        // For bounded input the firing time stays the same, and Beam's InMemoryTimerInternals
        // (the FlinkRunner's batch mode) ignores a re-set with an unchanged firing time, keeping
        // the old, later hold: releasing the earlier reading would then fail. Clear it first.
        release.clear();
      }
      release
          .withOutputTimestamp(timestamp)
          .set(boundedInput ? window.maxTimestamp() : timestamp);
    }
  }

  @OnTimer("release")
  public void onRelease(
      OnTimerContext context,
      BoundedWindow window,
      @StateId("buffer") BagState<SensorReading> buffer,
      @StateId("earliestBuffered") ValueState<Instant> earliestBuffered,
      @StateId("frontier") ValueState<Instant> frontier,
      @StateId("detector") ValueState<Detector> detectorState,
      @StateId("threshold") ValueState<Threshold.State> thresholdState,
      @TimerId("release") Timer release,
      @TimerId("expire") Timer expire,
      MultiOutputReceiver out) {
    Instant releaseUpTo = context.fireTimestamp();
    List<SensorReading> pending = new ArrayList<>();
    buffer.read().forEach(pending::add);
    pending.sort(SensorReading.EVENT_ORDER);

    Detector detector = detectorState.read();
    if (detector == null) {
      detector = detectorSpec.create();
    }
    Threshold.State keyThreshold = thresholdOf(thresholdState);
    int next = 0;
    Instant lastReleased = null;
    while (next < pending.size() && !pending.get(next).getTimestamp().isAfter(releaseUpTo)) {
      SensorReading reading = pending.get(next++);
      out.get(scoresTag)
          .outputWithTimestamp(score(detector, keyThreshold, reading), reading.getTimestamp());
      lastReleased = reading.getTimestamp();
    }
    if (lastReleased == null) {
      return; // a stale timer; the current one is still set
    }
    detectorState.write(detector);
    thresholdState.write(keyThreshold);
    frontier.write(lastReleased);
    buffer.clear();
    Instant expiry = lastReleased.plus(stateTtl);
    if (stateTtl.getMillis() > 0 && !expiry.isAfter(window.maxTimestamp())) {
      expire.withNoOutputTimestamp().set(expiry);
    }
    if (next == pending.size()) {
      earliestBuffered.clear();
      return;
    }
    Instant earliest = pending.get(next).getTimestamp();
    for (SensorReading r : pending.subList(next, pending.size())) {
      buffer.add(r);
    }
    earliestBuffered.write(earliest);
    release.withOutputTimestamp(earliest).set(boundedInput ? window.maxTimestamp() : earliest);
  }

  /**
   * Clears a key that has been idle for {@code stateTtl} of event time, unless readings are
   * waiting (then the release timer, which re-arms this one, comes first).
   */
  @OnTimer("expire")
  public void onExpire(
      OnTimerContext context,
      @StateId("buffer") BagState<SensorReading> buffer,
      @StateId("earliestBuffered") ValueState<Instant> earliestBuffered,
      @StateId("frontier") ValueState<Instant> frontier,
      @StateId("detector") ValueState<Detector> detectorState,
      @StateId("threshold") ValueState<Threshold.State> thresholdState) {
    Instant last = frontier.read();
    if (earliestBuffered.read() != null
        || last == null
        || last.plus(stateTtl).isAfter(context.fireTimestamp())) {
      return;
    }
    expired.inc();
    detectorState.clear();
    thresholdState.clear();
    frontier.clear();
    buffer.clear();
  }

  private Threshold.State thresholdOf(ValueState<Threshold.State> state) {
    Threshold.State s = state.read();
    return s == null ? threshold.create() : s;
  }

  /** Scores, updates the threshold, then learns (unless flagged and told not to). */
  private AnomalyResult score(Detector detector, Threshold.State keyThreshold, SensorReading reading) {
    scored.inc();
    AnomalyResult result = result(detector, keyThreshold, reading, false);
    if (!AnomalyResult.WARMING_UP.equals(result.getLabel())) {
      keyThreshold.observe(result.getScore());
    }
    if (learnFromAnomalies || !result.getIsAnomaly()) {
      detector.learn(reading.getValue());
    }
    return result;
  }

  /** Scores {@code reading} against {@code detector} without learning. */
  private AnomalyResult result(
      Detector detector, Threshold.State keyThreshold, SensorReading reading, boolean isLate) {
    double limit = keyThreshold.current();
    if (!detector.isReady()) {
      warmingUp.inc();
      return AnomalyResult.create(reading, 0.0, AnomalyResult.WARMING_UP, limit, detectorId, isLate);
    }
    double score = detector.score(reading.getValue());
    boolean anomalous = score > limit;
    if (anomalous) {
      alerts.inc();
    }
    return AnomalyResult.create(
        reading,
        score,
        anomalous ? AnomalyResult.ANOMALY : AnomalyResult.NORMAL,
        limit,
        detectorId,
        isLate);
  }
}
