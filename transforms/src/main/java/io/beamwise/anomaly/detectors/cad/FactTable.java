package io.beamwise.anomaly.detectors.cad;

import java.util.Arrays;
import java.util.List;

/**
 * The semi-contexts of one side by their facts: an open-addressing table of identifiers with
 * each semi-context's hash alongside, so that a lookup allocates nothing.
 */
final class FactTable {
  private final List<int[]> facts; // by identifier
  private int[] hashes = new int[16]; // by identifier
  private int[] slots = new int[64]; // identifier + 1, 0 when empty
  private int size;

  FactTable(List<int[]> facts) {
    this.facts = facts;
  }

  private static int hashOf(int[] facts) {
    int h = Arrays.hashCode(facts);
    return h ^ (h >>> 16) ^ (h >>> 7);
  }

  /** The identifier of the semi-context with exactly these facts, or -1. */
  int find(int[] query) {
    int h = hashOf(query);
    int mask = slots.length - 1;
    for (int slot = h & mask; ; slot = (slot + 1) & mask) {
      int entry = slots[slot];
      if (entry == 0) {
        return -1;
      }
      int id = entry - 1;
      if (hashes[id] == h && Arrays.equals(facts.get(id), query)) {
        return id;
      }
    }
  }

  /** Adds semi-context {@code id} (the next identifier), whose facts are not in the table. */
  void add(int id) {
    if (id == hashes.length) {
      hashes = Arrays.copyOf(hashes, id * 2);
    }
    hashes[id] = hashOf(facts.get(id));
    size++;
    if (size * 2 > slots.length) {
      slots = new int[slots.length * 2];
      for (int k = 0; k < id; k++) {
        place(k);
      }
    }
    place(id);
  }

  private void place(int id) {
    int mask = slots.length - 1;
    int slot = hashes[id] & mask;
    while (slots[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    slots[slot] = id + 1;
  }
}
