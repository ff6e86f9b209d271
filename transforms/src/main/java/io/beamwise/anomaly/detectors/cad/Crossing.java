package io.beamwise.anomaly.detectors.cad;

import static io.beamwise.anomaly.detectors.cad.ContextMemory.LEFT;
import static io.beamwise.anomaly.detectors.cad.ContextMemory.RIGHT;

import java.util.Arrays;

/**
 * How many of a fact set's facts each semi-context of one side of a {@link ContextMemory} holds
 * (scratch space): the right side crossed with a value's facts, the left side (its semi-contexts
 * with zero-level contexts) with the left facts.
 */
final class Crossing {
  private int[] stamp = new int[0];
  private int[] count = new int[0];
  private int epoch;
  private int[] neuronStamp = new int[0]; // left side: the epoch of neuronCount
  private int[] neuronCount = new int[0]; // left side: shared neuron facts
  private int[] inFacts = new int[0]; // left side, by context c: the epoch when facts hold its neuron
  private int[] sharedStamp = new int[0]; // left side: the epoch of shared
  private int[][] shared = new int[0][]; // left side: the shared facts, once asked for
  final IntList touchedNow = new IntList(); // the semi-contexts the last crossing touched

  /**
   * The crossing of the right side: how many of {@code facts} (a value's facts) each right
   * semi-context holds, for those that hold any, found from the index of the semi-contexts holding
   * each fact.
   */
  void crossRight(ContextMemory memory, int[] facts) {
    ensureCapacity(memory.semiCount(RIGHT));
    epoch++;
    touchedNow.clear();
    for (int f : facts) {
      IntList holders = memory.rightsHolding(f);
      for (int i = 0; i < holders.size(); i++) {
        int id = holders.get(i);
        if (stamp[id] != epoch) {
          stamp[id] = epoch;
          count[id] = 0;
          touchedNow.add(id);
        }
        count[id]++;
      }
    }
  }

  /**
   * The crossing of the left side: how many of {@code facts} (the left facts) each left
   * semi-context below {@code limit} that has a zero-level context holds, for those that hold
   * any, listed in ascending order. Shared neuron facts are counted from the index of the
   * semi-contexts holding each of the few neurons of {@code facts}; shared sensor facts from bit
   * masks in a pass over the set bits of the zero-level left semi-contexts.
   */
  void crossZeroLevel(ContextMemory memory, int[] facts, int limit) {
    int n = memory.semiCount(LEFT);
    ensureCapacity(n);
    if (neuronStamp.length < n) {
      neuronStamp = Arrays.copyOf(neuronStamp, Math.max(n, neuronStamp.length * 2));
      neuronCount = Arrays.copyOf(neuronCount, neuronStamp.length);
    }
    epoch++;
    touchedNow.clear();
    if (inFacts.length < memory.contextCount()) {
      inFacts = Arrays.copyOf(inFacts, Math.max(memory.contextCount(), 2 * inFacts.length));
    }
    for (int i = facts.length - 1; i >= 0 && facts[i] >= ContextMemory.NEURON; i--) {
      inFacts[facts[i] - ContextMemory.NEURON] = epoch;
      IntList holders = memory.leftsHoldingNeuron(facts[i]);
      for (int k = 0; k < holders.size(); k++) {
        int id = holders.get(k);
        if (neuronStamp[id] != epoch) {
          neuronStamp[id] = epoch;
          neuronCount[id] = 0;
        }
        neuronCount[id]++;
      }
    }
    long sensors = ContextMemory.sensorMaskOf(facts);
    int words = (limit + 63) >>> 6;
    for (int w = 0; w < words; w++) {
      long bits = memory.zeroLevelLefts(w);
      if (w == words - 1 && (limit & 63) != 0) {
        bits &= (1L << limit) - 1;
      }
      for (; bits != 0; bits &= bits - 1) {
        int id = (w << 6) + Long.numberOfTrailingZeros(bits);
        int shared = Long.bitCount(memory.sensorMask(id) & sensors);
        if (neuronStamp[id] == epoch) {
          shared += neuronCount[id];
        }
        if (shared > 0) {
          stamp[id] = epoch;
          count[id] = shared;
          touchedNow.add(id);
        }
      }
    }
  }

  /**
   * The facts of {@code facts} (the left facts of the last {@link #crossZeroLevel}, with sensor
   * facts {@code sensors} as a bit mask) that left semi-context {@code id} holds, sorted; kept
   * until the next crossing (a step's score and learning ask for the same ones).
   */
  int[] sharedLeftFacts(ContextMemory memory, int id, int[] facts, long sensors) {
    if (sharedStamp.length <= id) {
      sharedStamp = Arrays.copyOf(sharedStamp, Math.max(id + 1, stamp.length));
      shared = Arrays.copyOf(shared, sharedStamp.length);
    }
    if (sharedStamp[id] != epoch) {
      sharedStamp[id] = epoch;
      shared[id] = computeSharedLeftFacts(memory, id, facts, sensors);
    }
    return shared[id];
  }

  private int[] computeSharedLeftFacts(ContextMemory memory, int id, int[] facts, long sensors) {
    int[] out = new int[matched(id)];
    int n = 0;
    for (long bits = memory.sensorMask(id) & sensors; bits != 0; bits &= bits - 1) {
      out[n++] = Long.numberOfTrailingZeros(bits);
    }
    if (n < out.length) {
      int[] own = memory.facts(LEFT, id);
      int neuronFacts = memory.leftSize(id) - Long.bitCount(memory.sensorMask(id));
      if (out.length - n == neuronFacts) { // it shares all its neuron facts
        System.arraycopy(own, own.length - neuronFacts, out, n, neuronFacts);
        return out;
      }
      for (int i = own.length - neuronFacts; i < own.length; i++) {
        if (inFacts[own[i] - ContextMemory.NEURON] == epoch) {
          out[n++] = own[i];
        }
      }
    }
    return out;
  }

  /** How many of the last crossing's facts semi-context {@code id} holds. */
  int matched(int id) {
    return id < stamp.length && stamp[id] == epoch ? count[id] : 0;
  }

  /** The semi-contexts of the last crossing that it matched entirely. */
  int[] fullyMatched(ContextMemory memory, int side) {
    int[] full = new int[touchedNow.size()];
    int n = 0;
    for (int i = 0; i < touchedNow.size(); i++) {
      int id = touchedNow.get(i);
      if (count[id] == memory.facts(side, id).length) {
        full[n++] = id;
      }
    }
    return Arrays.copyOf(full, n);
  }

  /** Makes room for the counts of {@code n} semi-contexts. */
  private void ensureCapacity(int n) {
    if (stamp.length < n) {
      stamp = Arrays.copyOf(stamp, Math.max(n, stamp.length * 2));
      count = Arrays.copyOf(count, stamp.length);
    }
  }

  /** The semi-contexts below 64 that the last crossing touched, as a bit mask. */
  long touchedMask() {
    long mask = 0;
    for (int i = 0; i < touchedNow.size(); i++) {
      int id = touchedNow.get(i);
      if (id < 64) {
        mask |= 1L << id;
      }
    }
    return mask;
  }
}
