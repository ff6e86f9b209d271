package io.beamwise.anomaly.detectors.cad;

import static io.beamwise.anomaly.detectors.cad.ContextMemory.LEFT;
import static io.beamwise.anomaly.detectors.cad.ContextMemory.RIGHT;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.VarInt;

/**
 * The model a {@link ContextualAnomalyDetector} learns: its {@link ContextMemory} and the left
 * facts the next value is paired with, with the reference's step ({@link #step}, {@code
 * ContextualAnomalyDetectorOSE.step} of NAB's {@code cad_ose.py} with {@code context_operator.py})
 * and the same step's score without learning ({@link #evaluate}). A {@link #step} right after
 * {@link #evaluate} of the same facts reuses what the evaluation found. Besides the memory and the
 * left facts (its state), it keeps scratch space and what the last evaluation found, which change
 * no score.
 */
final class ContextModel {

  private final int maxContexts;
  private final ContextMemory memory;
  private int[] leftFacts;

  private final Crossing leftCrossing = new Crossing();
  private final Crossing rightCrossing = new Crossing();
  private final ContextScanner scanner;
  private final MatchedParts parts;
  private final ActiveRanking ranking;
  private final Scan evaluationScan = new Scan();
  private final Scan stepScan = new Scan();
  // What the last evaluate() of a value computed, for step() of the same value: its facts, its
  // unrested score, and its scan when it formed no context. Not state.
  private int[] lastFacts;
  private double lastScore;
  private Scan lastScan;
  private boolean lastFormed;
  // The potential contexts of the last evaluation that formed a context: their facts and their
  // semi-contexts then (-1: none). Not state.
  private int potentialCount;
  private final LongSet uniquePairs = new LongSet();
  private int[] potentialLeftIds = new int[0];
  private int[] potentialRightIds = new int[0];
  private int[][] potentialLeftFacts = new int[0][];
  private int[][] potentialRightFacts = new int[0][];

  /**
   * An empty model keeping at most {@code maxContexts} contexts, left semi-contexts of at most
   * {@code maxLeftFacts} facts and {@code maxActiveNeurons} active neurons (as the {@link
   * ContextualAnomalyDetector.Spec} fields of those names).
   */
  ContextModel(int maxContexts, int maxLeftFacts, int maxActiveNeurons) {
    this(maxContexts, maxLeftFacts, maxActiveNeurons, new ContextMemory(), new int[0]);
  }

  private ContextModel(
      int maxContexts, int maxLeftFacts, int maxActiveNeurons, ContextMemory memory, int[] leftFacts) {
    this.maxContexts = maxContexts;
    this.memory = memory;
    this.leftFacts = leftFacts;
    this.scanner = new ContextScanner(memory, leftCrossing, rightCrossing, maxLeftFacts);
    this.parts = new MatchedParts(memory, leftCrossing, rightCrossing);
    this.ranking = new ActiveRanking(memory, maxActiveNeurons);
  }

  /** Number of contexts in memory. */
  int contextCount() {
    return memory.contextCount();
  }

  /**
   * Drops what was derived for a later step (the last evaluation, the cached contained left
   * semi-contexts): not state.
   */
  void forgetEvaluation() {
    lastFacts = null;
    lastScan = null;
    scanner.forget();
  }

  /**
   * Learns the value with facts {@code sens}: the reference's {@code step}. Returns the step's
   * unrested score (by which the detector's rest counter goes).
   */
  double step(int[] sens) {
    // evaluate() of the same value, if it came just before, already computed the step's score.
    boolean evaluated = lastFacts != null && Arrays.equals(lastFacts, sens);
    int semisBefore = memory.semiCount(LEFT);
    boolean formed = false;
    int newId = -1;
    if (leftFacts.length > 0) {
      int existing = memory.findContext(leftFacts, sens);
      if (existing >= 0) {
        memory.markZeroLevel(existing);
      } else if (memory.contextCount() < maxContexts) {
        newId = memory.createContext(leftFacts, sens, true);
        formed = true;
      }
    }
    Scan scan;
    // evaluate() of the same value saw the same memory: the context formed here did not exist then,
    // it is left out of this step's scan as the evaluation never saw it, and a new right
    // semi-context only has that context.
    boolean reuse = evaluated && lastScan != null && lastFormed == formed;
    if (reuse) {
      scan = lastScan;
    } else {
      rightCrossing.crossRight(memory, sens);
      scan = scanner.scan(stepScan, leftFacts, formed, newId, semisBefore);
    }

    int[] next = ranking.activateAndRank(sens, scan.active);

    double current = evaluated ? lastScore : Double.NaN;
    if (formed && reuse) {
      // The evaluation found the potential contexts' facts and semi-contexts; those it did not
      // find may have been created since (by this step).
      for (int i = 0; i < potentialCount; i++) {
        int[] lf = potentialLeftFacts[i];
        int[] rf = potentialRightFacts[i];
        int l = potentialLeftIds[i] >= 0 ? potentialLeftIds[i] : memory.find(LEFT, lf);
        int r = potentialRightIds[i] >= 0 ? potentialRightIds[i] : memory.find(RIGHT, rf);
        boolean exists = l >= 0 && r >= 0 && memory.contextOf(l, r) >= 0;
        if (!exists && memory.contextCount() < maxContexts) {
          memory.createContext(lf, rf, false);
        }
      }
    } else if (formed) {
      // Potential contexts exist only in a step that formed a zero-level context.
      MatchedParts sides = parts.start(leftFacts, sens);
      Set<PairKey> unique = evaluated ? null : new HashSet<>();
      if (!evaluated) {
        unique.add(new PairKey(leftFacts, sens));
      }
      int created = 0;
      for (int i = 0; i < scan.potential.size(); i += 2) {
        int[] lf = sides.left(scan.potential.get(i));
        int[] rf = sides.right(scan.potential.get(i + 1));
        if (!evaluated) {
          unique.add(new PairKey(lf, rf));
        }
        if (memory.findContext(lf, rf) < 0 && memory.contextCount() < maxContexts) {
          memory.createContext(lf, rf, false);
          created++;
        }
      }
      if (!evaluated) {
        current = (1.0 - scan.activeShare() + (created + 1) / (double) unique.size()) / 2.0;
      }
    } else if (!evaluated) {
      current = (1.0 - scan.activeShare()) / 2.0;
    }

    leftFacts = next;
    lastFacts = null;
    lastScan = null;
    return current;
  }

