package io.beamwise.benchmarks.prototypes.htm;

import java.util.SplittableRandom;

/**
 * A random distributed scalar encoder: a value becomes {@code w} active bits of {@code n}; the
 * value's bucket {@code round((x − offset) / resolution)} picks a run of {@code w} consecutive
 * entries of an endless sequence of random bit positions, so neighbouring buckets share {@code w −
 * 1} bits, buckets {@code w} or more apart share only chance bits, and no range bounds the values
 * (source: S. Purdy, "Encoding Data for HTM Systems", arXiv:1602.05925, 2016, section on the random
 * distributed scalar encoder; our own code). The sequence grows outward from bucket 0 as values
 * reach new buckets, each entry drawn so that it differs from the {@code w − 1} entries beside it;
 * each direction has its own random stream, so the bits of a bucket do not depend on the order in
 * which buckets were first reached. Buckets beyond {@code ±maxBuckets} share the last ones' bits.
 */
final class ScalarSdrEncoder {
  private final int n;
  private final int w;
  private final double resolution;
  private final double offset;
  private final int maxBuckets;
  private final SplittableRandom up;
  private final SplittableRandom down;
  // sequence entries for indexes [low, high): entry i at seq[i - base]
  private int[] seq;
  private int base;
  private int low;
  private int high;

  ScalarSdrEncoder(int n, int w, double resolution, double offset, int maxBuckets, long seed) {
    this.n = n;
    this.w = w;
    this.resolution = resolution;
    this.offset = offset;
    this.maxBuckets = maxBuckets;
    SplittableRandom root = new SplittableRandom(seed);
    this.up = root.split();
    this.down = root.split();
    this.seq = new int[4 * w + 64];
    this.base = -seq.length / 2;
    this.low = 0;
    this.high = 0;
    while (high < w) {
      append(up);
    }
  }

  int width() {
    return n;
  }

  /** The bucket of {@code x}, clamped to {@code ±maxBuckets}. */
  int bucket(double x) {
    double b = Math.rint((x - offset) / resolution);
    return (int) Math.max(-maxBuckets, Math.min(maxBuckets, b));
  }

  /** Writes the active bits of {@code x}, shifted by {@code at}, into {@code out} from {@code from}. */
  int encode(double x, int[] out, int from, int at) {
    int b = bucket(x);
    while (high < b + w) {
      append(up);
    }
    while (low > b) {
      prepend(down);
    }
    for (int i = 0; i < w; i++) {
      out[from + i] = at + seq[b + i - base];
    }
    return from + w;
  }

  private int draw(SplittableRandom r, int neighboursFrom, int neighboursTo) {
    while (true) {
      int bit = r.nextInt(n);
      boolean clash = false;
      for (int i = neighboursFrom; i < neighboursTo && !clash; i++) {
        clash = seq[i - base] == bit;
      }
      if (!clash) {
        return bit;
      }
    }
  }

  private void append(SplittableRandom r) {
    if (high - base >= seq.length) {
      grow();
    }
    seq[high - base] = draw(r, Math.max(low, high - w + 1), high);
    high++;
  }

  private void prepend(SplittableRandom r) {
    if (low - 1 - base < 0) {
      grow();
    }
    seq[low - 1 - base] = draw(r, low, Math.min(high, low + w - 1));
    low--;
  }

  private void grow() {
    int[] bigger = new int[seq.length * 2];
    int shift = seq.length / 2;
    System.arraycopy(seq, low - base, bigger, low - base + shift, high - low);
    seq = bigger;
    base -= shift;
  }

  @Override
  public String toString() {
    return "rdse(n=" + n + ",w=" + w + ",resolution=" + resolution + ",buckets " + low + ".." + high + ")";
  }
}
