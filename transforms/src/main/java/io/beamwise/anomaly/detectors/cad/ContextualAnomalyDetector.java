package io.beamwise.anomaly.detectors.cad;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.anomaly.detectors.Detector;
import io.beamwise.anomaly.detectors.DetectorSpec;
import io.beamwise.anomaly.detectors.Scores;
import io.beamwise.anomaly.detectors.SpecChecks;
import io.beamwise.anomaly.detectors.ValueRange;
import io.beamwise.anomaly.detectors.cad.ContextMemory.IntList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.VarInt;

/**
 * The Contextual Anomaly Detector, open-source edition (CAD OSE) of M. Smirnov and V. Grinyov
 * (2016, https://github.com/smirmik/CAD), as it runs in the Numenta Anomaly Benchmark: {@code
 * nab/detectors/context_ose/} ({@code cad_ose.py}, {@code context_operator.py}) of
 * https://github.com/numenta/NAB (MIT licence at commit ea702d75). Given the same value range and
 * rest period it reproduces NAB's published CAD OSE scores row by row (see {@code docs/detectors.md}).
 *
 * <p><b>Encoding.</b> A value {@code x} becomes the level {@code ⌊(x − min) / step⌋} (truncated
 * toward zero) with {@code step = (max − min) / 7} over the expected range (7 when the range has
 * zero width, as the reference does), so the range splits into 7 levels and {@code max} itself is
 * level 7. Its facts are its bits: {@code 2·i + bit_i} for bits {@code i = 0 … 2}, more bits for a
 * value above the range (level 8 and up, as the reference), and for a value below the range the
 * bits of {@code |level|} plus a below-range fact (the reference has no rule for it). Levels are
 * capped at ±(2^31 − 1).
 *
 * <p><b>Contexts.</b> The detector keeps a memory of <em>contexts</em>: a left semi-context (the
 * previous step's facts: its value's facts and the facts of the "neurons" of its most active
 * contexts) paired with a right semi-context (a value's facts). Each step: the pair (previous
 * facts, current value's facts) is stored as a zero-level context if new; every context whose left
 * side the previous facts fully contain is <em>selected</em>, and it is <em>active</em> (its count
 * goes up) when the current value's facts contain its right side; a selected zero-level context
 * whose right side is only partly matched, or one whose left side is partly matched, yields a
 * potential new context of the matched parts (left parts of at most 7 facts), stored if new. The
 * next left facts are the value's facts plus the neurons of the 15 most often activated active
 * contexts.
 *
 * <p><b>Score.</b> {@code (1 − a + n) / 2} where {@code a} is the share of selected contexts that
 * are active (the past predicted this value) and {@code n}, when the zero-level pair was new, the
 * share of the step's potential contexts (with the zero-level one) that were new; 0 otherwise. After
 * a score of at least 0.75 (the base threshold), and at the start, the detector rests: it reports 0
 * for the next {@code restPeriod} points. A rest period of 0 never rests (the reference, through a
 * Python slice, then always reported 0).
 *
 * <p><b>Details kept from the reference</b>, which decide its published scores: ties among active
 * contexts are broken by CPython 2's tuple hash of their facts ({@link ContextMemory#pythonHash});
 * contexts are visited in CPython 2's dict order ({@link Python2IntDict}); the first context is
 * left out of a step's statistics unless a new context was formed in that step (in Python, context
 * id 0 compares equal to the "no new context" flag {@code False}).
 *
 * <p><b>Value range.</b> Created with a range ({@link DetectorSpec#create(ValueRange)}) the
 * detector uses it as given. Created without one it learns it: the first {@code warmUp} values are
 * kept; then the range is their minimum and maximum and they are learned in order. What happens to
 * a later value outside it is the spec's {@link LearnedRange}:
 *
 * <ul>
 *   <li>{@code WIDEN} (the default): the range widens to that value before the value is scored and
 *       learned (the range of everything seen so far), which moves the level boundaries of later
 *       values while the stored contexts keep the boundaries they were formed under.
 *   <li>{@code RELEARN}: the detector keeps its last {@code K} learned values ({@link
 *       Spec#keptValues}, the warm-up length by default: as many values as the first memory was
 *       built from; {@code 8·K} bytes of state). A value outside the range widens it on its side by
 *       the least amount that covers it and makes the width grow by at least {@code g} of itself
 *       ({@link Spec#growth}, 1: at least doubling; a zero-width range just reaches the value), and
 *       the context memory is rebuilt: a fresh memory learns the kept values again under the new
 *       range, oldest first, without scores and without changing the rest counter, so that every
 *       stored context is encoded with the current boundaries; then the value is scored (by
 *       {@link #score}, against the rebuilt memory) and learned. The memory forgets what came
 *       before the kept values. <b>Bound:</b> each rebuild multiplies the width by at least {@code
 *       1 + g}, so a stream whose values span a width {@code W} after a first positive width {@code
 *       w} rebuilds at most {@code 1 + log_{1+g}(W / w)} times (a series rising by 1 per point from
 *       a 150-point warm-up: 7 rebuilds in 10,000 points at g = 1), each costing {@code K} learning
 *       steps (in all at most log(2^2099) / log(1 + g), about 2,100 at g = 1, as the widths of
 *       finite doubles span less than 2^2099). With
 *       {@code g = 0} the range instead becomes exactly the range of every value learned, but at
 *       most once every {@code K} values learned (at most one replayed step per value learned;
 *       between rebuilds, values beyond the range get the levels beyond its ends, as on a grid).
 *   <li>{@code GRID}: the range never moves: values beyond it get the levels beyond its ends
 *       (above: more bits; below: {@code ⌊(x − min) / step⌋}, a below-range fact and the bits of
 *       its magnitude), so no boundary ever moves.
 * </ul>
 *
 * <p>Ready once the range is known and {@code restPeriod} points were learned (the initial rest,
 * during which the reference reports 0). {@link #score} does not change the model; {@link #learn}
 * does the reference's step. Memory grows with the number of distinct contexts (about 2,500 after
 * 10,000 NAB rows, 12,400 after 18,000 of cpu_utilization_asg_misconfiguration) up to {@code
 * maxContexts}; once full, no context is formed any more, so the score's share of new contexts is
 * 0 (only the share of selected contexts that were active counts). Time per point grows with the memory: a visit to each left semi-context the previous
 * facts contain (found from an index by largest fact, and kept for recurring left fact sets) with
 * its active contexts read from bit masks, and, in a step that forms a context, a pass over the
 * left semi-contexts that have zero-level contexts (the only ones that propose: shared sensor facts
 * from bit masks, shared neuron facts from an index of the semi-contexts holding each neuron). A
 * learn() right after score() of the same value reuses what the score found. Besides the state,
 * the detector keeps derived data that does not change a score: per left semi-context bit masks of
 * its facts and of the right semi-contexts it forms contexts with, a bit set of the left
 * semi-contexts with zero-level contexts, the left semi-contexts holding each neuron, a hash table
 * of each side's semi-contexts by facts, and the contained left semi-contexts of the last 64
 * distinct left fact sets.
 */
