package io.beamwise.pipelines.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Down-samples one sensor's readings for a line chart, in one pass and in any arrival order: the
 * time span {@code [from, to]} is cut into {@code buckets} equal intervals and each keeps its
 * first, last, lowest and highest reading (M4: U. Jugel, Z. Jerzak, G. Hackenbroich, V. Markl,
 * "M4: A Visualization-Oriented Time Series Data Aggregation", PVLDB 7(10), 2014), plus its reading
 * with the highest anomaly score, so that a line drawn through the kept points at about one bucket
 * per pixel column looks like the line through all of them, and no score peak disappears. Alerts
 * are kept separately, all of them ({@link SensorSeries}).
 *
 * <p>Readings before {@code from} or after {@code to} go to the first or last bucket. Ties go to
 * the earlier reading, so the result does not depend on the order readings arrive in. Non-finite
 * values never count as lowest or highest.
 */
final class Downsampler {

  private static final int FIRST = 0;
  private static final int LAST = 1;
  private static final int LOW = 2;
  private static final int HIGH = 3;
  private static final int TOP_SCORE = 4;

  private final long from;
  private final long span;
  private final int buckets;
  private final Point[][] kept;
  private long added;

  /**
   * @param from start of the time span, epoch milliseconds
   * @param to end of the time span (inclusive), at or after {@code from}
   * @param buckets number of intervals, at least 1
   */
  Downsampler(long from, long to, int buckets) {
    if (buckets < 1) {
      throw new IllegalArgumentException("buckets must be at least 1: " + buckets);
    }
    if (to < from) {
      throw new IllegalArgumentException("time span [" + from + ", " + to + "] is empty");
    }
    this.from = from;
    this.span = to - from + 1;
    this.buckets = buckets;
    this.kept = new Point[buckets][];
  }

  /** The bucket of a time in {@code [0, buckets)}. */
  int bucketOf(long time) {
    long offset = Math.max(0, Math.min(span - 1, time - from));
    return (int) Math.min(buckets - 1, (long) ((double) offset * buckets / span));
  }

  void add(Point p) {
    added++;
    Point[] b = kept[bucketOf(p.time())];
    if (b == null) {
      kept[bucketOf(p.time())] = new Point[] {p, p, p, p, p};
      return;
    }
    if (earlier(p, b[FIRST])) {
      b[FIRST] = p;
    }
    if (earlier(b[LAST], p)) {
      b[LAST] = p;
    }
    if (lower(p, b[LOW])) {
      b[LOW] = p;
    }
    if (higher(p, b[HIGH])) {
      b[HIGH] = p;
    }
    if (p.score() > b[TOP_SCORE].score()
        || (p.score() == b[TOP_SCORE].score() && p.time() < b[TOP_SCORE].time())) {
      b[TOP_SCORE] = p;
    }
  }

  /** Readings passed to {@link #add}. */
  long added() {
    return added;
  }

  /** The kept readings in time order, each once. */
  List<Point> points() {
    Map<Point, Boolean> distinct = new IdentityHashMap<>();
    List<Point> out = new ArrayList<>();
    for (Point[] b : kept) {
      if (b == null) {
        continue;
      }
      for (Point p : b) {
        if (distinct.put(p, Boolean.TRUE) == null) {
          out.add(p);
        }
      }
    }
    out.sort(Comparator.comparingLong(Point::time).thenComparingDouble(Point::value));
    return out;
  }

  private static boolean earlier(Point a, Point b) {
    return a.time() < b.time() || (a.time() == b.time() && a.value() < b.value());
  }

  /** {@code a} should replace the lowest {@code b}: lower, or as low and earlier; finite first. */
  private static boolean lower(Point a, Point b) {
    return beats(a, b, Double.compare(b.value(), a.value()));
  }

  /** {@code a} should replace the highest {@code b}: higher, or as high and earlier; finite first. */
  private static boolean higher(Point a, Point b) {
    return beats(a, b, Double.compare(a.value(), b.value()));
  }

  private static boolean beats(Point a, Point b, int comparison) {
    if (!Double.isFinite(a.value())) {
      return false;
    }
    if (!Double.isFinite(b.value())) {
      return true;
    }
    return comparison > 0 || (comparison == 0 && a.time() < b.time());
  }
}
