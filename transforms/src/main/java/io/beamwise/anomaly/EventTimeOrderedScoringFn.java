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
import org.joda.time.Instant;

/**
 * The stateful DoFn behind {@link ScoreAnomalies}: buffers each key's readings and releases them
 * in event-time order when an event-time timer fires.
 *
 * <p>Invariants: the timer's output timestamp (its watermark hold) is always the earliest buffered
 * timestamp, so released scores are never late downstream; {@code frontier} is the timestamp of
 * the last released reading, and anything at or before it is late.
 */
final class EventTimeOrderedScoringFn extends DoFn<KV<String, SensorReading>, AnomalyResult> {

  private final DetectorSpec detectorSpec;
  private final double threshold;
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

  @TimerId("release")
  private final TimerSpec releaseSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  private final Counter scored = Metrics.counter(ScoreAnomalies.METRICS_NAMESPACE, "scored");
  private final Counter warmingUp = Metrics.counter(ScoreAnomalies.METRICS_NAMESPACE, "warming_up");
  private final Counter alerts = Metrics.counter(ScoreAnomalies.METRICS_NAMESPACE, "alerts");
  private final Counter late = Metrics.counter(ScoreAnomalies.METRICS_NAMESPACE, "late");

  EventTimeOrderedScoringFn(
      DetectorSpec detectorSpec,
      double threshold,
      Coder<SensorReading> readingCoder,
      boolean boundedInput,
      TupleTag<AnomalyResult> scoresTag,
      TupleTag<SensorReading> lateTag) {
    this.detectorSpec = detectorSpec;
    this.threshold = threshold;
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
      @TimerId("release") Timer release,
      MultiOutputReceiver out) {
    Instant released = frontier.read();
    if (released != null && !timestamp.isAfter(released)) {
      late.inc();
      out.get(lateTag).output(element.getValue());
      return;
    }
    buffer.add(element.getValue());
    Instant earliest = earliestBuffered.read();
    if (earliest == null || timestamp.isBefore(earliest)) {
      earliestBuffered.write(timestamp);
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
      @TimerId("release") Timer release,
      MultiOutputReceiver out) {
    Instant releaseUpTo = context.fireTimestamp();
    List<SensorReading> pending = new ArrayList<>();
    buffer.read().forEach(pending::add);
    pending.sort(SensorReading.EVENT_ORDER);

    Detector detector = detectorState.read();
    if (detector == null) {
      detector = detectorSpec.create();
    }
    int next = 0;
    Instant lastReleased = null;
    while (next < pending.size() && !pending.get(next).getTimestamp().isAfter(releaseUpTo)) {
      SensorReading reading = pending.get(next++);
      out.get(scoresTag).outputWithTimestamp(score(detector, reading), reading.getTimestamp());
      lastReleased = reading.getTimestamp();
    }
    if (lastReleased == null) {
      return; // a stale timer; the current one is still set
    }
    detectorState.write(detector);
    frontier.write(lastReleased);
    buffer.clear();
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

  private AnomalyResult score(Detector detector, SensorReading reading) {
    scored.inc();
    double value = reading.getValue();
    if (!detector.isReady()) {
      warmingUp.inc();
      detector.learn(value);
      return AnomalyResult.of(reading, 0.0, AnomalyResult.WARMING_UP);
    }
    double score = detector.score(value);
    detector.learn(value);
    boolean anomalous = score > threshold;
    if (anomalous) {
      alerts.inc();
    }
    return AnomalyResult.of(reading, score, anomalous ? AnomalyResult.ANOMALY : AnomalyResult.NORMAL);
  }
}