public final class ContextualAnomalyDetector implements Detector {

  private static final int LEFT = ContextMemory.LEFT;
  private static final int RIGHT = ContextMemory.RIGHT;
  private static final int VALUE_BITS = 3;
  private static final double MAX_LEVEL = (1 << VALUE_BITS) - 1.0;
  private static final long LEVEL_CAP = Integer.MAX_VALUE;

  private final Spec spec;
  private boolean rangeGiven; // set by the constructor or readState
  private ValueRange range; // null while the range is being learned
  private double[] warm; // values seen while learning the range
  private int warmCount;
  private ContextMemory memory = new ContextMemory();
  private int[] leftFacts = new int[0];
  private int quiet; // points since the last score >= baseThreshold (the initial 1.0 counts)
  private long steps;
  // RELEARN, once the range is learned: the last values learned (a ring, oldest at ringStart) and
  // the number of rebuilds of the memory.
  private double[] ring;
  private int ringStart;
  private int ringCount;
  private long rebuilds;
  // RELEARN with growth 0: the range of every finite value learned, and the values learned since
  // the memory was last built.
  private ValueRange seen;
  private long sinceRebuild;
  // RELEARN: the memory and left facts rebuilt under pendingRange by a score() of a value that
  // widens the range, for learn() of the same value. Not state: valid until the next learn().
  private ValueRange pendingRange;
  private ContextMemory pendingMemory;
  private int[] pendingLeftFacts;

  // Scratch: how many of the left facts the left semi-contexts with zero-level contexts hold,
  // counted when a step forms a context.
  private final Crossing leftCrossing = new Crossing();
  private final Crossing rightCrossing = new Crossing();
  private final Scan evaluationScan = new Scan();
  private final Scan stepScan = new Scan();
  private int[] heap = new int[0]; // ranking scratch
  private int[] heapCount = new int[0];
  // What the last score() of a value computed, for learn() of the same value: its facts, its
  // unrested score, and its scan when it formed no context. Not state.
  private int[] lastFacts;
  private double lastScore;
  private Scan lastScan;
  private boolean lastFormed;
  // The potential contexts of the last evaluation that formed a context: their facts and their
  // semi-contexts then (-1: none). Not state.
  private int potentialCount;
  // SideFacts' cache of the matched parts of right semi-contexts, per step (scratch).
  private int[] rightStamp = new int[0];
  private int[][] rightParts = new int[0][];
  private int[] rightPartIds = new int[0];
  private int rightEpoch;
  private final LongSet uniquePairs = new LongSet();
  private int[] potentialLeftIds = new int[0];
  private int[] potentialRightIds = new int[0];
  private int[][] potentialLeftFacts = new int[0][];
  private int[][] potentialRightFacts = new int[0][];

  private ContextualAnomalyDetector(Spec spec, ValueRange range) {
    this.spec = spec;
    this.rangeGiven = range != null;
    if (range != null) {
      this.range = range;
    } else {
      warm = new double[spec.warmUp];
    }
  }

