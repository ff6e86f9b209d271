package io.beamwise.anomaly;

import io.beamwise.anomaly.detectors.ValueRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The stateful DoFn behind {@link ScoreAnomalies}: buffers each key's points ({@code P}: a
 * univariate or multivariate reading, see {@link PointScoring}) and releases them in event-time
 * order when an event-time timer fires; the key's detector ({@code D}) lives in a value state.
 * Only portable state (bag and value states, event-time timers with output timestamps) is used:
 * no OrderedListState, which not every runner supports.
 *
 * <p>A key's detector is created with the key's expected value range ({@link ExpectedRange}): a
 * fixed or per-sensor one from the configuration, or, for {@link ExpectedRange#ofInput()}, the
 * key's entry of a side input of ranges, read with the key's first reading and kept in state.
 *
 * <p>Invariants: the timer's output timestamp (its watermark hold) is always the earliest buffered
 * timestamp, so released scores are never late downstream; {@code frontier} is the timestamp of
 * the last released reading, and anything at or before it is late. An {@code expire} timer,
 * {@code stateTtl} of event time after the last released reading, clears an idle key's state.
 */
final class EventTimeOrderedScoringFn<P, D> extends DoFn<KV<String, P>, AnomalyResult> {

  private final ScoreStep<P, D> step;
  private final PointScoring<P, D> scoring;
  private final LatePolicy latePolicy;
  private final Duration stateTtl;
  private final boolean boundedInput;
  private final TupleTag<AnomalyResult> scoresTag;
  private final TupleTag<P> lateTag;
  private final TupleTag<P> rejectedTag;
  private final PCollectionView<Map<String, ValueRange>> inputRanges; // null unless ofInput()

  @StateId("buffer")
  private final StateSpec<BagState<P>> bufferSpec;

  @StateId("earliestBuffered")
  private final StateSpec<ValueState<Instant>> earliestSpec = StateSpecs.value(InstantCoder.of());

  @StateId("frontier")
  private final StateSpec<ValueState<Instant>> frontierSpec = StateSpecs.value(InstantCoder.of());

  @StateId("detector")
  private final StateSpec<ValueState<D>> detectorStateSpec;

  @StateId("threshold")
  private final StateSpec<ValueState<Threshold.State>> thresholdStateSpec;

  /** The key's range from {@code inputRanges}; unused otherwise. */
  @StateId("inputRange")
  private final StateSpec<ValueState<ValueRange>> inputRangeSpec = StateSpecs.value(ValueRange.coder());

  @TimerId("release")
  private final TimerSpec releaseSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  /** Fires {@code stateTtl} of event time after a key's last scored reading; clears the key. */
  @TimerId("expire")
  private final TimerSpec expireSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  private final Counter late = Metrics.counter(ScoreAnomalies.METRICS_NAMESPACE, "late");
  private final Counter expired = Metrics.counter(ScoreAnomalies.METRICS_NAMESPACE, "keys_expired");

  private final Counter rejected = Metrics.counter(ScoreAnomalies.METRICS_NAMESPACE, "rejected");

  EventTimeOrderedScoringFn(
      ScoreStep<P, D> step,
      LatePolicy latePolicy,
      Duration stateTtl,
      Coder<P> pointCoder,
      boolean boundedInput,
      TupleTag<AnomalyResult> scoresTag,
      TupleTag<P> lateTag,
      TupleTag<P> rejectedTag,
      PCollectionView<Map<String, ValueRange>> inputRanges) {
    this.step = step;
    this.scoring = step.scoring();
    this.inputRanges = inputRanges;
    this.latePolicy = latePolicy;
    this.thresholdStateSpec = StateSpecs.value(step.threshold().stateCoder());
    this.stateTtl = stateTtl;
    this.boundedInput = boundedInput;
    this.scoresTag = scoresTag;
    this.lateTag = lateTag;
    this.rejectedTag = rejectedTag;
    this.bufferSpec = StateSpecs.bag(pointCoder);
    this.detectorStateSpec = StateSpecs.value(scoring.stateCoder());
  }

  /** The bundle's counts of scored points, warm-ups and alerts, added to the metrics. */
  @FinishBundle
  public void finishBundle() {
    step.flushCounters();
  }

  @ProcessElement
  public void process(
      ProcessContext context,
      @Element KV<String, P> element,
      @Timestamp Instant timestamp,
      BoundedWindow window,
      @StateId("buffer") BagState<P> buffer,
      @StateId("earliestBuffered") ValueState<Instant> earliestBuffered,
      @StateId("frontier") ValueState<Instant> frontier,
      @StateId("detector") ValueState<D> detectorState,
      @StateId("threshold") ValueState<Threshold.State> thresholdState,
      @StateId("inputRange") ValueState<ValueRange> inputRange,
      @TimerId("release") Timer release,
      MultiOutputReceiver out) {
    if (inputRanges != null && inputRange.read() == null) {
      inputRange.write(context.sideInput(inputRanges).get(element.getKey()));
    }
    if (scoring.rejection(element.getValue()) != null) {
      rejected.inc();
      out.get(rejectedTag).output(element.getValue());
      return;
    }
    Instant released = frontier.read();
    if (released != null && !timestamp.isAfter(released)) {
      late.inc();
      D detector = latePolicy == LatePolicy.SCORE_WITHOUT_LEARNING ? detectorState.read() : null;
      if (detector == null) {
        out.get(lateTag).output(element.getValue());
      } else {
        // Score only: the state is not written back, so in-order scores are unaffected.
        out.get(scoresTag)
            .output(step.result(detector, thresholdOf(thresholdState), element.getValue(), true));
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
      @StateId("buffer") BagState<P> buffer,
      @StateId("earliestBuffered") ValueState<Instant> earliestBuffered,
      @StateId("frontier") ValueState<Instant> frontier,
      @StateId("detector") ValueState<D> detectorState,
      @StateId("threshold") ValueState<Threshold.State> thresholdState,
      @StateId("inputRange") ValueState<ValueRange> inputRange,
      @TimerId("release") Timer release,
      @TimerId("expire") Timer expire,
      MultiOutputReceiver out) {
    Instant releaseUpTo = context.fireTimestamp();
    List<P> pending = new ArrayList<>();
    buffer.read().forEach(pending::add);
    pending.sort(scoring::compare);

    D detector =
        pending.isEmpty()
            ? null
            : step.detectorOr(detectorState.read(), scoring.key(pending.get(0)), inputRange.read());
    Threshold.State keyThreshold = thresholdOf(thresholdState);
    int next = 0;
    Instant lastReleased = null;
    while (next < pending.size() && !scoring.timestamp(pending.get(next)).isAfter(releaseUpTo)) {
      P point = pending.get(next++);
      Instant t = scoring.timestamp(point);
      out.get(scoresTag).outputWithTimestamp(step.scoreAndLearn(detector, keyThreshold, point), t);
      lastReleased = t;
    }
    if (lastReleased == null) {
      return; // a stale timer; the current one is still set
    }
    detectorState.write(detector);
    thresholdState.write(keyThreshold);
    frontier.write(lastReleased);
    buffer.clear();
    Instant expiry = lastReleased.plus(stateTtl);
    // Bounded input is released once, at the end of the window, so nothing arrives after it to
    // expire state for. Not setting the timer also keeps this path working where timers set from
    // a timer callback at the end of input are dropped (Flink's batch execution of the
    // FlinkRunner's --useDataStreamForBatch), which would leave their watermark hold behind.
    if (!boundedInput && stateTtl.getMillis() > 0 && !expiry.isAfter(window.maxTimestamp())) {
      expire.withNoOutputTimestamp().set(expiry);
    }
    if (next == pending.size()) {
      earliestBuffered.clear();
      return;
    }
    Instant earliest = scoring.timestamp(pending.get(next));
    for (P p : pending.subList(next, pending.size())) {
      buffer.add(p);
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
      @StateId("buffer") BagState<P> buffer,
      @StateId("earliestBuffered") ValueState<Instant> earliestBuffered,
      @StateId("frontier") ValueState<Instant> frontier,
      @StateId("detector") ValueState<D> detectorState,
      @StateId("threshold") ValueState<Threshold.State> thresholdState,
      @StateId("inputRange") ValueState<ValueRange> inputRange) {
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
    inputRange.clear();
  }

  private Threshold.State thresholdOf(ValueState<Threshold.State> state) {
    return step.thresholdOr(state.read());
  }
}
