package io.beamwise.anomaly.detectors;

import java.util.Arrays;

/**
 * The last {@code capacity} finite values of a series, kept both in arrival order (a ring, to know
 * which value leaves) and sorted (for order statistics in O(1) or O(capacity) without copying).
 * Shared by {@link RobustZScore}, {@link IqrDetector} and the adaptive {@link
 * io.beamwise.anomaly.Threshold} (hence public: not meant for users).
 *
 * <p>Adding a value costs a binary search and one {@link System#arraycopy} of at most {@code
 * capacity} doubles; a quantile is O(1) and the median absolute deviation O(log capacity). Values are ordered by {@link Double#compare}, the order of {@link
 * Arrays#sort(double[])}, so a window restored from its values in arrival order ({@link
 * #restore}) has a bit-identical sorted array to the one maintained incrementally. Memory: {@code
 * 2 * capacity} doubles.
 */
public final class SortedWindow {

  private final double[] ring;
  private final double[] sorted;
  private int head; // index of the oldest value
  private int size;

  public SortedWindow(int capacity) {
    this.ring = new double[capacity];
    this.sorted = new double[capacity];
  }

  public int capacity() {
    return ring.length;
  }

  public int size() {
    return size;
  }

  /** The {@code i}-th smallest value, 0-based. */
  public double sorted(int i) {
    return sorted[i];
  }

  /** The {@code i}-th oldest value, 0-based. */
  public double oldest(int i) {
    return ring[(head + i) % ring.length];
  }

  /** Adds {@code x}, evicting the oldest value when full. {@code x} must not be NaN. */
  public void add(double x) {
    if (size < ring.length) {
      ring[(head + size) % ring.length] = x;
      insert(x, size);
      size++;
      return;
    }
    double old = ring[head];
    ring[head] = x;
    head = (head + 1) % ring.length;
    int removed = Arrays.binarySearch(sorted, 0, size, old);
    if (removed < 0) {
      throw new IllegalStateException("sorted window lost the value " + old);
    }
    int at = Arrays.binarySearch(sorted, 0, size, x);
    if (at < 0) {
      at = -at - 1;
    }
    // One shift closes the gap at 'removed' and opens one where x belongs.
    if (at > removed) {
      System.arraycopy(sorted, removed + 1, sorted, removed, at - 1 - removed);
      sorted[at - 1] = x;
    } else {
      System.arraycopy(sorted, at, sorted, at + 1, removed - at);
      sorted[at] = x;
    }
  }

  /** Inserts {@code x} into {@code sorted[0, n)}. */
  private void insert(double x, int n) {
    int at = Arrays.binarySearch(sorted, 0, n, x);
    if (at < 0) {
      at = -at - 1;
    }
    System.arraycopy(sorted, at, sorted, at + 1, n - at);
    sorted[at] = x;
  }

  /** Writes the values oldest first, with their count: the whole state of the window. */
  public void writeTo(java.io.DataOutputStream data) throws java.io.IOException {
    data.writeInt(size);
    for (int i = 0; i < size; i++) {
      data.writeDouble(oldest(i));
    }
  }