  /**
   * CAD OSE's defaults (base threshold 0.75, left semi-contexts of at most 7 facts, 15 active
   * neurons) with a rest period of 30 points, a range learned from the first 150 values when none
   * is given, and at most 65,536 contexts.
   */
  public static Spec spec() {
    return new Spec(30, 150, 0.75, 7, 15, 1 << 16, LearnedRange.WIDEN, 0, 1.0);
  }

  @Override
  public boolean isReady() {
    return range != null && steps >= spec.restPeriod;
  }

  @Override
  public double score(double x) {
    if (range == null) {
      return 0.0;
    }
    double current = evaluateAt(x, rangeFor(x)).score();
    return quiet >= spec.restPeriod ? current : 0.0;
  }

  /**
   * The evaluation of {@code x} under range {@code r} as {@link #learn} of {@code x} will see it:
   * when relearning and {@code r} is wider than the range, against the memory rebuilt under
   * {@code r} (built once and kept aside for that learn()). Changes no state.
   */
  private Evaluation evaluateAt(double x, ValueRange r) {
    int[] facts = factsOf(levelOf(x, r));
    if (!relearnsFor(r)) {
      return evaluate(facts);
    }
    ContextMemory m = memory;
    int[] lf = leftFacts;
    ValueRange before = range;
    if (!r.equals(pendingRange)) {
      relearn(r);
      pendingRange = r;
      pendingMemory = memory;
      pendingLeftFacts = leftFacts;
    } else {
      use(pendingMemory, pendingLeftFacts);
    }
    try {
      return evaluate(facts);
    } finally {
      // What evaluate() kept for learn() belongs to the pending memory: learn() recomputes it.
      use(m, lf);
      range = before;
    }
  }

  /**
   * Makes {@code m} with left facts {@code lf} the memory in use, and drops what was derived from
   * the one before (not state).
   */
  private void use(ContextMemory m, int[] lf) {
    memory = m;
    leftFacts = lf;
    lastFacts = null;
    lastScan = null;
    containedCache.clear();
  }

  /**
   * {@code level} of {@code x}, the range's {@code min} and {@code max}, the share of selected
   * contexts that are {@code active}, the share of potential contexts that are {@code new}, the
   * unrested score {@code raw}, and the number of {@code contexts} in memory.
   */
  @Override
  public Map<String, Double> details(double x) {
    if (!isReady()) {
      return java.util.Collections.emptyMap();
    }
    ValueRange r = rangeFor(x);
    long level = levelOf(x, r);
    Evaluation e = evaluateAt(x, r);
    return Scores.details(
        "level", (double) level,
        "min", r.min(),
        "max", r.max(),
        "active", e.activeShare(),
        "new", e.newShare(),
        "raw", e.score(),
        "contexts", (double) (relearnsFor(r) ? pendingMemory : memory).contextCount(),
        "rebuilds", (double) (rebuilds + (relearnsFor(r) ? 1 : 0)));
  }

  /** Whether learning a value that needs range {@code r} rebuilds the memory. */
  private boolean relearnsFor(ValueRange r) {
    return r != range && spec.learnedRange == LearnedRange.RELEARN;
  }

  @Override
  public void learn(double x) {
    if (range == null) {
      warm[warmCount++] = x;
      if (warmCount == warm.length) {
        range = rangeOf(warm);
        double[] replay = warm;
        warm = null;
        warmCount = 0;
        if (spec.learnedRange == LearnedRange.RELEARN) {
          ring = new double[spec.keptValues()];
          seen = range;
        }
        for (double v : replay) {
          step(v);
          keep(v);
        }
        sinceRebuild = replay.length;
      }
      return;
    }
    ValueRange r = rangeFor(x);
    if (relearnsFor(r)) {
      if (r.equals(pendingRange)) {
        range = r;
        use(pendingMemory, pendingLeftFacts);
      } else {
        relearn(r);
      }
      rebuilds++;
      sinceRebuild = 0;
    }
    pendingRange = null;
    pendingMemory = null;
    pendingLeftFacts = null;
    range = r;
    step(x);
    keep(x);
    if (seen != null) {
      seen = Double.isFinite(x) ? seen.including(x) : seen;
      sinceRebuild = Math.min(sinceRebuild + 1, Long.MAX_VALUE - 1);
    }
  }

  /**
   * The current range, or for a learned range the range {@code x} needs: WIDEN widens it to
   * {@code x}, RELEARN widens it geometrically ({@link #widened}), GRID never moves it.
   */
  private ValueRange rangeFor(double x) {
    if (rangeGiven) {
      return range;
    }
    boolean finite = Double.isFinite(x);
    if (spec.learnedRange == LearnedRange.RELEARN && spec.growth == 0) {
      // Exact: the range of everything learned and x, at most once every KEEP values learned.
      ValueRange all = finite ? seen.including(x) : seen;
      return sinceRebuild < spec.keptValues() || all.equals(range) ? range : all;
    }
    if (!finite || range.contains(x)) {
      return range;
    }
    switch (spec.learnedRange) {
      case GRID:
        return range;
      case RELEARN:
        return widened(range, x, spec.growth);
      default:
        return range.including(x);
    }
  }

