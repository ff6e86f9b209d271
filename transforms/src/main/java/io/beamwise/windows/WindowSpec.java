package io.beamwise.windows;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.apache.beam.sdk.transforms.windowing.Trigger;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.joda.time.Duration;

/**
 * An event-time window specification: the windows, the allowed lateness, the triggering (early
 * and late firings) and the accumulation mode, as one immutable value with a text form for
 * command lines.
 *
 * <h2>Text form</h2>
 *
 * <pre>
 * spec     = kind ":" sizes *( "," option )
 * kind     = "tumbling" | "sliding" | "session"
 * sizes    = SIZE                      tumbling: window size; session: gap
 *          | SIZE "/" PERIOD           sliding: window size / how often a window starts
 * option   = "lateness=" DURATION      allowed lateness (default 0)
 *          | "early=" DURATION         early panes, DURATION of processing time after the
 *                                      first element of a pane, repeatedly
 *          | "early=" COUNT            early panes every COUNT elements
 *          | "late=each"               a late pane for every late element (the default when
 *                                      lateness &gt; 0)
 *          | "late=" DURATION          late panes DURATION of processing time after the first
 *                                      late element
 *          | "accumulating" | "discarding"   pane contents (default discarding)
 * DURATION = a positive integer and ms | s | m | h | d, or ISO-8601 (PT10S)
 * </pre>
 *
 * <p>Examples: {@code tumbling:10s}, {@code sliding:1m/10s}, {@code session:5m}, {@code
 * tumbling:1h,lateness=10m,early=30s,accumulating}. A bare duration ({@code 1h}) means {@code
 * tumbling:1h}.
 *
 * <p>Valid ranges: sizes, gaps and periods in [1ms, 366d], a period at most the size; lateness
 * in [0, 366d]; early and late delays in [1ms, 1d]; early counts in [1, 1000000000]. Late
 * firings need lateness &gt; 0: with lateness 0 there is no late pane, and with lateness &gt; 0
 * there is always one, so data within the allowed lateness is never silently discarded. Every
 * violation throws {@link IllegalArgumentException} naming the bad part and the valid range.
 *
 * <p>Panes: an on-time pane when the watermark passes the end of the window (if it has data);
 * empty panes are never emitted. Windows are aligned to the epoch in UTC.
 */
