package io.beamwise.windows;

import java.util.Objects;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.joda.time.Instant;

/**
 * One pane of a windowed aggregation: the key ({@code null} for a global aggregation), the window
 * [{@code windowStart}, {@code windowEnd}) in UTC, the pane's timing ({@code EARLY}, {@code
 * ON_TIME} or {@code LATE}), its index (0 for the first pane of the window), whether it is the
 * window's final pane, and the aggregated value.
 *
 * <p>In discarding mode a pane's value covers the elements since the previous pane; in
 * accumulating mode everything so far in the window.
 *
 * @param <K> key type
 * @param <V> aggregate type
 */
public final class WindowResult<K, V> {

  private final K key;
  private final Instant windowStart;
  private final Instant windowEnd;
  private final PaneInfo.Timing timing;
  private final long paneIndex;
  private final boolean isFinal;
  private final V value;

  public WindowResult(
      K key,
      Instant windowStart,
      Instant windowEnd,
      PaneInfo.Timing timing,
      long paneIndex,
      boolean isFinal,
      V value) {
    this.key = key;
    this.windowStart = windowStart;
    this.windowEnd = windowEnd;
    this.timing = timing;
    this.paneIndex = paneIndex;
    this.isFinal = isFinal;
    this.value = value;
  }

  public K getKey() {
    return key;
  }

  public Instant getWindowStart() {
    return windowStart;
  }

  /** Exclusive end of the window. */
  public Instant getWindowEnd() {
    return windowEnd;
  }

  public PaneInfo.Timing getTiming() {
    return timing;
  }

  public long getPaneIndex() {
    return paneIndex;
  }

  public boolean isFinal() {
    return isFinal;
  }

  public V getValue() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof WindowResult)) {
      return false;
    }
    WindowResult<?, ?> w = (WindowResult<?, ?>) o;
    return Objects.equals(key, w.key)
        && windowStart.equals(w.windowStart)
        && windowEnd.equals(w.windowEnd)
        && timing == w.timing
        && paneIndex == w.paneIndex
        && isFinal == w.isFinal
        && Objects.equals(value, w.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, windowStart, windowEnd, timing, paneIndex, isFinal, value);
  }

  @Override
  public String toString() {
    return String.format(
        "WindowResult{key=%s, window=[%s, %s), %s#%d%s, value=%s}",
        key, windowStart, windowEnd, timing, paneIndex, isFinal ? " final" : "", value);
  }
}
