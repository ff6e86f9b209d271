package io.beamwise.anomaly;

import io.beamwise.anomaly.detectors.ValueRange;
import io.beamwise.metrics.BundleCounter;
import io.beamwise.stats.Stats;
import io.beamwise.windows.ComputeWindowStats;
import io.beamwise.windows.OpenWindows;
import io.beamwise.windows.WindowResult;
import io.beamwise.windows.WindowSpec;
import io.beamwise.windows.WindowStats;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The stateful DoFn behind {@link ScoreAnomalies} for bounded input in batch mode: the runner
 * delivers each key's points sorted by event time ({@link DoFn.RequiresTimeSortedInput}), and the
 * DoFn scores them as they come, so a key's state is its detector ({@code D}), its threshold and
 * the points that share the latest timestamp, whatever the length of the input. All of it is one
 * state cell ({@link TimeSortedKeyState}): runners resolve each declared cell for every element.
 *
 * <p>The runner sorts by timestamp only; points with equal timestamps are held until a later
 * timestamp (or the end of the window) arrives, then scored in the full order of {@link
 * PointScoring#compare} (timestamp, source, line): the same order, hence the same scores, as
 * {@link EventTimeOrderedScoringFn} gives by sorting a key's whole input at the end.
 *
 * <p>How the runners sort: Flink's batch mode and Spark sort each key's elements by timestamp in
 * their shuffle (spilling to disk), Dataflow's batch mode likewise; the DirectRunner, and Flink's
 * DataStream translation, buffer them in state until the watermark passes them (for bounded
 * input: the whole input, in memory). A point earlier than one already scored means the runner did
 * not sort, and fails the bundle rather than give scores in another order.
 *
 * <p>Held points are scored from a later point's {@code processElement}, with their own (earlier)
 * timestamps; the flush timer, set with the key's first point in a window, holds the watermark at
 * that point's timestamp until the window ends, so no score is late downstream (for bounded input
 * the watermark only passes the window at the end anyway).
 *
 * <p>With a {@link WindowSpec} ({@link ScoreAnomalies#withWindowStats}), the same pass also
 * computes the key's window statistics ({@link OpenWindows}): each point's value joins its windows
 * as it is scored, and a window is emitted, timestamped at its last millisecond and in the global
 * window, as soon as a later point (or the end of input) passes its end, with the pane a batch
 * {@code Combine} gives (on time, index 0, final). One shuffle by key serves the statistics and the
 * scores, where {@link ComputeWindowStats} beside the scoring needs a second.
 */
final class TimeSortedScoringFn<P, D> extends DoFn<KV<String, P>, AnomalyResult> {

  private final ScoreStep<P, D> step;
  private final PointScoring<P, D> scoring;
  private final TupleTag<AnomalyResult> scoresTag;
  private final TupleTag<P> rejectedTag;
  private final PCollectionView<Map<String, ValueRange>> inputRanges; // null unless ofInput()
  private final @Nullable WindowFn<Object, ? extends BoundedWindow> statsWindows; // null: no window statistics
  private final boolean countWindowReadings;
  private final TupleTag<WindowStats> statsTag;

  /** The key's held points, detector, threshold, input range and open windows: one cell. */
  @StateId("key")
  private final StateSpec<ValueState<TimeSortedKeyState<P, D>>> keyStateSpec;

  /** Scores the last held points at the end of the window; holds the watermark at them. */
  @TimerId("flush")
  private final TimerSpec flushSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  private final BundleCounter rejected =
      BundleCounter.of(ScoreAnomalies.METRICS_NAMESPACE, "rejected");
  // The counters ComputeWindowStats and AggregateWindows keep, so that a job's figures do not
  // depend on which stage computed its window statistics.
  private final BundleCounter windows =
      BundleCounter.of(ComputeWindowStats.METRICS_NAMESPACE, "windows");
  private final BundleCounter windowReadings =
      BundleCounter.of(ComputeWindowStats.METRICS_NAMESPACE, "window_readings");
  private final BundleCounter panes = BundleCounter.of(ComputeWindowStats.METRICS_NAMESPACE, "panes");

  TimeSortedScoringFn(
      ScoreStep<P, D> step,
      Coder<P> pointCoder,
      TupleTag<AnomalyResult> scoresTag,
      TupleTag<P> rejectedTag,
      PCollectionView<Map<String, ValueRange>> inputRanges,
      @Nullable WindowSpec windowStats,
      TupleTag<WindowStats> statsTag) {
    this.step = step;
    this.inputRanges = inputRanges;
    this.statsWindows = windowStats == null ? null : windowStats.windowFn();
    // As ComputeWindowStats: accumulating panes would repeat readings (here there is one pane).
    this.countWindowReadings = windowStats != null && !windowStats.isAccumulating();
    this.statsTag = statsTag;
    this.scoring = step.scoring();
    this.scoresTag = scoresTag;
    this.rejectedTag = rejectedTag;
    this.keyStateSpec =
        StateSpecs.value(
            new TimeSortedKeyState.StateCoder<>(
                pointCoder, scoring.stateCoder(), step.threshold().stateCoder()));
  }

  /**
   * Held points are output from a later point's {@code processElement} at their own timestamps,
   * which Beam allows only within this skew (as {@code Reify.extractTimestampsFromValues} does);
   * the flush timer's watermark hold keeps them on time.
   */
  @Override
  @SuppressWarnings("deprecation")
  public Duration getAllowedTimestampSkew() {
    return Duration.millis(Long.MAX_VALUE);
  }

  /** The bundle's counts (points, alerts, rejections, windows), added to the metrics. */
  @FinishBundle
  public void finishBundle() {
    step.flushCounters();
    rejected.flush();
    windows.flush();
    windowReadings.flush();
    panes.flush();
  }

  @RequiresTimeSortedInput
  @ProcessElement
  public void process(
      ProcessContext context,
      @Element KV<String, P> element,
      @Timestamp Instant timestamp,
      BoundedWindow window,
      @StateId("key") ValueState<TimeSortedKeyState<P, D>> keyState,
      @TimerId("flush") Timer flush,
      MultiOutputReceiver out) {
    P point = element.getValue();
    if (scoring.rejection(point) != null) {
      rejected.inc();
      out.get(rejectedTag).output(point);
      return;
    }
    TimeSortedKeyState<P, D> state = keyState.read();
    if (state == null) {
      state = new TimeSortedKeyState<>();
    }
    Instant heldAt = state.heldTime;
    if (heldAt == null && inputRanges != null && state.inputRange == null) {
      state.inputRange = context.sideInput(inputRanges).get(element.getKey());
    }
    if (heldAt != null && timestamp.isBefore(heldAt)) {
      throw new IllegalStateException(
          String.format(
              "ScoreAnomalies: key %s received a point at %s after one at %s: the runner did not"
                  + " sort the input by event time (@RequiresTimeSortedInput), so the scores would"
                  + " depend on arrival order",
              element.getKey(), timestamp, heldAt));
    }
    if (heldAt != null && timestamp.isAfter(heldAt)) {
      scoreHeld(element.getKey(), state, out);
    }
    state.held.add(point);
    if (heldAt == null) {
      // The key's first point in this window: the timer's hold at its timestamp is at or before
      // every point still to be scored. Set once, not per timestamp: re-setting it would update the
      // runner's timer queue for every reading.
      flush.withOutputTimestamp(timestamp).set(window.maxTimestamp());
    }
    if (heldAt == null || timestamp.isAfter(heldAt)) {
      state.heldTime = timestamp;
    }
    keyState.write(state);
  }

  @OnTimer("flush")
  public void onFlush(
      @Key String key,
      @StateId("key") ValueState<TimeSortedKeyState<P, D>> keyState,
      MultiOutputReceiver out) {
    TimeSortedKeyState<P, D> state = keyState.read();
    if (state == null) {
      return;
    }
    if (state.heldTime != null) {
      scoreHeld(key, state, out);
    }
    state.heldTime = null;
    if (statsWindows != null && state.openWindows != null) {
      state.openWindows.closeAll((w, s) -> emitWindow(key, w, s, out));
      state.openWindows = null;
    }
    keyState.write(state);
  }

  /**
   * Scores the held points (all at {@code state.heldTime}) in {@link PointScoring#compare} order,
   * adds them to their windows after emitting the windows they close, and empties the buffer.
   */
  private void scoreHeld(String key, TimeSortedKeyState<P, D> state, MultiOutputReceiver out) {
    List<P> points = state.held;
    if (points.isEmpty()) {
      return;
    }
    if (points.size() > 1) {
      points.sort(scoring::compare);
    }
    D detector = step.detectorOr(state.detector, key, state.inputRange);
    Threshold.State keyThreshold = step.thresholdOr(state.threshold);
    for (P p : points) {
      out.get(scoresTag)
          .outputWithTimestamp(step.scoreAndLearn(detector, keyThreshold, p), scoring.timestamp(p));
    }
    state.detector = detector;
    state.threshold = keyThreshold;
    if (statsWindows != null) {
      OpenWindows open = state.openWindows;
      if (open == null) {
        open = OpenWindows.empty();
        state.openWindows = open;
      }
      open.closeBefore(state.heldTime, (w, s) -> emitWindow(key, w, s, out));
      for (P p : points) {
        open.add(statsWindows, state.heldTime, scoring.value(p));
      }
    }
    points.clear();
  }

  /** One window's statistics, as the on-time and only pane of a batch {@code Combine}. */
  private void emitWindow(String key, IntervalWindow window, Stats stats, MultiOutputReceiver out) {
    windows.inc();
    panes.inc();
    if (countWindowReadings) {
      windowReadings.inc(stats.count());
    }
    out.get(statsTag)
        .outputWithTimestamp(
            WindowStats.of(
                new WindowResult<>(
                    key, window.start(), window.end(), PaneInfo.Timing.ON_TIME, 0, true, stats)),
            window.maxTimestamp());
  }
}
