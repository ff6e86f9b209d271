package io.beamwise.anomaly;

import io.beamwise.anomaly.detectors.ValueRange;
import io.beamwise.windows.OpenWindows;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Everything {@link TimeSortedScoringFn} keeps for one key, in one state cell: the points at the
 * latest timestamp not scored yet ({@code held}, all at {@code heldTime}), the detector ({@code
 * D}), the threshold, the key's input range (with {@link ExpectedRange#ofInput()}) and the window
 * statistics not emitted yet.
 *
 * <p>Why one cell and not one per field: a runner resolves every {@code @StateId} parameter of a
 * DoFn for every element (Beam's in-memory state of a batch runner: a reflective field read, a
 * new namespace and a two-level table lookup each), and six cells made those lookups about a
 * quarter of the scoring task's time on Flink. The fields are mutable; the DoFn writes the object
 * back after changing it, so runners that serialize state see every change.
 */
final class TimeSortedKeyState<P, D> {

  /** The timestamp of {@link #held}; null when nothing is held. */
  @Nullable Instant heldTime;

  /** Points at {@link #heldTime}, in arrival order, not scored yet. */
  final List<P> held;

  @Nullable D detector;
  Threshold.@Nullable State threshold;
  @Nullable ValueRange inputRange;
  @Nullable OpenWindows openWindows;

  TimeSortedKeyState() {
    this(new ArrayList<>(1));
  }

  private TimeSortedKeyState(List<P> held) {
    this.held = held;
  }

  /**
   * Encodes each field with its own coder (nulls allowed): the held points, their time, the
   * detector, the threshold, the input range and the open windows.
   */
  static final class StateCoder<P, D> extends CustomCoder<TimeSortedKeyState<P, D>> {
    private final Coder<List<P>> held;
    private final Coder<@Nullable Instant> heldTime = NullableCoder.of(InstantCoder.of());
    private final Coder<@Nullable D> detector;
    private final Coder<Threshold.@Nullable State> threshold;
    private final Coder<@Nullable ValueRange> inputRange = NullableCoder.of(ValueRange.coder());
    private final Coder<@Nullable OpenWindows> openWindows = NullableCoder.of(OpenWindows.coder());

    StateCoder(Coder<P> pointCoder, Coder<D> detectorCoder, Coder<Threshold.State> thresholdCoder) {
      this.held = ListCoder.of(pointCoder);
      this.detector = NullableCoder.of(detectorCoder);
      this.threshold = NullableCoder.of(thresholdCoder);
    }

    @Override
    public void encode(TimeSortedKeyState<P, D> state, OutputStream out) throws IOException {
      held.encode(state.held, out);
      heldTime.encode(state.heldTime, out);
      detector.encode(state.detector, out);
      threshold.encode(state.threshold, out);
      inputRange.encode(state.inputRange, out);
      openWindows.encode(state.openWindows, out);
    }

    @Override
    public TimeSortedKeyState<P, D> decode(InputStream in) throws IOException {
      TimeSortedKeyState<P, D> state = new TimeSortedKeyState<>(new ArrayList<>(held.decode(in)));
      state.heldTime = heldTime.decode(in);
      state.detector = detector.decode(in);
      state.threshold = threshold.decode(in);
      state.inputRange = inputRange.decode(in);
      state.openWindows = openWindows.decode(in);
      return state;
    }
  }
}
