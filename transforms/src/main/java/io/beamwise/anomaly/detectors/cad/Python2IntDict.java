package io.beamwise.anomaly.detectors.cad;

/**
 * A map from non-negative int keys to int values, insert-only, that iterates its entries in the
 * order of CPython 2.7's {@code dict} for the same insertions: an open-addressing table of a
 * power-of-two size (8 at first), a key's first slot {@code key & mask}, then the perturbed probe
 * {@code i = 5i + perturb + 1; perturb >>>= 5}, and, when an insertion fills two thirds of the
 * table, a rehash into the smallest power of two above four times the number of keys (twice above
 * 50,000 keys) in slot order (CPython's {@code Objects/dictobject.c}, 2.7).
 *
 * <p>Why: {@link ContextualAnomalyDetector} follows NAB's reference run of CAD OSE, which walks
 * each left semi-context's contexts in this order, and the order decides the identifiers new
 * contexts get, and through them which contexts win ties later. Iterating in any other fixed
 * order gives a valid detector, but not NAB's published scores. Memory: two int arrays of the
 * table size (at most 3× the number of keys, at least 8).
 */
final class Python2IntDict {

  private static final int EMPTY = -1;
  private static final int MIN_SIZE = 8;

  private int[] keys;
  private int[] values;
  private int size;
  // The entries again, densely in insertion order, for visits where order does not matter.
  private int[] insertedKeys = new int[4];
  private int[] insertedValues = new int[4];

  Python2IntDict() {
    keys = emptyTable(MIN_SIZE);
    values = new int[MIN_SIZE];
  }

  int size() {
    return size;
  }

  /** The value of {@code key}, or -1 when absent. */
  int get(int key) {
    int slot = slotOf(key);
    return slot < 0 ? -1 : values[slot];
  }

  /** The table slot of {@code key} (its place in the iteration order), or -1 when absent. */
  int slotOf(int key) {
    int mask = keys.length - 1;
    long i = key & mask;
    long perturb = key;
    while (true) {
      int slot = (int) (i & mask);
      if (keys[slot] == EMPTY) {
        return -1;
      }
      if (keys[slot] == key) {
        return slot;
      }
      i = (i << 2) + i + perturb + 1;
      perturb >>>= 5;
    }
  }

  /**
   * Adds {@code key → value}; the key must be absent and non-negative.
   *
   * @throws IllegalArgumentException if the key is negative or present
   */
  void putNew(int key, int value) {
    if (key < 0 || get(key) != -1) {
      throw new IllegalArgumentException("key " + key + " is negative or already present");
    }
    place(keys, values, key, value);
    if (size == insertedKeys.length) {
      insertedKeys = java.util.Arrays.copyOf(insertedKeys, size * 2);
      insertedValues = java.util.Arrays.copyOf(insertedValues, size * 2);
    }
    insertedKeys[size] = key;
    insertedValues[size] = value;
    size++;
    if (size * 3 >= keys.length * 2) {
      grow((size > 50_000 ? 2 : 4) * size);
    }
  }

  /** The key of the {@code i}-th insertion ({@code i < size()}). */
  int insertedKey(int i) {
    return insertedKeys[i];
  }

  /** The value of the {@code i}-th insertion ({@code i < size()}). */
  int insertedValue(int i) {
    return insertedValues[i];
  }

  /** The number of table slots (for iteration with {@link #keyAt} and {@link #valueAt}). */
  int slots() {
    return keys.length;
  }

  /** The key in {@code slot}, or -1 when the slot is empty. */
  int keyAt(int slot) {
    return keys[slot];
  }

  int valueAt(int slot) {
    return values[slot];
  }

  private void grow(int minUsed) {
    int n = MIN_SIZE;
    while (n <= minUsed) {
      n <<= 1;
    }
    int[] newKeys = emptyTable(n);
    int[] newValues = new int[n];
    for (int s = 0; s < keys.length; s++) {
      if (keys[s] != EMPTY) {
        place(newKeys, newValues, keys[s], values[s]);
      }
    }
    keys = newKeys;
    values = newValues;
  }

  private static void place(int[] keys, int[] values, int key, int value) {
    int mask = keys.length - 1;
    long i = key & mask;
    long perturb = key;
    while (keys[(int) (i & mask)] != EMPTY) {
      i = (i << 2) + i + perturb + 1;
      perturb >>>= 5;
    }
    int slot = (int) (i & mask);
    keys[slot] = key;
    values[slot] = value;
  }

  private static int[] emptyTable(int n) {
    int[] t = new int[n];
    java.util.Arrays.fill(t, EMPTY);
    return t;
  }
}