  /**
   * Replaces the content by values written with {@link #writeTo}; the sorted copy is rebuilt, so
   * the window is bit-for-bit the one written.
   *
   * @throws org.apache.beam.sdk.coders.CoderException for a count that does not fit the capacity
   *     or a non-finite value
   */
  public void readFrom(java.io.DataInputStream data) throws java.io.IOException {
    int n = data.readInt();
    if (n < 0 || n > ring.length) {
      throw new org.apache.beam.sdk.coders.CoderException(
          "encoded window of " + n + " points does not fit window=" + ring.length);
    }
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = data.readDouble();
      if (!Double.isFinite(values[i])) {
        throw new org.apache.beam.sdk.coders.CoderException("encoded value " + values[i] + " is not finite");
      }
    }
    restore(values, n);
  }

  /** Replaces the content by {@code values}, oldest first. */
  public void restore(double[] values, int n) {
    if (n > ring.length) {
      throw new IllegalArgumentException(n + " values do not fit capacity " + ring.length);
    }
    System.arraycopy(values, 0, ring, 0, n);
    System.arraycopy(values, 0, sorted, 0, n);
    Arrays.sort(sorted, 0, n);
    head = 0;
    size = n;
  }

  /** {@code (a + b) / 2} without overflow (halving is exact above the subnormal range). */
  public static double midpoint(double a, double b) {
    return 0.5 * a + 0.5 * b;
  }

  /**
   * {@code fraction · (max − min)} of the window, computed as {@code fraction · max − fraction ·
   * min} so that it does not overflow for fractions up to 1/2; 0 when empty or for fraction 0. The
   * scale floor of {@link IqrDetector} and {@link RobustZScore}.
   */
  public double rangeFloor(double fraction) {
    int n = size();
    return n == 0 || fraction == 0 ? 0.0 : fraction * sorted(n - 1) - fraction * sorted(0);
  }

  /** The median: the middle value, or the midpoint of the two middle values. */
  public double median() {
    int n = size;
    return n % 2 == 1 ? sorted[n / 2] : midpoint(sorted[n / 2 - 1], sorted[n / 2]);
  }

  /**
   * The {@code p}-quantile by linear interpolation between order statistics, Hyndman and Fan
   * (1996) type 7 (the default of R's {@code quantile} and numpy's {@code percentile}): with
   * {@code h = (n − 1) p}, {@code Q = s[⌊h⌋] + (h − ⌊h⌋)(s[⌊h⌋ + 1] − s[⌊h⌋])}, 0-based.
   */
  public double quantile(double p) {
    double h = (size - 1) * p;
    int lo = (int) Math.floor(h);
    double fraction = h - lo;
    double a = sorted[lo];
    if (fraction == 0.0) {
      return a;
    }
    double b = sorted[lo + 1];
    double gap = b - a;
    if (Double.isFinite(gap)) {
      return a + fraction * gap;
    }
    return (1 - fraction) * a + fraction * b; // the gap overflows: the convex form cannot
  }

  /**
   * The median of {@code |s[i] − center|}, for {@code center} between the smallest and largest
   * value (the median). The deviations left of {@code center}, {@code center − s[p − 1 − i]}, and
   * right of it, {@code s[p + j] − center}, are two implicitly sorted runs, so each middle rank is
   * found by a binary search over how many come from the left run: O(log size), no copy.
   */
  public double medianAbsoluteDeviation(double center) {
    int n = size;
    int split = Arrays.binarySearch(sorted, 0, n, center);
    if (split < 0) {
      split = -split - 1;
    }
    double low = deviationOfRank((n - 1) / 2, center, split);
    return n % 2 == 1 ? low : midpoint(low, deviationOfRank(n / 2, center, split));
  }

  /**
   * The {@code rank}-th smallest (0-based) of {@code |s[i] − center|}, where {@code s[0, split)}
   * are at most {@code center} and {@code s[split, size)} at least {@code center}.
   */
  private double deviationOfRank(int rank, double center, int split) {
    int leftCount = split;
    int rightCount = size - split;
    // i deviations from the left run and rank + 1 − i from the right run are the rank + 1
    // smallest: find the least i with right(rank − i) <= left(i).
    int lo = Math.max(0, rank + 1 - rightCount);
    int hi = Math.min(rank + 1, leftCount);
    while (lo < hi) {
      int i = (lo + hi) >>> 1;
      int j = rank + 1 - i;
      if (sorted[split + j - 1] - center > center - sorted[split - 1 - i]) {
        lo = i + 1;
      } else {
        hi = i;
      }
    }
    int i = lo;
    int j = rank + 1 - i;
    double fromLeft = i > 0 ? center - sorted[split - i] : Double.NEGATIVE_INFINITY;
    double fromRight = j > 0 ? sorted[split + j - 1] - center : Double.NEGATIVE_INFINITY;
    return Math.max(fromLeft, fromRight);
  }

  /** The mean of {@code |s[i] − center|}, summed in sorted order (deterministic). */
  public double meanAbsoluteDeviation(double center) {
    double sum = 0;
    for (int i = 0; i < size; i++) {
      sum += Math.abs(sorted[i] - center);
    }
    return sum / size;
  }
}
