package io.beamwise.anomaly.detectors.cad;

import java.util.Arrays;

/** A (left facts, right facts) pair as a hash key. */
final class PairKey {
  private final int[] left;
  private final int[] right;
  private final int hash;

  PairKey(int[] left, int[] right) {
    this.left = left;
    this.right = right;
    this.hash = 31 * Arrays.hashCode(left) + Arrays.hashCode(right);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PairKey
        && Arrays.equals(left, ((PairKey) o).left)
        && Arrays.equals(right, ((PairKey) o).right);
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
