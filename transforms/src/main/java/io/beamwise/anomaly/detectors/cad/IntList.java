package io.beamwise.anomaly.detectors.cad;

import java.util.Arrays;
import java.util.function.IntUnaryOperator;

/** A growable list of ints. */
final class IntList {
  static final IntList EMPTY = new IntList();

  private int[] items = new int[4];
  private int size;

  void add(int v) {
    if (size == items.length) {
      items = Arrays.copyOf(items, size * 2);
    }
    items[size++] = v;
  }

  int size() {
    return size;
  }

  void clear() {
    size = 0;
  }

  int get(int i) {
    return items[i];
  }

  /**
   * Sorts the {@code count} pairs from index {@code from} (items {@code from, from+1} are a
   * pair, ...) by {@code key} of each pair's second item; the keys are distinct.
   */
  void sortPairsBy(int from, int count, IntUnaryOperator key) {
    long[] keyed = new long[count];
    for (int p = 0; p < count; p++) {
      keyed[p] = ((long) key.applyAsInt(items[from + 2 * p + 1]) << 32) | p;
    }
    Arrays.sort(keyed);
    int[] copy = Arrays.copyOfRange(items, from, from + 2 * count);
    for (int p = 0; p < count; p++) {
      int source = (int) keyed[p];
      items[from + 2 * p] = copy[2 * source];
      items[from + 2 * p + 1] = copy[2 * source + 1];
    }
  }
}