public final class WindowSpec implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Duration MAX_SIZE = Duration.standardDays(366);
  private static final Duration MAX_DELAY = Duration.standardDays(1);

  /** The kind of windows. */
  public enum Kind {
    TUMBLING,
    SLIDING,
    SESSION
  }

  private final Kind kind;
  private final Duration size;
  private final Duration period; // sliding only
  private final Duration lateness;
  private final Duration earlyDelay; // null: none
  private final int earlyCount; // 0: none
  private final Duration lateDelay; // null: a late pane per element
  private final boolean lateGiven; // late firings asked for explicitly
  private final boolean accumulating;

  private WindowSpec(
      Kind kind,
      Duration size,
      Duration period,
      Duration lateness,
      Duration earlyDelay,
      int earlyCount,
      Duration lateDelay,
      boolean lateGiven,
      boolean accumulating) {
    this.kind = kind;
    this.size = size;
    this.period = period;
    this.lateness = lateness;
    this.earlyDelay = earlyDelay;
    this.earlyCount = earlyCount;
    this.lateDelay = lateDelay;
    this.lateGiven = lateGiven;
    this.accumulating = accumulating;
  }

  /** Tumbling (fixed) windows of {@code size}. */
  public static WindowSpec tumbling(Duration size) {
    checkRange("tumbling size", size, Duration.millis(1), MAX_SIZE);
    return new WindowSpec(Kind.TUMBLING, size, null, Duration.ZERO, null, 0, null, false, false);
  }

  /** Sliding windows of {@code size} starting every {@code period}. */
  public static WindowSpec sliding(Duration size, Duration period) {
    checkRange("sliding size", size, Duration.millis(1), MAX_SIZE);
    checkRange("sliding period", period, Duration.millis(1), size);
    return new WindowSpec(Kind.SLIDING, size, period, Duration.ZERO, null, 0, null, false, false);
  }

  /** Session windows closed by a {@code gap} without data (per key). */
  public static WindowSpec sessions(Duration gap) {
    checkRange("session gap", gap, Duration.millis(1), MAX_SIZE);
    return new WindowSpec(Kind.SESSION, gap, null, Duration.ZERO, null, 0, null, false, false);
  }

  /** Data up to {@code lateness} behind the watermark still updates its window (late panes). */
  public WindowSpec withAllowedLateness(Duration lateness) {
    checkRange("lateness", lateness, Duration.ZERO, MAX_SIZE);
    return new WindowSpec(kind, size, period, lateness, earlyDelay, earlyCount, lateDelay, lateGiven, accumulating);
  }

  /** Early panes {@code delay} of processing time after the first element of each pane. */
  public WindowSpec withEarlyFiringsAfter(Duration delay) {
    checkRange("early delay", delay, Duration.millis(1), MAX_DELAY);
    return new WindowSpec(kind, size, period, lateness, delay, 0, lateDelay, lateGiven, accumulating);
  }

  /** Early panes every {@code count} elements. */
  public WindowSpec withEarlyFiringsEvery(int count) {
    checkArgument(
        count >= 1 && count <= 1_000_000_000, "early count must be in [1, 1000000000], got %s", count);
    return new WindowSpec(kind, size, period, lateness, null, count, lateDelay, lateGiven, accumulating);
  }

  /**
   * One late pane per late element (the default when lateness &gt; 0). Needs lateness &gt; 0,
   * checked when the spec is used.
   */
  public WindowSpec withLateFiringsEach() {
    return new WindowSpec(kind, size, period, lateness, earlyDelay, earlyCount, null, true, accumulating);
  }

  /**
   * Late panes {@code delay} of processing time after the first late element. Needs lateness
   * &gt; 0, checked when the spec is used.
   */
  public WindowSpec withLateFiringsAfter(Duration delay) {
    checkRange("late delay", delay, Duration.millis(1), MAX_DELAY);
    return new WindowSpec(kind, size, period, lateness, earlyDelay, earlyCount, delay, true, accumulating);
  }

  /** Each pane holds everything seen so far in its window. */
  public WindowSpec accumulating() {
    return new WindowSpec(kind, size, period, lateness, earlyDelay, earlyCount, lateDelay, lateGiven, true);
  }

  /** Each pane holds only what arrived since the previous pane (the default). */
  public WindowSpec discarding() {
    return new WindowSpec(kind, size, period, lateness, earlyDelay, earlyCount, lateDelay, lateGiven, false);
  }

  /**
   * Parses the text form (see the class comment).
   *
   * @throws IllegalArgumentException naming the bad part and the valid values
   */
  public static WindowSpec parse(String text) {
    checkArgument(text != null && !text.isBlank(), "window spec is empty; e.g. tumbling:10s");
    String[] parts = text.trim().split(",");
    String head = parts[0].trim();
    int colon = head.indexOf(':');
    WindowSpec spec;
    if (colon < 0) {
      spec = tumbling(Durations.parse("window size", head));
    } else {
      String kind = head.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String sizes = head.substring(colon + 1).trim();
      switch (kind) {
        case "tumbling":
          spec = tumbling(Durations.parse("tumbling size", sizes));
          break;
        case "sliding":
          int slash = sizes.indexOf('/');
          checkArgument(
              slash > 0, "sliding needs SIZE/PERIOD, e.g. sliding:1m/10s; got '%s'", sizes);
          spec =
              sliding(
                  Durations.parse("sliding size", sizes.substring(0, slash)),
                  Durations.parse("sliding period", sizes.substring(slash + 1)));
          break;
        case "session":
        case "sessions":
          spec = sessions(Durations.parse("session gap", sizes));
          break;
        default:
          throw new IllegalArgumentException(
              "window kind '" + kind + "' is not one of tumbling, sliding, session (in '" + text + "')");
      }
    }
    for (int i = 1; i < parts.length; i++) {
      String option = parts[i].trim();
      String key = option.contains("=") ? option.substring(0, option.indexOf('=')).trim() : option;
      String value = option.contains("=") ? option.substring(option.indexOf('=') + 1).trim() : "";
      switch (key.toLowerCase(Locale.ROOT)) {
        case "lateness":
          spec = spec.withAllowedLateness(Durations.parseOrZero("lateness", value));
          break;
        case "early":
          spec =
              value.matches("\\d+")
                  ? spec.withEarlyFiringsEvery(parseCount("early", value))
                  : spec.withEarlyFiringsAfter(Durations.parse("early", value));
          break;
        case "late":
          spec =
              value.equalsIgnoreCase("each")
                  ? spec.withLateFiringsEach()
                  : spec.withLateFiringsAfter(Durations.parse("late", value));
          break;
        case "accumulating":
        case "discarding":
          checkArgument(
              !option.contains("="),
              "window option '%s' takes no value; write just %s (in '%s')",
              option,
              key,
              text);
          spec = key.equalsIgnoreCase("accumulating") ? spec.accumulating() : spec.discarding();
          break;
        default:
          throw new IllegalArgumentException(
              "window option '"
                  + option
                  + "' is not one of lateness=, early=, late=, accumulating, discarding (in '"
                  + text
                  + "')");
      }
    }
    try {
      spec.validate();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + " (in '" + text + "')", e);
    }
    return spec;
  }

  private static int parseCount(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " count must be in [1, 1000000000], got " + value, e);
    }
  }

  private static void checkRange(String name, Duration d, Duration min, Duration max) {
    checkArgument(d != null, "%s must not be null", name);
    checkArgument(
        !d.isShorterThan(min) && !d.isLongerThan(max),
        "%s must be in [%s, %s], got %s",
        name,
        Durations.format(min),
        Durations.format(max),
        Durations.format(d));
  }

  /**
   * Checks the parts that depend on each other (so that the builder methods commute).
   *
   * @throws IllegalArgumentException when late firings are asked for without lateness
   */
  public WindowSpec validate() {
    checkArgument(
        !lateGiven || lateness.getMillis() > 0,
        "late firings (late=) need an allowed lateness (lateness=) greater than 0");
    return this;
  }

  /** The Beam windowing transform: window function, trigger, lateness and accumulation mode. */
  public <T> Window<T> toWindow() {
    validate();
    Window<T> window =
        Window.<T>into(windowFn())
            .triggering(trigger())
            .withAllowedLateness(lateness, Window.ClosingBehavior.FIRE_IF_NON_EMPTY)
            .withOnTimeBehavior(Window.OnTimeBehavior.FIRE_IF_NON_EMPTY);
    return accumulating ? window.accumulatingFiredPanes() : window.discardingFiredPanes();
  }

  @SuppressWarnings("unchecked")
  public <T> WindowFn<T, ? extends BoundedWindow> windowFn() {
    switch (kind) {
      case TUMBLING:
        return (WindowFn<T, ? extends BoundedWindow>) (WindowFn<?, ?>) FixedWindows.of(size);
      case SLIDING:
        return (WindowFn<T, ? extends BoundedWindow>) (WindowFn<?, ?>) SlidingWindows.of(size).every(period);
      default:
        return (WindowFn<T, ? extends BoundedWindow>) (WindowFn<?, ?>) Sessions.withGapDuration(size);
    }
  }

  /** The trigger: on time at the watermark, with the early and late firings asked for. */
  public Trigger trigger() {
    AfterWatermark.FromEndOfWindow onTime = AfterWatermark.pastEndOfWindow();
    Trigger.OnceTrigger early = null;
    if (earlyDelay != null) {
      early = AfterProcessingTime.pastFirstElementInPane().plusDelayOf(earlyDelay);
    } else if (earlyCount > 0) {
      early = AfterPane.elementCountAtLeast(earlyCount);
    }
    Trigger.OnceTrigger late = null;
    if (lateness.getMillis() > 0) {
      late =
          lateDelay == null
              ? AfterPane.elementCountAtLeast(1)
              : AfterProcessingTime.pastFirstElementInPane().plusDelayOf(lateDelay);
    }
    if (early != null && late != null) {
      return onTime.withEarlyFirings(early).withLateFirings(late);
    }
    if (early != null) {
      return onTime.withEarlyFirings(early);
    }
    if (late != null) {
      return onTime.withLateFirings(late);
    }
    return onTime;
  }

  /** Whether early panes are asked for ({@code early=...}). */
  public boolean hasEarlyFirings() {
    return earlyDelay != null || earlyCount > 0;
  }

  public Kind getKind() {
    return kind;
  }

  /** Window size (tumbling, sliding) or gap (session). */
  public Duration getSize() {
    return size;
  }

  /** Sliding period, or null. */
  public Duration getPeriod() {
    return period;
  }

  public Duration getAllowedLateness() {
    return lateness;
  }

  public boolean isAccumulating() {
    return accumulating;
  }

  /** The canonical text form; {@code parse(toString())} equals this spec. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(kind.name().toLowerCase(Locale.ROOT)).append(':');
    s.append(Durations.format(size));
    if (period != null) {
      s.append('/').append(Durations.format(period));
    }
    if (lateness.getMillis() > 0) {
      s.append(",lateness=").append(Durations.format(lateness));
    }
    if (earlyDelay != null) {
      s.append(",early=").append(Durations.format(earlyDelay));
    } else if (earlyCount > 0) {
      s.append(",early=").append(earlyCount);
    }
    if (lateness.getMillis() > 0 || lateGiven) {
      s.append(",late=").append(lateDelay == null ? "each" : Durations.format(lateDelay));
    }
    s.append(accumulating ? ",accumulating" : ",discarding");
    return s.toString();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof WindowSpec)) {
      return false;
    }
    WindowSpec w = (WindowSpec) o;
    return kind == w.kind
        && size.equals(w.size)
        && Objects.equals(period, w.period)
        && lateness.equals(w.lateness)
        && Objects.equals(earlyDelay, w.earlyDelay)
        && earlyCount == w.earlyCount
        && Objects.equals(lateDelay, w.lateDelay)
        && (lateGiven || lateness.getMillis() > 0) == (w.lateGiven || w.lateness.getMillis() > 0)
        && accumulating == w.accumulating;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        kind, size, period, lateness, earlyDelay, earlyCount, lateDelay, lateGiven || lateness.getMillis() > 0, accumulating);
  }
}