  /**
   * {@code r} widened to hold {@code x} (outside it) on x's side, with the least headroom beyond
   * {@code x} that makes the width grow by at least {@code growth} of itself (none for a range of
   * zero width: the first widening just reaches {@code x}). Ends are capped at ±Double.MAX_VALUE.
   */
  static ValueRange widened(ValueRange r, double x, double growth) {
    double target = (1.0 + growth) * r.width();
    if (x > r.max()) {
      double max = Math.max(x, Math.min(Double.MAX_VALUE, r.min() + target));
      return ValueRange.of(r.min(), max);
    }
    double min = Math.min(x, Math.max(-Double.MAX_VALUE, r.max() - target));
    return ValueRange.of(min, r.max());
  }

  /**
   * Rebuilds the context memory under range {@code r}: a fresh memory learns the kept values again,
   * oldest first, without scores; the rest counter and step count stay as they were (no point was
   * reported). The memory then equals that of a detector given {@code r} that learned the same
   * values.
   */
  private void relearn(ValueRange r) {
    int q = quiet;
    long s = steps;
    range = r;
    use(new ContextMemory(), new int[0]);
    for (int i = 0; i < ringCount; i++) {
      step(ring[(ringStart + i) % ring.length]);
    }
    quiet = q;
    steps = s;
  }

  /** Keeps {@code x} in the ring of the last values learned (RELEARN only). */
  private void keep(double x) {
    if (ring == null) {
      return;
    }
    if (ringCount < ring.length) {
      ring[(ringStart + ringCount++) % ring.length] = x;
    } else {
      ring[ringStart] = x;
      ringStart = (ringStart + 1) % ring.length;
    }
  }

  /** Min and max of the finite values ([0, 0] when there are none). */
  private static ValueRange rangeOf(double[] values) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      if (Double.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    return min <= max ? ValueRange.of(min, max) : ValueRange.of(0, 0);
  }

  private long levelOf(double x, ValueRange r) {
    double width = r.max() - r.min();
    double s = (width == 0.0 ? MAX_LEVEL : width) / MAX_LEVEL;
    double q = (x - r.min()) / s;
    // Toward zero, as Python's int(); with GRID and RELEARN the levels below a learned range go
    // on downwards (floor), so each level is one step wide. NaN gives 0.
    long level = spec.learnedRange != LearnedRange.WIDEN && !rangeGiven ? (long) Math.floor(q) : (long) q;
    return Math.max(-LEVEL_CAP, Math.min(LEVEL_CAP, level));
  }

  /** The sorted facts of a level. */
  static int[] factsOf(long level) {
    long magnitude = Math.abs(level);
    int bits = Math.max(VALUE_BITS, 64 - Long.numberOfLeadingZeros(magnitude));
    int[] facts = new int[bits + (level < 0 ? 1 : 0)];
    for (int i = 0; i < bits; i++) {
      facts[i] = 2 * i + (int) ((magnitude >>> i) & 1);
    }
    if (level < 0) {
      facts[bits] = ContextMemory.BELOW_RANGE;
    }
    return facts;
  }

  // ------------------------------------------------------------------ the reference's step

