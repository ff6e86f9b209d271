package io.beamwise.windows;

import java.util.Collection;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.joda.time.Instant;

/**
 * The windows a {@link WindowFn} assigns to an element at a timestamp, outside a pipeline (the
 * element taken from the global window), for stages that window elements themselves.
 */
final class WindowAssignment {

  private WindowAssignment() {}

  /**
   * {@code windowFn.assignWindows} for {@code element} at {@code timestamp}.
   *
   * @throws IllegalStateException if the window function throws
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Collection<? extends BoundedWindow> windows(WindowFn<?, ?> windowFn, Object element, Instant timestamp) {
    WindowFn fn = windowFn;
    try {
      return fn.assignWindows(
          fn.new AssignContext() {
            @Override
            public Object element() {
              return element;
            }

            @Override
            public Instant timestamp() {
              return timestamp;
            }

            @Override
            public BoundedWindow window() {
              return GlobalWindow.INSTANCE;
            }
          });
    } catch (Exception e) {
      throw new IllegalStateException("window assignment failed at " + timestamp, e);
    }
  }
}
