package io.beamwise.anomaly.detectors.cad;

import static io.beamwise.anomaly.detectors.cad.ContextMemory.LEFT;
import static io.beamwise.anomaly.detectors.cad.ContextMemory.RIGHT;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The middle of the reference's step over one {@link ContextMemory}: given the crossing of the
 * right side with the value's facts, finds the selected and active contexts and the potential new
 * contexts ({@link Scan}), in the reference's order.
 */
final class ContextScanner {

  private static final int CONTAINED_CACHE = 64;

  private final ContextMemory memory;
  // How many of the left facts the left semi-contexts with zero-level contexts hold, counted when
  // a step forms a context; and how many of the value's facts each right semi-context holds.
  private final Crossing leftCrossing;
  private final Crossing rightCrossing;
  private final int maxLeftFacts;
  private final Map<LeftKey, Contained> containedCache = new HashMap<>();

  ContextScanner(ContextMemory memory, Crossing leftCrossing, Crossing rightCrossing, int maxLeftFacts) {
    this.memory = memory;
    this.leftCrossing = leftCrossing;
    this.rightCrossing = rightCrossing;
    this.maxLeftFacts = maxLeftFacts;
  }

  /** Drops the cached contained left semi-contexts (derived data). */
  void forget() {
    containedCache.clear();
  }

  /**
   * Walks the contexts of the left semi-contexts that share facts with the left facts: counts the
   * selected ones, lists the active ones and the potential new contexts (as left and right
   * semi-context pairs), in the reference's order. {@code newId} (the zero-level context formed in
   * this step, or -1) is left out; when no context was formed, context 0 is (the reference's
   * {@code False == 0}). Without a new zero-level context there are no potential contexts and only
   * fully contained left semi-contexts count, in any order (the active ones are sorted later), so
   * only those are visited.
   */
  Scan scan(Scan s, int[] leftFacts, boolean formed, int newId, int semisBefore) {
    s.clear();
    int[] fullRights = rightCrossing.fullyMatched(memory, RIGHT);
    s.touchedRightMask = rightCrossing.touchedMask();
    long fullRightMask = 0;
    for (int right : fullRights) {
      if (right < 64) {
        fullRightMask |= 1L << right;
      } else {
        s.wideRights = true;
      }
    }
    if (!formed) {
      // Context 0 is left out (the reference's False == 0): it belongs to one left semi-context.
      int leftOfFirst = memory.contextCount() > 0 ? memory.left(0) : -1;
      Contained contained = containedLefts(leftFacts, semisBefore);
      for (int i = 0; i < contained.size; i++) {
        int left = contained.lefts[i];
        selectAll(s, left, left == leftOfFirst ? 0 : -1, fullRights, fullRightMask);
      }
      return s;
    }
    // The reference crosses the left facts with the left semi-contexts before this step's
    // context exists (those below semisBefore): the fully contained ones are selected, and those
    // with zero-level contexts that share at most maxLeftFacts facts propose, in ascending order.
    int leftOfNew = newId >= 0 ? memory.left(newId) : -1; // none while only evaluating
    Contained contained = containedLefts(leftFacts, semisBefore);
    for (int i = 0; i < contained.size; i++) {
      int left = contained.lefts[i];
      selectAll(s, left, left == leftOfNew ? newId : -1, fullRights, fullRightMask);
    }
    leftCrossing.crossZeroLevel(memory, leftFacts, semisBefore);
    IntList crossed = leftCrossing.touchedNow;
    for (int i = 0; i < crossed.size(); i++) {
      int left = crossed.get(i);
      int matched = leftCrossing.matched(left);
      if (matched <= maxLeftFacts) {
        propose(s, left, matched == memory.leftSize(left), newId);
      }
    }
    return s;
  }

  /**
   * The left semi-contexts below {@code limit} that the left facts fully contain. Kept for the
   * last {@value #CONTAINED_CACHE} distinct left fact sets (a stream's left facts recur: the same
   * value facts with the same most active neurons), and brought up to date with the semi-contexts
   * created since; derived data, not state.
   */
  private Contained containedLefts(int[] leftFacts, int limit) {
    Contained c = containedCache.get(new LeftKey(leftFacts));
    if (c == null) {
      if (containedCache.size() >= CONTAINED_CACHE) {
        containedCache.clear();
      }
      c = new Contained(ContextMemory.sensorMaskOf(leftFacts), ContextMemory.neuronMaskOf(leftFacts));
      long sensorMask = c.sensorMask;
      long neuronMask = c.neuronMask;
      for (int f : leftFacts) {
        IntList candidates = memory.leftEndingWith(f);
        for (int i = 0; i < candidates.size(); i++) {
          int left = candidates.get(i);
          if (left >= limit) {
            break; // candidates are in creation order
          }
          if (contains(leftFacts, sensorMask, neuronMask, left)) {
            c.add(left);
          }
        }
      }
      c.semis = limit;
      containedCache.put(new LeftKey(leftFacts), c);
    } else if (c.semis < limit) {
      long sensorMask = c.sensorMask;
      long neuronMask = c.neuronMask;
      for (int left = c.semis; left < limit; left++) {
        if (memory.leftSize(left) > 0 && contains(leftFacts, sensorMask, neuronMask, left)) {
          c.add(left);
        }
      }
      c.semis = limit;
    }
    return c;
  }

