package io.beamwise.anomaly.detectors.cad;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.anomaly.detectors.Detector;
import io.beamwise.anomaly.detectors.DetectorSpec;
import io.beamwise.anomaly.detectors.Scores;
import io.beamwise.anomaly.detectors.SpecChecks;
import io.beamwise.anomaly.detectors.ValueRange;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
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

  private final Spec spec;
  private final ValueEncoder encoder; // the range in use, and the facts of values under a range
  private ContextModel model;
  private int quiet; // points since the last score >= baseThreshold (the initial 1.0 counts)
  private long steps;
  // RELEARN: the model rebuilt under pendingRange by a score() of a value that widens the range,
  // for learn() of the same value. Not state: valid until the next learn().
  private ValueRange pendingRange;
  private ContextModel pendingModel;

  private ContextualAnomalyDetector(Spec spec, ValueRange range) {
    this.spec = spec;
    this.encoder =
        new ValueEncoder(spec.warmUp(), spec.learnedRange(), spec.keptValues(), spec.growth(), range);
    this.model = emptyModel();
  }

  private ContextModel emptyModel() {
    return new ContextModel(spec.maxContexts(), spec.maxLeftFacts(), spec.maxActiveNeurons());
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
    return encoder.range() != null && steps >= spec.restPeriod;
  }

  @Override
  public double score(double x) {
    if (encoder.range() == null) {
      return 0.0;
    }
    double current = evaluateAt(x, encoder.rangeFor(x)).score();
    return quiet >= spec.restPeriod ? current : 0.0;
  }

  /**
   * The evaluation of {@code x} under range {@code r} as {@link #learn} of {@code x} will see it:
   * when relearning and {@code r} is wider than the range, against the model rebuilt under
   * {@code r} (built once and kept aside for that learn()). Changes no state.
   */
  private Evaluation evaluateAt(double x, ValueRange r) {
    int[] facts = encoder.factsOf(x, r);
    if (!relearnsFor(r)) {
      return model.evaluate(facts);
    }
    if (!r.equals(pendingRange)) {
      pendingRange = r;
      pendingModel = rebuiltUnder(r);
    }
    try {
      return pendingModel.evaluate(facts);
    } finally {
      // What evaluate() kept for a step belongs to the pending model: learn() recomputes it.
      pendingModel.forgetEvaluation();
      model.forgetEvaluation();
    }
  }

  /**
   * {@code level} of {@code x}, the range's {@code min} and {@code max}, the share of selected
   * contexts that are {@code active}, the share of potential contexts that are {@code new}, the
   * unrested score {@code raw}, and the number of {@code contexts} in memory.
   */
  @Override
  public Map<String, Double> details(double x) {
    if (!isReady()) {
      return Collections.emptyMap();
    }
    ValueRange r = encoder.rangeFor(x);
    long level = encoder.levelOf(x, r);
    Evaluation e = evaluateAt(x, r);
    return Scores.details(
        "level", (double) level,
        "min", r.min(),
        "max", r.max(),
        "active", e.activeShare(),
        "new", e.newShare(),
        "raw", e.score(),
        "contexts", (double) (relearnsFor(r) ? pendingModel : model).contextCount(),
        "rebuilds", (double) (encoder.rebuilds() + (relearnsFor(r) ? 1 : 0)));
  }

  /** Whether learning a value that needs range {@code r} rebuilds the memory. */
  private boolean relearnsFor(ValueRange r) {
    return r != encoder.range() && spec.learnedRange == LearnedRange.RELEARN;
  }

  @Override
  public void learn(double x) {
    if (encoder.range() == null) {
      encoder.warmUp(x, v -> step(v, encoder.range()));
      return;
    }
    ValueRange r = encoder.rangeFor(x);
    if (relearnsFor(r)) {
      model = r.equals(pendingRange) ? pendingModel : rebuiltUnder(r);
      encoder.rebuilt();
    }
    pendingRange = null;
    pendingModel = null;
    step(x, r);
    encoder.learned(x, r);
  }

  /** Learns {@code x} under range {@code r}: the reference's step, then the rest counter. */
  private void step(double x, ValueRange r) {
    double current = model.step(encoder.factsOf(x, r));
    quiet = current >= spec.baseThreshold ? 0 : (quiet == Integer.MAX_VALUE ? quiet : quiet + 1);
    steps++;
  }

  /**
   * A model rebuilt under range {@code r}: a fresh model learns the kept values again, oldest
   * first, without scores; the rest counter and step count stay as they were (no point was
   * reported). Its memory equals that of a detector given {@code r} that learned the same values.
   */
  private ContextModel rebuiltUnder(ValueRange r) {
    ContextModel rebuilt = emptyModel();
    encoder.forEachKept(v -> rebuilt.step(encoder.factsOf(v, r)));
    return rebuilt;
  }

  /** Number of contexts in memory (for tests and state-size reports). */
  int contextCount() {
    return model.contextCount();
  }

  /** The range in use, or null while it is being learned. */
  ValueRange range() {
    return encoder.range();
  }

  /** Rebuilds of the memory so far (RELEARN). */
  long rebuilds() {
    return encoder.rebuilds();
  }

  /** The left facts and the context memory, encoded (for tests comparing memories). */
  byte[] encodedMemory() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream data = new DataOutputStream(bytes);
    model.encode(data);
    data.flush();
    return bytes.toByteArray();
  }

  /**
   * Writes whether the range was given, the range (or the values kept while learning it), with
   * RELEARN and a learned range the kept values (oldest first) and the rebuild count, the
   * rest counter, the step count, the left facts and the context memory ({@link
   * ContextMemoryCoder#encode}); a decoded detector continues bit-for-bit as the original.
   */
  @Override
  public void writeState(DataOutputStream data) throws IOException {
    encoder.write(data);
    VarInt.encode(this.quiet, data);
    VarInt.encode(this.steps, data);
    model.encode(data);
  }

  @Override
  public void readState(DataInputStream data) throws IOException {
    encoder.read(data);
    pendingRange = null;
    pendingModel = null;
    this.quiet = VarInt.decodeInt(data);
    this.steps = VarInt.decodeLong(data);
    if (this.quiet < 0 || this.steps < 0) {
      throw new CoderException("encoded CAD counters are negative");
    }
    this.model =
        ContextModel.decode(data, spec.maxContexts(), spec.maxLeftFacts(), spec.maxActiveNeurons());
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
}