  /** Learns the value with these facts: the reference's {@code step}, then the rest counter. */
  private void step(double x) {
    int[] sens = factsOf(levelOf(x, range));
    // score() of the same value, if it came just before, already computed the step's score.
    boolean evaluated = lastFacts != null && Arrays.equals(lastFacts, sens);
    int semisBefore = memory.semiCount(LEFT);
    boolean formed = false;
    int newId = -1;
    if (leftFacts.length > 0) {
      int existing = memory.findContext(leftFacts, sens);
      if (existing >= 0) {
        memory.markZeroLevel(existing);
      } else if (memory.contextCount() < spec.maxContexts) {
        newId = memory.createContext(leftFacts, sens, true);
        formed = true;
      }
    }
    Scan scan;
    // score() of the same value saw the same memory: the context formed here did not exist then,
    // it is left out of this step's scan as the evaluation never saw it, and a new right
    // semi-context only has that context.
    boolean reuse = evaluated && lastScan != null && lastFormed == formed;
    if (reuse) {
      scan = lastScan;
    } else {
      rightCrossing.crossRight(memory, sens);
      scan = scan(stepScan, formed, newId, semisBefore);
    }

    int[] next = activateAndRank(sens, scan.active);

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
        if (!exists && memory.contextCount() < spec.maxContexts) {
          memory.createContext(lf, rf, false);
        }
      }
    } else if (formed) {
      // Potential contexts exist only in a step that formed a zero-level context.
      SideFacts sides = new SideFacts(sens);
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
        if (memory.findContext(lf, rf) < 0 && memory.contextCount() < spec.maxContexts) {
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
    quiet = current >= spec.baseThreshold ? 0 : (quiet == Integer.MAX_VALUE ? quiet : quiet + 1);
    steps++;
  }

  /** The unrested score of the value with these facts, without changing anything. */
  private Evaluation evaluate(int[] sens) {
    int room = spec.maxContexts - memory.contextCount();
    boolean formed = leftFacts.length > 0 && room > 0 && memory.findContext(leftFacts, sens) < 0;
    rightCrossing.crossRight(memory, sens);
    Scan scan = scan(evaluationScan, formed, -1, memory.semiCount(LEFT));
    double newShare = 0.0;
    if (formed) {
      SideFacts sides = new SideFacts(sens);
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

  /**
   * The facts of the parts of semi-contexts a step matched (left: with the left facts, right:
   * with the value's facts), each computed once per step, and the semi-contexts they are.
   */
  private final class SideFacts {
    private final int[] sens;
    private int lastLeft = -1;
    private int[] lastLeftFacts;
    private int lastLeftId;
    private final long leftSensors = ContextMemory.sensorMaskOf(leftFacts);

    SideFacts(int[] sens) {
      this.sens = sens;
      int n = memory.semiCount(RIGHT);
      if (rightStamp.length < n) {
        int size = Math.max(n, 2 * rightStamp.length);
        rightStamp = new int[size];
        rightParts = new int[size][];
        rightPartIds = new int[size];
        rightEpoch = 0;
      }
      rightEpoch++;
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
  private Scan scan(Scan s, boolean formed, int newId, int semisBefore) {
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
      Contained contained = containedLefts(semisBefore);
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
    Contained contained = containedLefts(semisBefore);
    for (int i = 0; i < contained.size; i++) {
      int left = contained.lefts[i];
      selectAll(s, left, left == leftOfNew ? newId : -1, fullRights, fullRightMask);
    }
    leftCrossing.crossZeroLevel(memory, leftFacts, semisBefore);
    IntList crossed = leftCrossing.touchedNow;
    for (int i = 0; i < crossed.size(); i++) {
      int left = crossed.get(i);
      int matched = leftCrossing.matched(left);
      if (matched <= spec.maxLeftFacts) {
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
  private Contained containedLefts(int limit) {
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
          if (contains(sensorMask, neuronMask, left)) {
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
        if (memory.leftSize(left) > 0 && contains(sensorMask, neuronMask, left)) {
          c.add(left);
        }
      }
      c.semis = limit;
    }
    return c;
  }

  /** Whether the left facts (with these masks) hold every fact of non-empty left semi-context {@code left}. */
  private boolean contains(long sensorMask, long neuronMask, int left) {
    return (memory.sensorMask(left) & ~sensorMask) == 0
        && (memory.neuronMask(left) & ~neuronMask) == 0
        && containsNeurons(leftFacts, memory.facts(LEFT, left));
  }

  private static final int CONTAINED_CACHE = 64;
  private final Map<LeftKey, Contained> containedCache = new java.util.HashMap<>();

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
      int added = (s.potential.size() - potentialsBefore) / 2;
      if (added > 1) {
        Python2IntDict contexts = memory.contextsOfLeft(left);
        s.potential.sortPairsBy(potentialsBefore, added, right -> contexts.slotOf(right));
      }
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
    int added = (s.potential.size() - potentialsBefore) / 2;
    if (added > 1) {
      s.potential.sortPairsBy(potentialsBefore, added, right -> contexts.slotOf(right));
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

  /**
   * Activates the step's active contexts (each once), then returns the next left facts: the
   * value's facts and the neurons of the most often activated active contexts, sorted. One pass:
   * a context's count is final once it is activated, so the ranking can follow it.
   */
  private int[] activateAndRank(int[] sens, IntList active) {
    int n = active.size();
    int k = Math.min(spec.maxActiveNeurons, n);
    // The k greatest active contexts by (activations, left hash, right hash), kept in a min-heap
    // with their counts alongside.
    if (heap.length < k) {
      heap = new int[k];
      heapCount = new int[k];
    }
    int size = 0;
    for (int i = 0; i < n; i++) {
      int c = active.get(i);
      int count = memory.activate(c);
      if (size < k) {
        heap[size] = c;
        heapCount[size] = count;
        siftUp(size++);
      } else if (k > 0
          && (count > heapCount[0] || (count == heapCount[0] && tieBefore(heap[0], c)))) {
        heap[0] = c;
        heapCount[0] = count;
        siftDown(k);
      }
    }
    int[] next = Arrays.copyOf(sens, sens.length + k);
    for (int i = 0; i < k; i++) {
      next[sens.length + i] = ContextMemory.NEURON + heap[i];
    }
    Arrays.sort(next);
    return next;
  }

  /**
   * The reference's order of active contexts: activations, then left hash, then right hash; for
   * heap entries {@code i} and {@code j}.
   */
  private boolean before(int i, int j) {
    if (heapCount[i] != heapCount[j]) {
      return heapCount[i] < heapCount[j];
    }
    return tieBefore(heap[i], heap[j]);
  }

  /** The order of two equally often activated contexts: left hash, then right hash. */
  private boolean tieBefore(int a, int b) {
    int byLeft = Long.compare(memory.leftHashOf(a), memory.leftHashOf(b));
    if (byLeft != 0) {
      return byLeft < 0;
    }
    return Long.compare(memory.rightHashOf(a), memory.rightHashOf(b)) < 0;
  }

  private void swap(int i, int j) {
    int t = heap[i];
    heap[i] = heap[j];
    heap[j] = t;
    t = heapCount[i];
    heapCount[i] = heapCount[j];
    heapCount[j] = t;
  }

  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) / 2;
      if (!before(i, parent)) {
        return;
      }
      swap(i, parent);
      i = parent;
    }
  }

  private void siftDown(int size) {
    int i = 0;
    while (true) {
      int least = i;
      int l = 2 * i + 1;
      int r = l + 1;
      if (l < size && before(l, least)) {
        least = l;
      }
      if (r < size && before(r, least)) {
        least = r;
      }
      if (least == i) {
        return;
      }
      swap(i, least);
      i = least;
    }
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

  /** Number of contexts in memory (for tests and state-size reports). */
  int contextCount() {
    return memory.contextCount();
  }

  /** The range in use, or null while it is being learned. */
  ValueRange range() {
    return range;
  }

  /** Rebuilds of the memory so far (RELEARN). */
  long rebuilds() {
    return rebuilds;
  }

  /** The left facts and the context memory, encoded (for tests comparing memories). */
  byte[] encodedMemory() throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    DataOutputStream data = new DataOutputStream(bytes);
    VarInt.encode(leftFacts.length, data);
    for (int f : leftFacts) {
      VarInt.encode(f, data);
    }
    memory.encode(data);
    data.flush();
    return bytes.toByteArray();
  }

  private record Evaluation(double activeShare, double newShare) {
    double score() {
      return (1.0 - activeShare + newShare) / 2.0;
    }
  }

  private static final class Scan {
    int selected;
    boolean wideRights; // a fully matched right semi-context is 64 or above
    long touchedRightMask; // the right semi-contexts below 64 that share a fact with the value's
    final IntList active = new IntList();
    final IntList potential = new IntList(); // left, right, left, right, ...

    void clear() {
      selected = 0;
      wideRights = false;
      touchedRightMask = 0;
      active.clear();
      potential.clear();
    }

    double activeShare() {
      return selected > 0 ? active.size() / (double) selected : 0.0;
    }
  }

  /** How many of a fact set's facts each semi-context of one side holds (scratch space). */
  private static final class Crossing {
    private int[] stamp = new int[0];
    private int[] count = new int[0];
    private int epoch;
    private int[] neuronStamp = new int[0]; // left side: the epoch of neuronCount
    private int[] neuronCount = new int[0]; // left side: shared neuron facts
    private int[] inFacts = new int[0]; // left side, by context c: the epoch when facts hold its neuron
    private int[] sharedStamp = new int[0]; // left side: the epoch of shared
    private int[][] shared = new int[0][]; // left side: the shared facts, once asked for
    final IntList touchedNow = new IntList();

    void crossRight(ContextMemory memory, int[] facts) {
      int n = memory.semiCount(RIGHT);
      if (stamp.length < n) {
        stamp = Arrays.copyOf(stamp, Math.max(n, stamp.length * 2));
        count = Arrays.copyOf(count, stamp.length);
      }
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
      if (stamp.length < n) {
        stamp = Arrays.copyOf(stamp, Math.max(n, stamp.length * 2));
        count = Arrays.copyOf(count, stamp.length);
      }
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

  private static long pairOf(int left, int right) {
    return ((long) left << 32) | right;
  }

  /** A set of non-negative longs, open addressing, cleared by {@link #reset} (scratch). */
  private static final class LongSet {
    private long[] keys = new long[16];
    private int size;

    /** Empties the set, with room for {@code expected} keys. */
    void reset(int expected) {
      if (expected * 2 > keys.length) {
        keys = new long[Integer.highestOneBit(expected * 4 - 1)];
      }
      Arrays.fill(keys, -1L);
      size = 0;
    }

    int size() {
      return size;
    }

    /** Adds {@code key}; returns whether it was absent. The set must have room for it. */
    boolean add(long key) {
      int mask = keys.length - 1;
      long h = key * 0x9E3779B97F4A7C15L;
      for (int slot = (int) (h >>> 40) & mask; ; slot = (slot + 1) & mask) {
        long k = keys[slot];
        if (k == key) {
          return false;
        }
        if (k == -1L) {
          keys[slot] = key;
          size++;
          return true;
        }
      }
    }
  }

  /** A (left facts, right facts) pair as a hash key. */
  private static final class PairKey {
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

  /**
   * What a detector created without a range ({@link Spec#create()}) does with values outside the
   * range it learned from its warm-up.
   */
  public enum LearnedRange {
    /**
     * Widen the range to each new extreme (the range of everything seen so far); the level
     * boundaries move, and the contexts stored under the old ones stay as they were.
     */
    WIDEN,
    /**
     * Widen the range geometrically ({@link Spec#growth}) and rebuild the context memory by
     * learning the last {@link Spec#keptValues} values again under the new range, so that every
     * stored context is encoded with the current boundaries.
     */
    RELEARN,
    /**
     * Never move the range: after the warm-up the level width is fixed (the warm-up's width / 7;
     * for a constant warm-up 1, the reference's rule for a zero-width range) and values outside it
     * get the levels beyond its ends (below: floor, so every level is one step wide).
     */
    GRID
  }

  /** Configuration of a {@link ContextualAnomalyDetector}. Immutable. */
  public record Spec(
        int restPeriod,
        int warmUp,
        double baseThreshold,
        int maxLeftFacts,
        int maxActiveNeurons,
        int maxContexts,
        LearnedRange learnedRange,
        int keep,
        double growth)
      implements DetectorSpec {
    private static final long serialVersionUID = 2L;

    public Spec {
      checkArgument(
          restPeriod >= 0 && restPeriod <= 1_000_000,
          "restPeriod must be in [0, 1000000] points, got %s",
          restPeriod);
      checkArgument(
          warmUp >= 1 && warmUp <= 1_000_000, "warmUp must be in [1, 1000000] points, got %s", warmUp);
      checkArgument(
          baseThreshold > 0 && baseThreshold <= 1,
          "baseThreshold must be in (0, 1], got %s",
          baseThreshold);
      SpecChecks.inRange("maxLeftFacts", maxLeftFacts, 1, 64);
      SpecChecks.inRange("maxActiveNeurons", maxActiveNeurons, 0, 1000);
      checkArgument(
          maxContexts >= 1 && maxContexts <= 1 << 24,
          "maxContexts must be in [1, 16777216], got %s",
          maxContexts);
      checkArgument(learnedRange != null, "learnedRange must be one of widen, relearn, grid, got null");
      checkArgument(
          keep >= 0 && keep <= 1_000_000,
          "keep must be in [0, 1000000] values (0: the warm-up length), got %s",
          keep);
      checkArgument(
          growth == 0 || (growth >= 0.01 && growth <= 100),
          "growth must be 0 or in [0.01, 100], got %s",
          growth);
    }

    /**
     * Points reported as 0 after a score of at least the base threshold, and at the start; NAB
     * runs CAD OSE with its probationary period / 5 (at most 150). In [0, 1000000].
     */
    public Spec withRestPeriod(int restPeriod) {
      return new Spec(
          restPeriod, warmUp, baseThreshold, maxLeftFacts, maxActiveNeurons, maxContexts, learnedRange, keep, growth);
    }

    /** Values whose min and max become the range when none is given; in [1, 1000000]. */
    public Spec withWarmUp(int warmUp) {
      return new Spec(
          restPeriod, warmUp, baseThreshold, maxLeftFacts, maxActiveNeurons, maxContexts, learnedRange, keep, growth);
    }

    /** The score after which the detector rests; in (0, 1]; 0.75 in the reference. */
    public Spec withBaseThreshold(double baseThreshold) {
      return new Spec(
          restPeriod, warmUp, baseThreshold, maxLeftFacts, maxActiveNeurons, maxContexts, learnedRange, keep, growth);
    }

    /** Contexts kept at most (bounds memory); in [1, 16777216]. */
    public Spec withMaxContexts(int maxContexts) {
      return new Spec(
          restPeriod, warmUp, baseThreshold, maxLeftFacts, maxActiveNeurons, maxContexts, learnedRange, keep, growth);
    }

    /**
     * What a learned range does with values outside it ({@link LearnedRange}; {@code WIDEN} by
     * default). A given range is used as given whatever this is.
     */
    public Spec withLearnedRange(LearnedRange learnedRange) {
      return new Spec(
          restPeriod, warmUp, baseThreshold, maxLeftFacts, maxActiveNeurons, maxContexts, learnedRange, keep, growth);
    }

    /**
     * RELEARN: the number of last values kept and learned again when the range widens; in [0,
     * 1000000], 0 (the default) for the warm-up length, the number of values the first range was
     * learned from.
     */
    public Spec withKeep(int keep) {
      return new Spec(
          restPeriod, warmUp, baseThreshold, maxLeftFacts, maxActiveNeurons, maxContexts, learnedRange, keep, growth);
    }

    /**
     * RELEARN: the least growth of the range's width at a widening, as a fraction of the width; in
     * [0.01, 100], 1 by default (the width at least doubles).
     */
    public Spec withGrowth(double growth) {
      return new Spec(
          restPeriod, warmUp, baseThreshold, maxLeftFacts, maxActiveNeurons, maxContexts, learnedRange, keep, growth);
    }

    /** The values RELEARN keeps: {@link #keep}, or the warm-up length when it is 0. */
    public int keptValues() {
      return keep == 0 ? warmUp : keep;
    }

    /** A detector that learns its value range from its first {@link #warmUp} values. */
    @Override
    public Detector create() {
      return new ContextualAnomalyDetector(this, null);
    }

    /** A detector that bins values by {@code expected}, a fixed range. */
    @Override
    public Detector create(ValueRange expected) {
      checkArgument(expected != null, "expected range must not be null");
      return new ContextualAnomalyDetector(this, expected);
    }

    @Override
    public String describe() {
      String base =
          String.format(
              "cad(restPeriod=%d, warmUp=%d, baseThreshold=%s, maxContexts=%d",
              restPeriod, warmUp, baseThreshold, maxContexts);
      switch (learnedRange) {
        case RELEARN:
          return base + ", learnedRange=relearn, keep=" + keptValues() + ", growth=" + growth + ")";
        case GRID:
          return base + ", learnedRange=grid)";
        default:
          return base + ")";
      }
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /**
   * Writes whether the range was given, the range (or the values kept while learning it), with
   * RELEARN and a learned range the kept values (oldest first) and the rebuild count, the
   * rest counter, the step count, the left facts and the context memory ({@link
   * ContextMemory#encode}); a decoded detector continues bit-for-bit as the original.
   */
  @Override
  public void writeState(DataOutputStream data) throws IOException {
    data.writeByte((this.rangeGiven ? 1 : 0) | (this.range != null ? 2 : 0));
    if (this.range != null) {
      data.writeDouble(this.range.min());
      data.writeDouble(this.range.max());
    } else {
      VarInt.encode(this.warmCount, data);
      for (int i = 0; i < this.warmCount; i++) {
        data.writeDouble(this.warm[i]);
      }
    }
    if (this.ring != null) {
      VarInt.encode(this.ringCount, data);
      for (int i = 0; i < this.ringCount; i++) {
        data.writeDouble(this.ring[(this.ringStart + i) % this.ring.length]);
      }
      VarInt.encode(this.rebuilds, data);
      data.writeDouble(this.seen.min());
      data.writeDouble(this.seen.max());
      VarInt.encode(this.sinceRebuild, data);
    }
    VarInt.encode(this.quiet, data);
    VarInt.encode(this.steps, data);
    VarInt.encode(this.leftFacts.length, data);
    for (int f : this.leftFacts) {
      VarInt.encode(f, data);
    }
    this.memory.encode(data);
  }

  @Override
  public void readState(DataInputStream data) throws IOException {
    int flags = data.readUnsignedByte();
    if (flags > 3 || flags == 1) {
      throw new CoderException("encoded CAD flags " + flags + " are not a valid state");
    }
    pendingRange = null;
    pendingMemory = null;
    pendingLeftFacts = null;
    lastFacts = null;
    lastScan = null;
    containedCache.clear();
    ring = null;
    ringStart = 0;
    ringCount = 0;
    rebuilds = 0;
    seen = null;
    sinceRebuild = 0;
    if ((flags & 2) != 0) {
      rangeGiven = (flags & 1) != 0;
      range = ValueRange.of(data.readDouble(), data.readDouble());
      warm = null;
      if (!rangeGiven && spec.learnedRange == LearnedRange.RELEARN) {
        ring = new double[spec.keptValues()];
        int n = VarInt.decodeInt(data);
        if (n < 0 || n > ring.length) {
          throw new CoderException("encoded " + n + " kept values, keep is " + ring.length);
        }
        for (int i = 0; i < n; i++) {
          ring[i] = data.readDouble();
        }
        ringCount = n;
        rebuilds = VarInt.decodeLong(data);
        double seenMin = data.readDouble();
        double seenMax = data.readDouble();
        sinceRebuild = VarInt.decodeLong(data);
        if (rebuilds < 0 || sinceRebuild < 0) {
          throw new CoderException("encoded CAD rebuild counters are negative");
        }
        if (!(Double.isFinite(seenMin) && Double.isFinite(seenMax) && seenMin <= seenMax)) {
          throw new CoderException("encoded range seen [" + seenMin + ", " + seenMax + "] is not valid");
        }
        seen = ValueRange.of(seenMin, seenMax);
      }
    } else {
      int n = VarInt.decodeInt(data);
      if (n < 0 || n >= spec.warmUp) {
        throw new CoderException("encoded " + n + " warm-up values, warmUp is " + spec.warmUp);
      }
      for (int i = 0; i < n; i++) {
        this.warm[i] = data.readDouble();
      }
      this.warmCount = n;
    }
    this.quiet = VarInt.decodeInt(data);
    this.steps = VarInt.decodeLong(data);
    if (this.quiet < 0 || this.steps < 0) {
      throw new CoderException("encoded CAD counters are negative");
    }
    int facts = VarInt.decodeInt(data);
    if (facts < 0 || facts > 64 + spec.maxActiveNeurons + 1) {
      throw new CoderException("encoded " + facts + " left facts is not a valid state");
    }
    this.leftFacts = new int[facts];
    for (int i = 0; i < facts; i++) {
      this.leftFacts[i] = VarInt.decodeInt(data);
    }
    this.memory = ContextMemory.decode(data, spec.maxContexts);
    for (int f : this.leftFacts) {
      if (f >= ContextMemory.NEURON && f - ContextMemory.NEURON >= this.memory.contextCount()) {
        throw new CoderException("encoded left fact " + f + " refers to a missing context");
      }
    }
  }
}
