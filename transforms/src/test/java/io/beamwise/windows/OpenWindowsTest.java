package io.beamwise.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.stats.Stats;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.util.CoderUtils;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class OpenWindowsTest {

  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  private static Instant at(int minutes) {
    return T0.plus(minutes * 60_000L);
  }

  private static IntervalWindow window(int startMinute, int endMinute) {
    return new IntervalWindow(at(startMinute), at(endMinute));
  }

  private static WindowFn<Object, ? extends BoundedWindow> fn(String spec) {
    return WindowSpec.parse(spec).windowFn();
  }

  /** Records what is closed, in order. */
  private static final class Closed {
    final List<IntervalWindow> windows = new ArrayList<>();
    final List<Stats> stats = new ArrayList<>();

    void accept(IntervalWindow w, Stats s) {
      windows.add(w);
      stats.add(s);
    }
  }

  @Test
  void tumblingWindowClosesWhenAValueReachesItsEnd() {
    OpenWindows open = OpenWindows.empty();
    Closed closed = new Closed();
    WindowFn<Object, ? extends BoundedWindow> fn = fn("tumbling:10m");
    int[] minutes = {1, 4, 9, 10, 25};
    double[] values = {2, 4, 6, 100, 7};
    for (int i = 0; i < minutes.length; i++) {
      open.closeBefore(at(minutes[i]), closed::accept);
      open.add(fn, at(minutes[i]), values[i]);
    }
    // [0, 10) closed by the value at 10; [10, 20) by the value at 25; [20, 30) still open.
    assertEquals(List.of(window(0, 10), window(10, 20)), closed.windows);
    assertEquals(Stats.of(2, 4, 6), closed.stats.get(0));
    assertEquals(4.0, closed.stats.get(0).mean());
    assertEquals(Stats.of(100), closed.stats.get(1));
    assertEquals(1, open.size());
    open.closeAll(closed::accept);
    assertEquals(window(20, 30), closed.windows.get(2));
    assertEquals(Stats.of(7), closed.stats.get(2));
    assertEquals(0, open.size());
  }

  @Test
  void aValueAtTheLastMillisecondStaysInItsWindow() {
    OpenWindows open = OpenWindows.empty();
    Closed closed = new Closed();
    WindowFn<Object, ? extends BoundedWindow> fn = fn("tumbling:10m");
    open.add(fn, at(0), 1);
    Instant last = at(10).minus(1);
    open.closeBefore(last, closed::accept);
    open.add(fn, last, 3);
    assertTrue(closed.windows.isEmpty());
    open.closeBefore(at(10), closed::accept);
    assertEquals(List.of(window(0, 10)), closed.windows);
    assertEquals(Stats.of(1, 3), closed.stats.get(0));
  }

  @Test
  void slidingWindowsEachGetTheirValuesAndCloseInOrderOfEnd() {
    OpenWindows open = OpenWindows.empty();
    Closed closed = new Closed();
    WindowFn<Object, ? extends BoundedWindow> fn = fn("sliding:30m/10m");
    // 5 → [-20,10) [-10,20) [0,30); 15 → [-10,20) [0,30) [10,40); 35 → [10,40) [20,50) [30,60)
    for (int m : new int[] {5, 15, 35}) {
      open.closeBefore(at(m), closed::accept);
      open.add(fn, at(m), m);
    }
    assertEquals(List.of(window(-20, 10), window(-10, 20), window(0, 30)), closed.windows);
    assertEquals(Stats.of(5), closed.stats.get(0));
    assertEquals(Stats.of(5, 15), closed.stats.get(1));
    assertEquals(Stats.of(5, 15), closed.stats.get(2));
    assertEquals(3, open.size());
    open.closeAll(closed::accept);
    assertEquals(List.of(window(10, 40), window(20, 50), window(30, 60)), closed.windows.subList(3, 6));
    assertEquals(Stats.of(15, 35), closed.stats.get(3));
    assertEquals(Stats.of(35), closed.stats.get(5));
  }

  @Test
  void aValueBeforeAnOpenWindowsEndIsRejected() {
    OpenWindows open = OpenWindows.empty();
    WindowFn<Object, ? extends BoundedWindow> fn = fn("tumbling:10m");
    open.add(fn, at(1), 1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> open.add(fn, at(12), 2));
    assertTrue(e.getMessage().contains("event-time order"), e.getMessage());
  }

  @Test
  void sessionWindowsAreRejected() {
    OpenWindows open = OpenWindows.empty();
    // Sessions assign proto-windows that merge later; OpenWindows cannot merge them.
    WindowFn<Object, ? extends BoundedWindow> sessions = fn("session:10m");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> open.add(sessions, at(1), 1));
    assertTrue(e.getMessage().contains("must not merge"), e.getMessage());
  }

  @Test
  void coderRoundTripKeepsWindowsAndStatistics() throws Exception {
    OpenWindows open = OpenWindows.empty();
    WindowFn<Object, ? extends BoundedWindow> fn = fn("sliding:30m/10m");
    open.add(fn, at(5), 1.5);
    open.add(fn, at(7), -2.25);
    byte[] bytes = CoderUtils.encodeToByteArray(OpenWindows.coder(), open);
    OpenWindows decoded = CoderUtils.decodeFromByteArray(OpenWindows.coder(), bytes);
    Closed a = new Closed();
    Closed b = new Closed();
    open.closeAll(a::accept);
    decoded.closeAll(b::accept);
    assertEquals(a.windows, b.windows);
    assertEquals(a.stats, b.stats);
    assertEquals(3, a.windows.size());
  }

  /** The state per sensor that the shared pass adds: one tumbling window is under 64 bytes. */
  @Test
  void oneOpenWindowEncodesInUnder64Bytes() throws Exception {
    OpenWindows open = OpenWindows.empty();
    WindowFn<Object, ? extends BoundedWindow> fn = fn("tumbling:1h");
    for (int m = 0; m < 60; m++) {
      open.add(fn, at(m), 1e6 + m * 0.1);
    }
    int bytes = CoderUtils.encodeToByteArray(OpenWindows.coder(), open).length;
    assertTrue(bytes > 40 && bytes < 64, bytes + " bytes");
  }
}
