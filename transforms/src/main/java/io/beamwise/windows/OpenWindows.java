package io.beamwise.windows;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.stats.Stats;
import io.beamwise.stats.StatsCoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.joda.time.Instant;

/**
 * The {@link Stats} of one key's event-time windows that are still open, over values that arrive
 * <b>in event-time order</b> (ties in any order): the sequential counterpart of {@link
 * ComputeWindowStats} for a stage that already sees a key's values sorted by time, such as the
 * time-sorted scoring of bounded input. Because the values come sorted, a window is complete as
 * soon as a value at or after its end arrives: {@link #add} first closes those windows, so at most
 * size / period windows are open at a time (one for tumbling windows), whatever the length of the
 * input.
 *
 * <p>Windows come from a non-merging {@link WindowFn} over {@link IntervalWindow}s (tumbling or
 * sliding: {@link WindowSpec#windowFn()}); merging windows (sessions) are rejected. Values are
 * added to a window's {@link Stats} in arrival order (Welford's update), so for the same order the
 * statistics are bit-identical; against a {@code Combine}, which merges partial statistics in the
 * runner's order, the means, sums and deviations agree to rounding.
 *
 * <p>Mutable, not thread-safe; {@link #coder()} encodes it for a runner's state.
 */
public final class OpenWindows {

  private final List<IntervalWindow> windows;
  private final List<Stats> stats;

  private OpenWindows(List<IntervalWindow> windows, List<Stats> stats) {
    this.windows = windows;
    this.stats = stats;
  }

  /** No open window. */
  public static OpenWindows empty() {
    return new OpenWindows(new ArrayList<>(2), new ArrayList<>(2));
  }

  /** The number of open windows. */
  public int size() {
    return windows.size();
  }

  /**
   * Closes every open window that ends at or before {@code time} (its last millisecond is before
   * {@code time}), handing each to {@code closed} in order of its end, then its start.
   */
  public void closeBefore(Instant time, BiConsumer<IntervalWindow, Stats> closed) {
    int i = 0;
    while (i < windows.size()) {
      if (windows.get(i).maxTimestamp().isBefore(time)) {
        closed.accept(windows.remove(i), stats.remove(i));
      } else {
        i++;
      }
    }
  }

  /** Closes every open window, in order of end, then start. */
  public void closeAll(BiConsumer<IntervalWindow, Stats> closed) {
    for (int i = 0; i < windows.size(); i++) {
      closed.accept(windows.get(i), stats.get(i));
    }
    windows.clear();
    stats.clear();
  }

  /**
   * Adds {@code value} at {@code time} to each of its {@code windowFn} windows, opening those not
   * open yet. Call {@link #closeBefore} with {@code time} first: values must come in event-time
   * order.
   *
   * @throws IllegalArgumentException if {@code windowFn} merges windows (sessions), if a window is
   *     not an {@link IntervalWindow}, or if {@code
   *     time} is after the end of an open window (the values were not in event-time order or
   *     {@link #closeBefore} was not called)
   */
  public void add(WindowFn<Object, ? extends BoundedWindow> windowFn, Instant time, double value) {
    checkArgument(
        windowFn.isNonMerging(),
        "windows must not merge (tumbling or sliding, not sessions), got %s",
        windowFn);
    for (BoundedWindow w : WindowAssignment.windows(windowFn, null, time)) {
      checkArgument(
          w instanceof IntervalWindow, "windows must be IntervalWindows (tumbling or sliding), got %s", w);
      IntervalWindow window = (IntervalWindow) w;
      int at = indexOf(window);
      if (at < 0) {
        at = insertionPoint(window);
        windows.add(at, window);
        stats.add(at, new Stats());
      }
      stats.get(at).add(value);
    }
    checkArgument(
        windows.isEmpty() || !windows.get(0).maxTimestamp().isBefore(time),
        "value at %s is after the open window %s: values must come in event-time order, with"
            + " closeBefore(time) first",
        time,
        windows.isEmpty() ? null : windows.get(0));
  }

  private int indexOf(IntervalWindow window) {
    // Few windows are open (size / period at most): a scan from the newest is cheapest.
    for (int i = windows.size() - 1; i >= 0; i--) {
      if (windows.get(i).equals(window)) {
        return i;
      }
    }
    return -1;
  }

  /** Where {@code window} goes to keep the list in order of end, then start. */
  private int insertionPoint(IntervalWindow window) {
    int i = windows.size();
    while (i > 0 && compare(windows.get(i - 1), window) > 0) {
      i--;
    }
    return i;
  }

  private static int compare(IntervalWindow a, IntervalWindow b) {
    int byEnd = a.end().compareTo(b.end());
    return byEnd != 0 ? byEnd : a.start().compareTo(b.start());
  }

  /** A deterministic coder: the number of windows, then each window and its statistics. */
  public static Coder<OpenWindows> coder() {
    return OpenWindowsCoder.INSTANCE;
  }

  private static final class OpenWindowsCoder extends AtomicCoder<OpenWindows> {
    private static final OpenWindowsCoder INSTANCE = new OpenWindowsCoder();
    private static final Coder<IntervalWindow> WINDOW = IntervalWindow.getCoder();

    @Override
    public void encode(OpenWindows value, OutputStream out) throws IOException {
      if (value == null) {
        throw new CoderException("cannot encode a null OpenWindows");
      }
      VarIntCoder.of().encode(value.windows.size(), out);
      for (int i = 0; i < value.windows.size(); i++) {
        WINDOW.encode(value.windows.get(i), out);
        StatsCoder.of().encode(value.stats.get(i), out);
      }
    }

    @Override
    public OpenWindows decode(InputStream in) throws IOException {
      int n = VarIntCoder.of().decode(in);
      List<IntervalWindow> windows = new ArrayList<>(Math.max(2, n));
      List<Stats> stats = new ArrayList<>(Math.max(2, n));
      for (int i = 0; i < n; i++) {
        windows.add(WINDOW.decode(in));
        stats.add(StatsCoder.of().decode(in));
      }
      return new OpenWindows(windows, stats);
    }

    @Override
    public void verifyDeterministic() {}
  }
}
