package io.beamwise.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.PaneInfo.Timing;
import org.junit.jupiter.api.Test;

/** {@link AggregateWindows#timingOf}: the same pane timing on runners that omit pane info. */
class PaneTimingTest {

  @Test
  void noFiringPaneOfBatchRunnersIsOnTime() {
    assertEquals(Timing.ON_TIME, AggregateWindows.timingOf(PaneInfo.NO_FIRING));
  }

  @Test
  void realFiringsKeepTheirTiming() {
    assertEquals(Timing.EARLY, AggregateWindows.timingOf(PaneInfo.createPane(true, false, Timing.EARLY)));
    assertEquals(Timing.ON_TIME, AggregateWindows.timingOf(PaneInfo.ON_TIME_AND_ONLY_FIRING));
    assertEquals(
        Timing.LATE, AggregateWindows.timingOf(PaneInfo.createPane(false, true, Timing.LATE, 2, -1)));
  }
}
