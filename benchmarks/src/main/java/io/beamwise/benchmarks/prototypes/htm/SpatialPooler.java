package io.beamwise.benchmarks.prototypes.htm;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A spatial pooler with global inhibition and no boosting: each of {@code columns} columns has a
 * random potential pool of {@code potentialPct} of the inputs, half of them initially connected
 * (permanence uniform above {@code connected}), half not (uniform below); a column's overlap is
 * its number of connected synapses on active inputs, and the {@code activeColumns} columns with
 * the largest overlap (above 0; ties by a fixed random order of the columns) become active. When
 * learning, each active column's synapses on active inputs gain {@code inc} and the others lose
 * {@code dec} (Hebbian rule). Duty cycles, boosting and the raising of weak columns are left out:
 * NAB's HTM run sets boosting off, and with half of each pool connected every column overlaps every
 * input. Source: Y. Cui, S. Ahmad and J. Hawkins, "The HTM Spatial Pooler — a neocortical algorithm
 * for online sparse distributed coding", Frontiers in Computational Neuroscience 11, 2017; our own
 * code.
 */
final class SpatialPooler {
  private final int inputs;
  private final int columns;
  private final int active;
  private final float connected;
  private final float inc;
  private final float dec;
  private final int words;
  private final int[][] pool; // column -> input indexes
  private final float[][] perm; // column -> permanence per pool entry
  private final long[][] connectedBits; // column -> bitset over inputs
  private final int[] tieOrder; // the columns in a fixed random order, for ties
  private final int[] overlap;
  private final long[] inputBits;

  SpatialPooler(
      int inputs, int columns, int active, double potentialPct, double connected, double inc, double dec, long seed) {
    this.inputs = inputs;
    this.columns = columns;
    this.active = active;
    this.connected = (float) connected;
    this.inc = (float) inc;
    this.dec = (float) dec;
    this.words = (inputs + 63) / 64;
    this.pool = new int[columns][];
    this.perm = new float[columns][];
    this.connectedBits = new long[columns][words];
    this.overlap = new int[columns];
    this.inputBits = new long[words];
    SplittableRandom r = new SplittableRandom(seed);
    int poolSize = (int) Math.round(potentialPct * inputs);
    int[] all = new int[inputs];
    for (int i = 0; i < inputs; i++) {
      all[i] = i;
    }
    for (int c = 0; c < columns; c++) {
      for (int i = 0; i < poolSize; i++) { // partial Fisher-Yates: the first poolSize entries
        int j = i + r.nextInt(inputs - i);
        int t = all[i];
        all[i] = all[j];
        all[j] = t;
      }
      int[] p = Arrays.copyOf(all, poolSize);
      Arrays.sort(p);
      pool[c] = p;
      perm[c] = new float[poolSize];
      for (int k = 0; k < poolSize; k++) {
        float v =
            r.nextBoolean()
                ? (float) (connected + (1.0 - connected) * r.nextDouble())
                : (float) (connected * r.nextDouble());
        perm[c][k] = v;
        if (v >= this.connected) {
          connectedBits[c][p[k] >>> 6] |= 1L << p[k];
        }
      }
    }
    Integer[] order = new Integer[columns];
    double[] key = new double[columns];
    for (int c = 0; c < columns; c++) {
      order[c] = c;
      key[c] = r.nextDouble();
    }
    Arrays.sort(order, (a, b) -> Double.compare(key[a], key[b]));
    this.tieOrder = new int[columns];
    for (int i = 0; i < columns; i++) {
      tieOrder[i] = order[i];
    }
  }

  int inputs() {
    return inputs;
  }

  int columns() {
    return columns;
  }

  /**
   * The active columns (ascending) for the active input bits {@code in[0..count)}; with {@code
   * learn}, adapts the active columns' permanences afterwards.
   */
  int[] compute(int[] in, int count, boolean learn) {
    Arrays.fill(inputBits, 0L);
    for (int i = 0; i < count; i++) {
      inputBits[in[i] >>> 6] |= 1L << in[i];
    }
    int maxOverlap = 0;
    for (int c = 0; c < columns; c++) {
      long[] b = connectedBits[c];
      int o = 0;
      for (int k = 0; k < words; k++) {
        o += Long.bitCount(b[k] & inputBits[k]);
      }
      overlap[c] = o;
      maxOverlap = Math.max(maxOverlap, o);
    }
    // the overlap t at which the winners are cut: fewer than `active` columns above it
    int[] atLeast = new int[maxOverlap + 2];
    for (int c = 0; c < columns; c++) {
      atLeast[overlap[c]]++;
    }
    int above = 0;
    int cut = maxOverlap;
    while (cut > 0 && above + atLeast[cut] < active) {
      above += atLeast[cut];
      cut--;
    }
    int[] winners;
    if (cut == 0) {
      winners = new int[above];
      int k = 0;
      for (int c = 0; c < columns; c++) {
        if (overlap[c] > 0) {
          winners[k++] = c;
        }
      }
    } else {
      winners = new int[active];
      int k = 0;
      for (int c = 0; c < columns; c++) {
        if (overlap[c] > cut) {
          winners[k++] = c;
        }
      }
      for (int i = 0; i < columns && k < active; i++) { // ties at the cut, in the fixed random order
        if (overlap[tieOrder[i]] == cut) {
          winners[k++] = tieOrder[i];
        }
      }
      Arrays.sort(winners);
    }
    if (learn) {
      for (int c : winners) {
        adapt(c);
      }
    }
    return winners;
  }

  /** Adapts {@code winners}, the result of the last {@link #compute} without learning, to its input. */
  void learn(int[] winners) {
    for (int c : winners) {
      adapt(c);
    }
  }

  private void adapt(int c) {
    int[] p = pool[c];
    float[] v = perm[c];
    long[] b = connectedBits[c];
    for (int k = 0; k < p.length; k++) {
      int i = p[k];
      boolean on = (inputBits[i >>> 6] & (1L << i)) != 0;
      float x = on ? Math.min(1f, v[k] + inc) : Math.max(0f, v[k] - dec);
      v[k] = x;
      if (x >= connected) {
        b[i >>> 6] |= 1L << i;
      } else {
        b[i >>> 6] &= ~(1L << i);
      }
    }
  }
}
