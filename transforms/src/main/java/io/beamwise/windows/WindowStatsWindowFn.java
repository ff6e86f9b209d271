package io.beamwise.windows;

import java.util.Collection;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.NonMergingWindowFn;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.transforms.windowing.WindowMappingFn;

/**
 * Puts each {@link WindowStats} into its own window, [{@code windowStart}, {@code windowEnd}):
 * statistics computed outside Beam's windowing (by {@link OpenWindows} in a stateful stage) end up
 * in the same windows as {@link ComputeWindowStats}' would, for tumbling and sliding windows alike
 * (re-windowing by timestamp would put a sliding window's statistics into every window that
 * contains its end).
 */
public final class WindowStatsWindowFn extends NonMergingWindowFn<WindowStats, IntervalWindow> {

  private static final long serialVersionUID = 1L;

  @Override
  public Collection<IntervalWindow> assignWindows(AssignContext c) {
    WindowStats s = c.element();
    return List.of(new IntervalWindow(s.getWindowStart(), s.getWindowEnd()));
  }

  @Override
  public boolean isCompatible(WindowFn<?, ?> other) {
    return other instanceof WindowStatsWindowFn;
  }

  @Override
  public Coder<IntervalWindow> windowCoder() {
    return IntervalWindow.getCoder();
  }

  /** Not a side-input window function: each element's window depends on the element. */
  @Override
  public WindowMappingFn<IntervalWindow> getDefaultWindowMappingFn() {
    throw new UnsupportedOperationException(
        "WindowStatsWindowFn assigns windows from the elements; it cannot map side-input windows");
  }

  @Override
  public boolean assignsToOneWindow() {
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WindowStatsWindowFn;
  }

  @Override
  public int hashCode() {
    return WindowStatsWindowFn.class.hashCode();
  }
}
