package io.beamwise.anomaly.detectors.cad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The context memory of {@link ContextualAnomalyDetector}: semi-contexts (sorted sets of facts) on
 * the left and on the right, contexts (a left and a right semi-context, with an activation count
 * and a zero-level flag), and for each side an index from each fact to the semi-contexts that hold
 * it, in creation order. Identifiers are creation indices. Only grows.
 *
 * <p>A fact is an int: the sensor facts of a value's bits are {@code 2·bit + value} (0 … 61 for
 * the 31 bits a level may have), the below-range fact is {@value #BELOW_RANGE}, and the fact of
 * the neuron of context {@code c} is {@code NEURON + c}. For tie-breaking as NAB's reference run does, each semi-context also keeps
 * {@link #pythonHash} of its facts, with a neuron fact counted as {@code 2^31 + c} as the
 * reference does. {@link ContextMemoryCoder} writes and reads its bytes in a detector's state.
 */
final class ContextMemory {

  static final int LEFT = 0;
  static final int RIGHT = 1;

  /** The fact of a value below the expected range (not in NAB's reference, which has none). */
  static final int BELOW_RANGE = 62;

  /** The first neuron fact: {@code NEURON + c} is the fact of context {@code c}'s neuron. */
  static final int NEURON = 128;

  /** Semi-context facts, per side, by identifier. */
  private final List<int[]> leftFacts = new ArrayList<>();

  private final List<int[]> rightFacts = new ArrayList<>();
  private long[] leftHash = new long[16];
  private long[] leftSensorMask = new long[16]; // bit f set when the left semi-context holds fact f < 64
  private int[] leftZeroLevel = new int[16]; // zero-level contexts of each left semi-context
  // Flat per-left summaries, so that a scan over many left semi-contexts reads arrays only:
  private long[] leftNeuronMask = new long[16]; // bit c & 63 set for each neuron fact NEURON + c
  private int[] leftContextCount = new int[16]; // its contexts
  private long[] leftRightMask = new long[16]; // bit r set when it has a context with right r < 64
  private int[] leftSize = new int[16]; // its number of facts
  private long[] leftZeroRightMask = new long[16]; // bit r: a zero-level context with right r < 64
  private boolean[] leftZeroWide = new boolean[16]; // a zero-level context with a right from 64 up
  private long[] zeroLevelLefts = new long[1]; // bit l: left semi-context l has a zero-level context
  // Its contexts with right semi-contexts below 64, by right: the context with right r is at the
  // number of set bits of leftRightMask below r.
  private int[][] leftLowContexts = new int[16][];
  private static final int[] NO_CONTEXTS = new int[0];
  private long[] rightHash = new long[16];

  /** Per left semi-context: right semi-context → context, in the reference's iteration order. */
  private final List<Python2IntDict> leftContexts = new ArrayList<>();

  private final FactTable leftByFacts = new FactTable(leftFacts);
  private final FactTable rightByFacts = new FactTable(rightFacts);

  /**
   * Right side: fact → semi-contexts that hold it (creation order). The left side's sensor facts
   * need no such index: it is crossed by a pass over its flat per-semi-context masks, with its
   * neuron facts from {@link #leftByNeuron}.
   */
  private final List<IntList> rightBySensorFact = newIndex();

  /** Left semi-contexts by their largest fact: the candidates a fact set may fully contain. */
  private final List<IntList> leftByLargestSensorFact = newIndex();

  private final List<IntList> leftByLargestNeuron = new ArrayList<>();

  /**
   * Left side: for each context c, the left semi-contexts that hold its neuron fact {@code
   * NEURON + c} (creation order), so that a crossing counts shared neuron facts from the few
   * neurons of the left facts instead of looking them up in every semi-context.
   */
  private final List<IntList> leftByNeuron = new ArrayList<>();

  private int contexts;
  private int[] contextLeft = new int[16];
  private int[] contextRight = new int[16];
  private int[] activations = new int[16];
  // The hashes of each context's left and right semi-contexts, read when ranking active contexts.
  private long[] contextLeftHash = new long[16];
  private long[] contextRightHash = new long[16];
  private boolean[] zeroLevel = new boolean[16];

  int contextCount() {
    return contexts;
  }

  int semiCount(int side) {
    return facts(side).size();
  }

  int[] facts(int side, int id) {
    return facts(side).get(id);
  }

  /** The sensor facts (those below 64) of a left semi-context, as a bit mask. */
  long sensorMask(int left) {
    return leftSensorMask[left];
  }

  /** The sensor facts (those below 64) of sorted {@code facts}, as a bit mask. */
  static long sensorMaskOf(int[] facts) {
    long mask = 0;
    for (int f : facts) {
      if (f < 64) {
        mask |= 1L << f;
      }
    }
    return mask;
  }

  /** The neuron facts of a left semi-context, hashed to 64 bits: bit {@code c & 63} for context c. */
  long neuronMask(int left) {
    return leftNeuronMask[left];
  }

  /** The neuron facts of sorted {@code facts}, hashed to 64 bits as {@link #neuronMask}. */
  static long neuronMaskOf(int[] facts) {
    long mask = 0;
    for (int i = facts.length - 1; i >= 0 && facts[i] >= NEURON; i--) {
      mask |= 1L << (facts[i] - NEURON);
    }
    return mask;
  }

  /** The number of contexts of a left semi-context. */
  int contextCountOfLeft(int left) {
    return leftContextCount[left];
  }

  /**
   * The right semi-contexts below 64 with which a left semi-context forms contexts, as a bit mask
   * (a right semi-context from 64 up may or may not).
   */
  long rightMask(int left) {
    return leftRightMask[left];
  }

  long hash(int side, int id) {
    return side == LEFT ? leftHash[id] : rightHash[id];
  }

  Python2IntDict contextsOfLeft(int left) {
    return leftContexts.get(left);
  }

  int left(int context) {
    return contextLeft[context];
  }

  int right(int context) {
    return contextRight[context];
  }

  /** {@link #pythonHash} of the left semi-context of {@code context}. */
  long leftHashOf(int context) {
    return contextLeftHash[context];
  }

  /** {@link #pythonHash} of the right semi-context of {@code context}. */
  long rightHashOf(int context) {
    return contextRightHash[context];
  }

  int activations(int context) {
    return activations[context];
  }

  /** Counts an activation of {@code context}; returns its new count. */
  int activate(int context) {
    return ++activations[context];
  }

  boolean isZeroLevel(int context) {
    return zeroLevel[context];
  }

  void markZeroLevel(int context) {
    if (!zeroLevel[context]) {
      zeroLevel[context] = true;
      leftZeroLevel[contextLeft[context]]++;
      noteZeroLevel(contextLeft[context], contextRight[context]);
    }
  }

  private void noteZeroLevel(int l, int r) {
    if ((l >>> 6) >= zeroLevelLefts.length) {
      zeroLevelLefts = Arrays.copyOf(zeroLevelLefts, Math.max((l >>> 6) + 1, 2 * zeroLevelLefts.length));
    }
    zeroLevelLefts[l >>> 6] |= 1L << l;
    if (r < 64) {
      leftZeroRightMask[l] |= 1L << r;
    } else {
      leftZeroWide[l] = true;
    }
  }

  /**
   * The left semi-contexts {@code 64·word … 64·word + 63} that have a zero-level context, as a
   * bit mask (bit {@code l & 63}).
   */
  long zeroLevelLefts(int word) {
    return word < zeroLevelLefts.length ? zeroLevelLefts[word] : 0L;
  }

  /** The right semi-contexts below 64 of a left semi-context's zero-level contexts, as a mask. */
  long zeroRightMask(int left) {
    return leftZeroRightMask[left];
  }

  /** Whether a left semi-context has a zero-level context with a right semi-context from 64 up. */
  boolean hasWideZeroLevel(int left) {
    return leftZeroWide[left];
  }

  /** How many of a left semi-context's contexts are zero-level. */
  int zeroLevelCount(int left) {
    return leftZeroLevel[left];
  }

  /** The semi-context of {@code side} with exactly these (sorted) facts, or -1. */
  int find(int side, int[] facts) {
    return (side == LEFT ? leftByFacts : rightByFacts).find(facts);
  }

  /** The context of these left and right facts, or -1 when there is none. */
  int findContext(int[] left, int[] right) {
    int l = find(LEFT, left);
    if (l < 0) {
      return -1;
    }
    int r = find(RIGHT, right);
    return r < 0 ? -1 : contextOf(l, r);
  }

  /** The context of left and right semi-contexts {@code l} and {@code r}, or -1. */
  int contextOf(int l, int r) {
    if (r < 64) {
      long mask = leftRightMask[l];
      long bit = 1L << r;
      return (mask & bit) == 0 ? -1 : leftLowContexts[l][Long.bitCount(mask & (bit - 1))];
    }
    return leftContexts.get(l).get(r);
  }

  /**
   * The context of left semi-context {@code l} with right semi-context {@code r} below 64, given
   * that it exists ({@link #rightMask} has bit r).
   */
  int lowContextOf(int l, int r) {
    return leftLowContexts[l][Long.bitCount(leftRightMask[l] & ((1L << r) - 1))];
  }

  private void link(int l, int r, int c) {
    leftContexts.get(l).putNew(r, c);
    leftContextCount[l]++;
    if (r < 64) {
      long mask = leftRightMask[l];
      int at = Long.bitCount(mask & ((1L << r) - 1));
      int[] old = leftLowContexts[l];
      int[] low = new int[old.length + 1];
      System.arraycopy(old, 0, low, 0, at);
      low[at] = c;
      System.arraycopy(old, at, low, at + 1, old.length - at);
      leftLowContexts[l] = low;
      leftRightMask[l] = mask | (1L << r);
    }
  }

  /** The number of facts of a left semi-context. */
  int leftSize(int left) {
    return leftSize[left];
  }

  /**
   * Creates the context of these left and right facts, and the semi-contexts it needs; the
   * context must not exist. Returns its identifier.
   */
  int createContext(int[] left, int[] right, boolean isZeroLevel) {
    int l = findOrCreate(LEFT, left);
    int r = findOrCreate(RIGHT, right);
    int id = contexts++;
    if (id == contextLeft.length) {
      int n = id * 2;
      contextLeft = Arrays.copyOf(contextLeft, n);
      contextRight = Arrays.copyOf(contextRight, n);
      contextLeftHash = Arrays.copyOf(contextLeftHash, n);
      contextRightHash = Arrays.copyOf(contextRightHash, n);
      activations = Arrays.copyOf(activations, n);
      zeroLevel = Arrays.copyOf(zeroLevel, n);
    }
    place(id, l, r, isZeroLevel);
    leftByLargestNeuron.add(new IntList());
    leftByNeuron.add(new IntList());
    return id;
  }

  /** Records context {@code id} of semi-contexts {@code l} and {@code r} in the tables. */
  private void place(int id, int l, int r, boolean isZeroLevel) {
    contextLeft[id] = l;
    contextRight[id] = r;
    contextLeftHash[id] = leftHash[l];
    contextRightHash[id] = rightHash[r];
    zeroLevel[id] = isZeroLevel;
    leftZeroLevel[l] += isZeroLevel ? 1 : 0;
    if (isZeroLevel) {
      noteZeroLevel(l, r);
    }
    link(l, r, id);
  }

  // ------------------------------------------------------------------ restoring a decoded memory

  /**
   * Makes room for {@code contexts} decoded contexts: the context tables, and the index of the
   * left semi-contexts by neuron (neuron facts refer to contexts, so it is sized before the
   * semi-contexts are restored).
   */
  void reserveContexts(int contexts) {
    for (int c = 0; c < contexts; c++) {
      leftByLargestNeuron.add(new IntList());
      leftByNeuron.add(new IntList());
    }
    contextLeft = new int[Math.max(16, contexts)];
    contextRight = new int[contextLeft.length];
    contextLeftHash = new long[contextLeft.length];
    contextRightHash = new long[contextLeft.length];
    activations = new int[contextLeft.length];
    zeroLevel = new boolean[contextLeft.length];
  }

  /** Restores semi-context {@code facts} of {@code side}, new and the next identifier. */
  void restoreSemiContext(int side, int[] facts) {
    findOrCreate(side, facts);
  }

  /**
   * Restores context {@code c} (the next identifier, within {@link #reserveContexts}) of existing
   * semi-contexts {@code l} and {@code r}, which form no context yet.
   */
  void restoreContext(int c, int l, int r, int activationCount, boolean isZeroLevel) {
    activations[c] = activationCount;
    place(c, l, r, isZeroLevel);
    contexts = c + 1;
  }

  /**
   * The left semi-contexts whose largest fact is {@code fact}: a set of facts can only contain a
   * semi-context whose largest fact it holds.
   */
  IntList leftEndingWith(int fact) {
    if (fact >= NEURON) {
      int c = fact - NEURON;
      return c < leftByLargestNeuron.size() ? leftByLargestNeuron.get(c) : IntList.EMPTY;
    }
    return leftByLargestSensorFact.get(fact);
  }

  /** The left semi-contexts that hold neuron fact {@code fact} (from {@link #NEURON} up), in creation order. */
  IntList leftsHoldingNeuron(int fact) {
    int c = fact - NEURON;
    return c < leftByNeuron.size() ? leftByNeuron.get(c) : IntList.EMPTY;
  }

  /** The right semi-contexts that hold sensor fact {@code fact}, in creation order. */
  IntList rightsHolding(int fact) {
    return fact >= NEURON ? IntList.EMPTY : rightBySensorFact.get(fact);
  }

  private int findOrCreate(int side, int[] facts) {
    int id = find(side, facts);
    if (id >= 0) {
      return id;
    }
    List<int[]> all = facts(side);
    id = all.size();
    all.add(facts);
    long h = pythonHash(facts);
    if (side == LEFT) {
      if (id == leftHash.length) {
        leftHash = Arrays.copyOf(leftHash, id * 2);
        leftSensorMask = Arrays.copyOf(leftSensorMask, id * 2);
        leftZeroLevel = Arrays.copyOf(leftZeroLevel, id * 2);
        leftNeuronMask = Arrays.copyOf(leftNeuronMask, id * 2);
        leftContextCount = Arrays.copyOf(leftContextCount, id * 2);
        leftRightMask = Arrays.copyOf(leftRightMask, id * 2);
        leftSize = Arrays.copyOf(leftSize, id * 2);
        leftZeroRightMask = Arrays.copyOf(leftZeroRightMask, id * 2);
        leftZeroWide = Arrays.copyOf(leftZeroWide, id * 2);
        leftLowContexts = Arrays.copyOf(leftLowContexts, id * 2);
      }
      leftSize[id] = facts.length;
      leftLowContexts[id] = NO_CONTEXTS;
      leftHash[id] = h;
      leftSensorMask[id] = sensorMaskOf(facts);
      leftNeuronMask[id] = neuronMaskOf(facts);
      leftContexts.add(new Python2IntDict());
      leftByFacts.add(id);
      if (facts.length > 0) {
        int largest = facts[facts.length - 1];
        (largest >= NEURON ? leftByLargestNeuron.get(largest - NEURON) : leftByLargestSensorFact.get(largest))
            .add(id);
      }
      for (int i = facts.length - 1; i >= 0 && facts[i] >= NEURON; i--) {
        leftByNeuron.get(facts[i] - NEURON).add(id);
      }
    } else {
      if (id == rightHash.length) {
        rightHash = Arrays.copyOf(rightHash, id * 2);
      }
      rightHash[id] = h;
      rightByFacts.add(id);
    }
    if (side == RIGHT) {
      for (int f : facts) {
        rightBySensorFact.get(f).add(id);
      }
    }
    return id;
  }

  private List<int[]> facts(int side) {
    return side == LEFT ? leftFacts : rightFacts;
  }

  /**
   * The hash CPython 2.7 (64-bit) gives a tuple of these facts (Objects/tupleobject.c), a neuron
   * fact standing for {@code 2^31 + c}: NAB's reference run breaks ties between equally often
   * activated contexts by it.
   */
  static long pythonHash(int[] facts) {
    long x = 0x345678L;
    long mult = 1000003L;
    int remaining = facts.length;
    for (int f : facts) {
      remaining--;
      long y = f >= NEURON ? (1L << 31) + (f - NEURON) : f;
      x = (x ^ y) * mult;
      mult += 82520L + remaining + remaining;
    }
    x += 97531L;
    return x == -1 ? -2 : x;
  }

  private static List<IntList> newIndex() {
    List<IntList> index = new ArrayList<>();
    for (int f = 0; f <= BELOW_RANGE; f++) {
      index.add(new IntList());
    }
    return index;
  }
}
