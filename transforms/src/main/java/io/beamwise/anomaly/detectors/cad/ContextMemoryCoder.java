package io.beamwise.anomaly.detectors.cad;

import static io.beamwise.anomaly.detectors.cad.ContextMemory.BELOW_RANGE;
import static io.beamwise.anomaly.detectors.cad.ContextMemory.LEFT;
import static io.beamwise.anomaly.detectors.cad.ContextMemory.NEURON;
import static io.beamwise.anomaly.detectors.cad.ContextMemory.RIGHT;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.VarInt;

/**
 * The bytes of a {@link ContextMemory} in a detector's state: the semi-contexts (facts, both
 * sides) and the contexts (left, right, activations, zero-level) in identifier order, as
 * variable-length ints. Hashes, indexes and iteration orders are rebuilt from them on {@link
 * #decode} (contexts are re-inserted in creation order, which reproduces each table exactly).
 */
final class ContextMemoryCoder {

  private ContextMemoryCoder() {}

  /** Writes {@code memory} as the class Javadoc says. */
  static void encode(ContextMemory memory, OutputStream out) throws IOException {
    for (int side = LEFT; side <= RIGHT; side++) {
      int semis = memory.semiCount(side);
      VarInt.encode(semis, out);
      for (int id = 0; id < semis; id++) {
        int[] f = memory.facts(side, id);
        VarInt.encode(f.length, out);
        for (int fact : f) {
          VarInt.encode(fact, out);
        }
      }
    }
    int contexts = memory.contextCount();
    VarInt.encode(contexts, out);
    for (int c = 0; c < contexts; c++) {
      VarInt.encode(memory.left(c), out);
      VarInt.encode(memory.right(c), out);
      VarInt.encode(memory.activations(c), out);
      out.write(memory.isZeroLevel(c) ? 1 : 0);
    }
  }

  /**
   * Reads what {@link #encode} wrote, refusing more than {@code maxContexts} contexts.
   *
   * @throws CoderException on malformed or oversized state
   */
  static ContextMemory decode(InputStream in, int maxContexts) throws IOException {
    ContextMemory m = new ContextMemory();
    List<int[]> pendingRights = new ArrayList<>();
    List<int[]> pendingLefts = new ArrayList<>();
    for (int side = LEFT; side <= RIGHT; side++) {
      int n = checkedCount(VarInt.decodeInt(in), maxContexts, "semi-contexts");
      for (int i = 0; i < n; i++) {
        int[] f = new int[checkedCount(VarInt.decodeInt(in), 1 << 16, "facts")];
        for (int k = 0; k < f.length; k++) {
          f[k] = VarInt.decodeInt(in);
          if (f[k] < 0 || (f[k] > BELOW_RANGE && f[k] < NEURON)) {
            throw new CoderException("encoded fact " + f[k] + " is not a valid fact");
          }
        }
        (side == LEFT ? pendingLefts : pendingRights).add(f);
      }
    }
    int contexts = checkedCount(VarInt.decodeInt(in), maxContexts, "contexts");
    m.reserveContexts(contexts);
    for (int[] f : pendingLefts) {
      checkNeurons(f, contexts);
      restoreSemiContext(m, LEFT, f);
    }
    for (int[] f : pendingRights) {
      if (f.length > 0 && f[f.length - 1] >= NEURON) {
        throw new CoderException("encoded right semi-context holds a neuron fact");
      }
      restoreSemiContext(m, RIGHT, f);
    }
    for (int c = 0; c < contexts; c++) {
      int l = VarInt.decodeInt(in);
      int r = VarInt.decodeInt(in);
      if (l < 0 || l >= pendingLefts.size() || r < 0 || r >= pendingRights.size()) {
        throw new CoderException("encoded context " + c + " refers to missing semi-contexts");
      }
      int activations = VarInt.decodeInt(in);
      int zero = in.read();
      if (zero != 0 && zero != 1) {
        throw new CoderException("encoded zero-level flag " + zero + " is not 0 or 1");
      }
      if (m.contextOf(l, r) != -1) {
        throw new CoderException("encoded context " + c + " repeats an earlier context");
      }
      m.restoreContext(c, l, r, activations, zero == 1);
    }
    return m;
  }

  private static void restoreSemiContext(ContextMemory m, int side, int[] facts) throws CoderException {
    if (m.find(side, facts) >= 0) {
      throw new CoderException("encoded semi-context repeats an earlier one");
    }
    for (int i = 1; i < facts.length; i++) {
      if (facts[i] <= facts[i - 1]) {
        throw new CoderException("encoded semi-context facts are not strictly increasing");
      }
    }
    m.restoreSemiContext(side, facts);
  }

  private static void checkNeurons(int[] facts, int contexts) throws CoderException {
    for (int f : facts) {
      if (f >= NEURON && f - NEURON >= contexts) {
        throw new CoderException("encoded neuron fact refers to missing context " + (f - NEURON));
      }
    }
  }

  private static int checkedCount(int n, int max, String what) throws CoderException {
    if (n < 0 || n > max) {
      throw new CoderException("encoded " + n + " " + what + ", at most " + max + " allowed");
    }
    return n;
  }
}
