package io.beamwise.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.beamwise.anomaly.detectors.Detector;
import io.beamwise.anomaly.detectors.DetectorSpec;
import io.beamwise.anomaly.detectors.Detectors;
import io.beamwise.anomaly.detectors.ValueRange;
import io.beamwise.windows.OpenWindows;
import io.beamwise.windows.WindowSpec;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.util.CoderUtils;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class TimeSortedKeyStateTest {

  private final DetectorSpec spec = Detectors.parse("zscore:5");
  private final Threshold threshold = Threshold.adaptive(0.9, 10, 0.5);
  private final TimeSortedKeyState.StateCoder<String, Detector> coder =
      new TimeSortedKeyState.StateCoder<>(
          StringUtf8Coder.of(), spec.stateCoder(), threshold.stateCoder());

  @Test
  void anEmptyStateRoundTrips() throws Exception {
    TimeSortedKeyState<String, Detector> decoded =
        CoderUtils.clone(coder, new TimeSortedKeyState<>());
    assertEquals(List.of(), decoded.held);
    assertNull(decoded.heldTime);
    assertNull(decoded.detector);
    assertNull(decoded.threshold);
    assertNull(decoded.inputRange);
    assertNull(decoded.openWindows);
  }

  @Test
  void everyFieldRoundTripsAndTheDecodedDetectorScoresAsTheOriginal() throws Exception {
    TimeSortedKeyState<String, Detector> state = new TimeSortedKeyState<>();
    state.held.add("a");
    state.held.add("b");
    state.heldTime = new Instant(1_700_000_000_000L);
    state.detector = spec.create();
    state.threshold = threshold.create();
    for (double x : new double[] {1, 2, 3, 2, 1, 2, 3}) {
      state.threshold.observe(state.detector.score(x));
      state.detector.learn(x);
    }
    state.inputRange = ValueRange.of(-1, 4);
    state.openWindows = OpenWindows.empty();
    state.openWindows.add(WindowSpec.parse("tumbling:10s").windowFn(), state.heldTime, 2.5);

    TimeSortedKeyState<String, Detector> decoded = CoderUtils.clone(coder, state);

    assertEquals(List.of("a", "b"), decoded.held);
    assertEquals(state.heldTime, decoded.heldTime);
    assertEquals(state.detector.score(9), decoded.detector.score(9));
    assertEquals(state.threshold.current(), decoded.threshold.current());
    assertEquals(state.inputRange, decoded.inputRange);
    assertEquals(1, decoded.openWindows.size());
    // The held list of a decoded state takes more points (a runner may decode, then add).
    decoded.held.add("c");
    assertEquals(3, decoded.held.size());
  }
}
