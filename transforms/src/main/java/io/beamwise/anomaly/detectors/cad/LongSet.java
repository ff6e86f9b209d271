package io.beamwise.anomaly.detectors.cad;

import java.util.Arrays;

/** A set of non-negative longs, open addressing, cleared by {@link #reset} (scratch). */
final class LongSet {
  private long[] keys = new long[16];
  private int size;

  /** Empties the set, with room for {@code expected} keys. */
  void reset(int expected) {
    if (expected * 2 > keys.length) {
      keys = new long[Integer.highestOneBit(expected * 4 - 1)];
    }
    Arrays.fill(keys, -1L);
    size = 0;
  }

  int size() {
    return size;
  }

  /** Adds {@code key}; returns whether it was absent. The set must have room for it. */
  boolean add(long key) {
    int mask = keys.length - 1;
    long h = key * 0x9E3779B97F4A7C15L;
    for (int slot = (int) (h >>> 40) & mask; ; slot = (slot + 1) & mask) {
      long k = keys[slot];
      if (k == key) {
        return false;
      }
      if (k == -1L) {
        keys[slot] = key;
        size++;
        return true;
      }
    }
  }
}
