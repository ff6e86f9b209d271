package io.beamwise.benchmarks.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.beam.runners.flink.translation.types.EncodedValueComparator;
import org.apache.flink.core.memory.MemorySegment;
import org.apache.flink.core.memory.MemorySegmentFactory;
import org.junit.jupiter.api.Test;

/**
 * The patched comparator of Beam-encoded keys (beamwise-runners-flink-patches) offers Flink
 * normalized keys; Flink's sorter trusts a normalized key's order whenever two keys' normalized
 * bytes differ, so that order must agree with {@code compare}, including bytes of 0x80 and more.
 */
class EncodedValueComparatorTest {

  private static final int KEY_BYTES = 8;

  @Test
  void normalizedKeysOrderAsCompareDoes() {
    EncodedValueComparator comparator = new EncodedValueComparator(true);
    assertTrue(comparator.supportsNormalizedKey());
    assertTrue(comparator.isNormalizedKeyPrefixOnly(KEY_BYTES));
    Random random = new Random(7);
    MemorySegment a = MemorySegmentFactory.wrap(new byte[KEY_BYTES]);
    MemorySegment b = MemorySegmentFactory.wrap(new byte[KEY_BYTES]);
    int decidedByPrefix = 0;
    for (int i = 0; i < 100_000; i++) {
      byte[] x = randomKey(random);
      byte[] y = random.nextInt(4) == 0 ? x.clone() : randomKey(random);
      comparator.putNormalizedKey(x, a, 0, KEY_BYTES);
      comparator.putNormalizedKey(y, b, 0, KEY_BYTES);
      int prefix = Integer.signum(a.compare(b, 0, 0, KEY_BYTES));
      int full = Integer.signum(comparator.compare(x, y));
      if (prefix != 0) {
        decidedByPrefix++;
        assertEquals(prefix, full, "normalized key and compare disagree");
      }
    }
    assertTrue(decidedByPrefix > 50_000, "only " + decidedByPrefix + " decided by the prefix");
  }

  /** Keys of 0 to 12 bytes over the whole byte range, often sharing a prefix. */
  private static byte[] randomKey(Random random) {
    byte[] key = new byte[random.nextInt(13)];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (i < 3 && random.nextBoolean() ? 0x80 + i : random.nextInt(256));
    }
    return key;
  }
}
