package io.beamwise.anomaly.detectors.cad;

import static io.beamwise.anomaly.detectors.cad.ContextMemory.LEFT;
import static io.beamwise.anomaly.detectors.cad.ContextMemory.RIGHT;

import java.util.Arrays;

/**
 * The facts of the parts of semi-contexts a step matched (left: with the left facts, right: with
 * the value's facts), each computed once per step, and the semi-contexts they are: the sides of
 * the step's potential new contexts. {@link #start} begins a step; the right parts are cached in
 * arrays reused step after step (scratch).
 */
final class MatchedParts {

  private final ContextMemory memory;
  private final Crossing leftCrossing;
  private final Crossing rightCrossing;
  private int[] leftFacts;
  private int[] sens;
  private long leftSensors;
  private int lastLeft;
  private int[] lastLeftFacts;
  private int lastLeftId;
  // The matched parts of right semi-contexts, per step (stamped with the step's epoch).
  private int[] rightStamp = new int[0];
  private int[][] rightParts = new int[0][];
  private int[] rightPartIds = new int[0];
  private int rightEpoch;

  MatchedParts(ContextMemory memory, Crossing leftCrossing, Crossing rightCrossing) {
    this.memory = memory;
    this.leftCrossing = leftCrossing;
    this.rightCrossing = rightCrossing;
  }

  /**
   * Begins a step that pairs {@code leftFacts} with a value's facts {@code sens}, after the
   * crossings of both sides.
   */
  MatchedParts start(int[] leftFacts, int[] sens) {
    this.leftFacts = leftFacts;
    this.sens = sens;
    this.leftSensors = ContextMemory.sensorMaskOf(leftFacts);
    this.lastLeft = -1;
    this.lastLeftFacts = null;
    this.lastLeftId = 0;
    int n = memory.semiCount(RIGHT);
    if (rightStamp.length < n) {
      int size = Math.max(n, 2 * rightStamp.length);
      rightStamp = new int[size];
      rightParts = new int[size][];
      rightPartIds = new int[size];
      rightEpoch = 0;
    }
    rightEpoch++;
    return this;
  }

  /** The left facts that left semi-context {@code left} holds (potentials of one come together). */
  int[] left(int left) {
    if (left != lastLeft) {
      int[] facts = memory.facts(LEFT, left);
      lastLeft = left;
      lastLeftFacts =
          leftCrossing.matched(left) == facts.length
              ? facts
              : leftCrossing.sharedLeftFacts(memory, left, leftFacts, leftSensors);
      lastLeftId = lastLeftFacts == facts ? left : Integer.MIN_VALUE;
    }
    return lastLeftFacts;
  }

  /** The left semi-context with exactly {@link #left}'s facts, or -1. */
  int leftId(int left) {
    left(left);
    if (lastLeftId == Integer.MIN_VALUE) {
      lastLeftId = memory.find(LEFT, lastLeftFacts);
    }
    return lastLeftId;
  }

  /** The facts of sens that right semi-context {@code right} holds. */
  int[] right(int right) {
    if (rightStamp[right] != rightEpoch) {
      rightStamp[right] = rightEpoch;
      int[] facts = memory.facts(RIGHT, right);
      int[] part = rightCrossing.matched(right) == facts.length ? facts : intersect(facts, sens);
      rightParts[right] = part;
      rightPartIds[right] = part == facts ? right : memory.find(RIGHT, part);
    }
    return rightParts[right];
  }

  /** The right semi-context with exactly {@link #right}'s facts, or -1. */
  int rightId(int right) {
    right(right);
    return rightPartIds[right];
  }

  /** The facts of sorted {@code a} that are in sorted {@code b}, in order. */
  private static int[] intersect(int[] a, int[] b) {
    int[] out = new int[Math.min(a.length, b.length)];
    int n = 0;
    for (int i = 0, j = 0; i < a.length && j < b.length; ) {
      if (a[i] == b[j]) {
        out[n++] = a[i];
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }
}