  /** The unrested score of the value with these facts, without changing anything. */
  Evaluation evaluate(int[] sens) {
    int room = maxContexts - memory.contextCount();
    boolean formed = leftFacts.length > 0 && room > 0 && memory.findContext(leftFacts, sens) < 0;
    rightCrossing.crossRight(memory, sens);
    Scan scan = scanner.scan(evaluationScan, leftFacts, formed, -1, memory.semiCount(LEFT));
    double newShare = 0.0;
    if (formed) {
      MatchedParts sides = parts.start(leftFacts, sens);
      // The distinct potential pairs: as identifier pairs when both semi-contexts exist, else
      // by their facts (such a pair is new).
      uniquePairs.reset(scan.potential.size() / 2 + 1);
      Set<PairKey> uniqueFacts = null;
      int leftOwn = memory.find(LEFT, leftFacts);
      int rightOwn = memory.find(RIGHT, sens);
      if (leftOwn >= 0 && rightOwn >= 0) {
        uniquePairs.add(pairOf(leftOwn, rightOwn));
      } else {
        uniqueFacts = new HashSet<>();
        uniqueFacts.add(new PairKey(leftFacts, sens));
      }
      int fresh = 0;
      int count = scan.potential.size() / 2;
      if (potentialLeftIds.length < count) {
        int n = Math.max(count, 2 * potentialLeftIds.length);
        potentialLeftIds = new int[n];
        potentialRightIds = new int[n];
        potentialLeftFacts = new int[n][];
        potentialRightFacts = new int[n][];
      }
      potentialCount = count;
      for (int i = 0; i < count; i++) {
        int left = scan.potential.get(2 * i);
        int right = scan.potential.get(2 * i + 1);
        int leftId = sides.leftId(left);
        int rightId = sides.rightId(right);
        int[] lf = sides.left(left);
        int[] rf = sides.right(right);
        potentialLeftIds[i] = leftId;
        potentialRightIds[i] = rightId;
        potentialLeftFacts[i] = lf;
        potentialRightFacts[i] = rf;
        if (leftId >= 0 && rightId >= 0) {
          if (uniquePairs.add(pairOf(leftId, rightId)) && memory.contextOf(leftId, rightId) < 0) {
            fresh++;
          }
        } else {
          if (uniqueFacts == null) {
            uniqueFacts = new HashSet<>();
          }
          if (uniqueFacts.add(new PairKey(lf, rf))) {
            fresh++;
          }
        }
      }
      int distinct = uniquePairs.size() + (uniqueFacts == null ? 0 : uniqueFacts.size());
      newShare = (Math.min(fresh, room - 1) + 1) / (double) distinct;
    }
    Evaluation e = new Evaluation(scan.activeShare(), newShare);
    lastFacts = sens;
    lastScan = scan;
    lastFormed = formed;
    lastScore = e.score();
    return e;
  }

  private static long pairOf(int left, int right) {
    return ((long) left << 32) | right;
  }

  // ------------------------------------------------------------------ state encoding

  /** Writes the left facts and the context memory ({@link ContextMemoryCoder#encode}). */
  void encode(DataOutputStream data) throws IOException {
    VarInt.encode(leftFacts.length, data);
    for (int f : leftFacts) {
      VarInt.encode(f, data);
    }
    ContextMemoryCoder.encode(memory, data);
  }

  /**
   * Reads what {@link #encode} wrote, within the bounds the constructor takes.
   *
   * @throws CoderException on malformed or oversized state
   */
  static ContextModel decode(
      DataInputStream data, int maxContexts, int maxLeftFacts, int maxActiveNeurons) throws IOException {
    int facts = VarInt.decodeInt(data);
    if (facts < 0 || facts > 64 + maxActiveNeurons + 1) {
      throw new CoderException("encoded " + facts + " left facts is not a valid state");
    }
    int[] leftFacts = new int[facts];
    for (int i = 0; i < facts; i++) {
      leftFacts[i] = VarInt.decodeInt(data);
    }
    ContextMemory memory = ContextMemoryCoder.decode(data, maxContexts);
    for (int f : leftFacts) {
      if (f >= ContextMemory.NEURON && f - ContextMemory.NEURON >= memory.contextCount()) {
        throw new CoderException("encoded left fact " + f + " refers to a missing context");
      }
    }
    return new ContextModel(maxContexts, maxLeftFacts, maxActiveNeurons, memory, leftFacts);
  }
}