  /** Whether the left facts (with these masks) hold every fact of non-empty left semi-context {@code left}. */
  private boolean contains(int[] leftFacts, long sensorMask, long neuronMask, int left) {
    return (memory.sensorMask(left) & ~sensorMask) == 0
        && (memory.neuronMask(left) & ~neuronMask) == 0
        && containsNeurons(leftFacts, memory.facts(LEFT, left));
  }

  /**
   * A fully contained left semi-context: all its contexts but {@code excluded} are selected, and
   * those whose right side the value's facts fully contain ({@code fullRights}, whose members
   * below 64 are {@code fullRightMask}) are active.
   */
  private void selectAll(Scan s, int left, int excluded, int[] fullRights, long fullRightMask) {
    s.selected += memory.contextCountOfLeft(left) - (excluded >= 0 ? 1 : 0);
    // Its active contexts, in any order (they are ranked later): those with the matched rights
    // below 64 from the bit masks, the others (rare) by lookup.
    for (long both = memory.rightMask(left) & fullRightMask; both != 0; both &= both - 1) {
      int c = memory.lowContextOf(left, Long.numberOfTrailingZeros(both));
      if (c != excluded) {
        s.active.add(c);
      }
    }
    if (s.wideRights) {
      for (int right : fullRights) {
        if (right >= 64) {
          int c = memory.contextOf(left, right);
          if (c >= 0 && c != excluded) {
            s.active.add(c);
          }
        }
      }
    }
  }

  /**
   * The potential new contexts a crossed left semi-context proposes in a step that formed context
   * {@code newId}: from each of its zero-level contexts whose right side the value's facts partly
   * hold (or, for a partly matched left side, hold at all), in the reference's order (slot order).
   */
  private void propose(Scan s, int left, boolean full, int newId) {
    int potentialsBefore = s.potential.size();
    if (!memory.hasWideZeroLevel(left)) {
      // Only zero-level contexts whose right side shares a fact with the value's: from the masks.
      for (long both = memory.zeroRightMask(left) & s.touchedRightMask; both != 0; both &= both - 1) {
        int right = Long.numberOfTrailingZeros(both);
        if (memory.lowContextOf(left, right) == newId) {
          continue;
        }
        if (!(full && rightCrossing.matched(right) == memory.facts(RIGHT, right).length)) {
          s.potential.add(left);
          s.potential.add(right);
        }
      }
      sortInSlotOrder(s, left, potentialsBefore);
      return;
    }
    Python2IntDict contexts = memory.contextsOfLeft(left);
    for (int i = 0; i < contexts.size(); i++) {
      int c = contexts.insertedValue(i);
      if (c == newId || !memory.isZeroLevel(c)) {
        continue;
      }
      int right = contexts.insertedKey(i);
      int shared = rightCrossing.matched(right);
      if (shared > 0 && !(full && shared == memory.facts(RIGHT, right).length)) {
        s.potential.add(left);
        s.potential.add(right);
      }
    }
    sortInSlotOrder(s, left, potentialsBefore);
  }

  /**
   * Sorts the potentials of left semi-context {@code left} (from index {@code from}) into the
   * reference's order: the slot order of its contexts' table.
   */
  private void sortInSlotOrder(Scan s, int left, int from) {
    int added = (s.potential.size() - from) / 2;
    if (added > 1) {
      Python2IntDict contexts = memory.contextsOfLeft(left);
      s.potential.sortPairsBy(from, added, right -> contexts.slotOf(right));
    }
  }

  /** Whether sorted {@code set} holds every neuron fact (those from 64 up) of sorted {@code facts}. */
  private static boolean containsNeurons(int[] set, int[] facts) {
    for (int i = facts.length - 1; i >= 0 && facts[i] >= 64; i--) {
      if (Arrays.binarySearch(set, facts[i]) < 0) {
        return false;
      }
    }
    return true;
  }

  /** A left fact set as a hash key. */
  private record LeftKey(int[] facts) {
    @Override
    public boolean equals(Object o) {
      return o instanceof LeftKey && Arrays.equals(facts, ((LeftKey) o).facts);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(facts);
    }
  }

  /** The left semi-contexts a left fact set contains, among the first {@code semis}. */
  private static final class Contained {
    final long sensorMask; // of the left fact set
    final long neuronMask;
    int[] lefts = new int[8];
    int size;
    int semis;

    Contained(long sensorMask, long neuronMask) {
      this.sensorMask = sensorMask;
      this.neuronMask = neuronMask;
    }

    void add(int left) {
      if (size == lefts.length) {
        lefts = Arrays.copyOf(lefts, size * 2);
      }
      lefts[size++] = left;
    }
  }
}
