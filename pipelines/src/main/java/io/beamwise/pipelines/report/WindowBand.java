package io.beamwise.pipelines.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One sensor's window statistics as a band: per window its start, mean and mean ± one standard
 * deviation. Of the panes of one window, accumulating panes keep only the last (it holds the
 * others); discarding panes each stay an entry. When there are more entries than {@code buckets},
 * the entries of each time bucket become one: the count-weighted mean of their means and the
 * envelope (lowest mean − std, highest mean + std), so the band never looks narrower than a
 * window inside it was.
 */
final class WindowBand {

  /**
   * One band entry over {@code [start, end)} (epoch ms); {@code low == high == mean} for a window
   * of one value (no deviation).
   */
  record Entry(long start, long end, double mean, double low, double high, long count) {}

  private final boolean accumulating;
  private final List<WindowRow> rows = new ArrayList<>();

  WindowBand(boolean accumulating) {
    this.accumulating = accumulating;
  }

  void add(WindowRow w) {
    rows.add(w);
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** Earliest window start, epoch milliseconds; only when not {@link #isEmpty()}. */
  long from() {
    return rows.stream().mapToLong(WindowRow::start).min().orElseThrow();
  }

  /** Latest window end (exclusive), epoch milliseconds; only when not {@link #isEmpty()}. */
  long to() {
    return rows.stream().mapToLong(WindowRow::end).max().orElseThrow();
  }

  /** The band in time order, at most {@code buckets} entries over {@code sampler}'s buckets. */
  List<Entry> entries(Downsampler sampler, int buckets) {
    List<Entry> all = new ArrayList<>();
    for (WindowRow w : panes()) {
      double std = Double.isFinite(w.std()) ? w.std() : 0;
      all.add(new Entry(w.start(), w.end(), w.mean(), w.mean() - std, w.mean() + std, w.count()));
    }
    all.sort(Comparator.comparingLong(Entry::start));
    if (all.size() <= buckets) {
      return all;
    }
    List<Entry> merged = new ArrayList<>();
    int bucket = -1;
    Entry acc = null;
    for (Entry e : all) {
      int b = sampler.bucketOf(e.start());
      if (acc != null && b == bucket) {
        long n = acc.count() + e.count();
        double mean = n == 0 ? acc.mean() : (acc.mean() * acc.count() + e.mean() * e.count()) / n;
        acc =
            new Entry(
                acc.start(),
                Math.max(acc.end(), e.end()),
                mean,
                Math.min(acc.low(), e.low()),
                Math.max(acc.high(), e.high()),
                n);
      } else {
        if (acc != null) {
          merged.add(acc);
        }
        acc = e;
        bucket = b;
      }
    }
    merged.add(acc);
    return merged;
  }

  private List<WindowRow> panes() {
    if (!accumulating) {
      return rows;
    }
    Map<String, WindowRow> last = new HashMap<>();
    for (WindowRow w : rows) {
      last.merge(w.start() + "/" + w.end(), w, (a, b) -> a.paneIndex() >= b.paneIndex() ? a : b);
    }
    return new ArrayList<>(last.values());
  }
}
