package io.beamwise.anomaly.detectors.cad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Python2IntDictTest {

  private static int[] iterationOrder(Python2IntDict d) {
    List<Integer> keys = new ArrayList<>();
    for (int s = 0; s < d.slots(); s++) {
      if (d.keyAt(s) >= 0) {
        keys.add(d.keyAt(s));
      }
    }
    return keys.stream().mapToInt(Integer::intValue).toArray();
  }

  private static Python2IntDict filled(int[] keys) {
    Python2IntDict d = new Python2IntDict();
    for (int i = 0; i < keys.length; i++) {
      d.putNew(keys[i], 1000 + i);
    }
    return d;
  }

  /** Orders CPython 2.7.18 prints for the same insertions ({@code d.keys()}). */
  @Test
  void iteratesInCpython27DictOrder() {
    assertArrayEquals(new int[] {3, 100, 5, 8, 13, 21}, iterationOrder(filled(new int[] {5, 13, 21, 3, 100, 8})));

    // keys = [(i*7919) % 1009 for i in range(60)]: collisions, perturbed probes and 3 resizes
    int[] keys = new int[60];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = (i * 7919) % 1009;
    }
    int[] python = {
      0, 641, 517, 513, 393, 397, 273, 914, 269, 149, 790, 25, 794, 29, 670, 546, 550, 426, 302, 943,
      178, 947, 182, 823, 116, 58, 699, 666, 703, 360, 579, 54, 455, 728, 331, 972, 207, 335, 976,
      211, 852, 87, 856, 91, 732, 608, 484, 422, 488, 364, 1005, 240, 881, 244, 885, 120, 761, 575,
      637, 819
    };
    Python2IntDict d = filled(keys);
    assertArrayEquals(python, iterationOrder(d));
    for (int i = 0; i < keys.length; i++) {
      assertEquals(1000 + i, d.get(keys[i]));
      assertEquals(keys[i], d.insertedKey(i));
      assertEquals(1000 + i, d.insertedValue(i));
    }
    assertEquals(-1, d.get(1008));
    assertEquals(60, d.size());
  }

  @Test
  void refusesRepeatedOrNegativeKeys() {
    Python2IntDict d = filled(new int[] {4});
    assertThrows(IllegalArgumentException.class, () -> d.putNew(4, 0));
    assertThrows(IllegalArgumentException.class, () -> d.putNew(-1, 0));
  }
}
