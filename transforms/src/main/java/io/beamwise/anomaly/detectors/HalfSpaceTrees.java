package io.beamwise.anomaly.detectors;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.VarInt;

/**
 * Half-Space Trees (Tan, Ting and Liu, "Fast Anomaly Detection for Streaming Data", IJCAI 2011),
 * as River implements them ({@code river/anomaly/hst.py} in online-ml/river), for a univariate
 * series (the value is the single feature).
 *
 * <p>Structure: {@code nTrees} complete binary trees of height {@code height} ({@code 2^(height+1)
 * − 1} nodes each). As in River's {@code make_padded_tree}, each internal node splits its range
 * {@code [a, b]} at {@code a + u (b − a)} with {@code u} uniform in [0.15, 0.85] (padding 0.15),
 * built depth first (node, left subtree, right subtree); a value {@code < threshold} goes left.
 * The random numbers come from a {@link SplittableRandom} seeded with {@code seed}, so every
 * detector of one spec builds the same trees from the same limits.
 *
 * <p>Masses: each node counts the points of the latest window that reached it ({@code l_mass} in
 * River) and keeps the counts of the previous complete window ({@code r_mass}, the reference).
 * Every {@code windowSize} learned points the latest masses become the reference and the latest
 * restart at 0.
 *
 * <p>Path mass: for each tree, walk the path of {@code x} and add {@code r_mass · 2^depth} of each
 * node, stopping after the first node whose reference mass is below {@code 0.1 · windowSize} (the
 * paper's size limit) or at the leaf (River's {@code score_one}). This is the paper's mass {@code
 * s_t(x)}: high in dense regions, and at least {@code windowSize} (the root always holds the whole
 * reference window).
 *
 * <p>Score mapping (default; deviates from River): River maps {@code 1 − Σ_t s_t / (nTrees ·
 * windowSize · (2^(height+1) − 1))}. That is linear in mass, so every point whose path leaves the
 * dense region after a level or two sums to about the root mass and scores the same ≈ 0.995,
 * moderate and extreme outliers alike, while typical points of a spread-out series already score
 * about 0.98; and each series' scores sit in a different narrow band, so no single threshold fits
 * several series. Mass is a density-like quantity and is compared on a log scale instead: with
 * {@code L_t = log2 s_t(x)} and {@code T_t} the mean of {@code log2 s_t} over the points of the
 * reference window (exactly: the reference points that stop at each node, weighted by its mass,
 * computed once per window), the mass deficit is {@code m = (1/nTrees) Σ_t (T_t − L_t)} bits, the
 * number of halvings of mass below the window's typical point (0 for a typical point, about 1 for
 * half its mass, and up to about {@code height + 1} for an empty region). Clamping to the limits
 * loses how far outside a point is, so for a point beyond a limit by {@code δ} the deficit adds
 * {@code log2(1 + δ / (hi − lo))}, the number of doublings of the trees' range needed to reach it.
 * Then {@code score = m / (m + c)} for {@code m > 0}, 0 otherwise, with {@code c = massScale}
 * (default 2 bits: a quarter of the typical mass scores 0.5, 1/64 of it 0.75). The score is
 * strictly increasing in the deficit, below 1 for finite input, and comparable across series
 * because it is relative to each series' own reference window. {@link Spec#withRiverScore} keeps
 * River's mapping, whose maximum is {@code 1 − 1/(2^(height+1) − 1)} (0.998 for height 8). With
 * either mapping NaN and ±Infinity score 1.
 *
 * <p>Limits: River assumes each feature in [0, 1] unless {@code limits} are given. {@link
 * Spec#withLimits} gives them; values outside are clamped to the nearest limit. By default they are
 * learned: the first {@code windowSize} points are buffered, the limits are their [min, max] widened
 * on each side by {@code margin · (max − min)} (default 0.5, so the trees span twice the range seen:
 * the paper's random work ranges span 2 to 4 times the data's range for the same reason, to leave
 * room for points outside it), the trees are built and the buffered points replayed into the masses.
 * A constant first window gets limits {@code value ± max(|value|, 1)}. The limits never change
 * afterwards; later values outside them are clamped, so they fall into the outermost leaves.
 *
 * <p>Warm-up: not ready (and scoring 0, as River) until the first window is complete and has become
 * the reference. {@link #learn} ignores NaN and ±Infinity.
 *
 * <p>Memory: two int counters per node and one double threshold per internal node, {@code nTrees ·
 * (12 · 2^(height+1) − 16)} bytes (61 KB with the defaults), plus {@code windowSize} doubles during
 * the learned-limits warm-up. State bytes: see {@link #writeState}.
 */
public final class HalfSpaceTrees implements Detector {

  /** River's padding: a split lies in the middle 70% of its node's range. */
  static final double PADDING = 0.15;

  /** The paper's size limit, as a fraction of the window. */
  static final double SIZE_LIMIT_FRACTION = 0.1;

  /** Default {@code c} of the log-mass mapping, in bits. */
  public static final double DEFAULT_MASS_SCALE = 2.0;

  /** Upper bound of nTrees · 2^(height+1). */
  static final int MAX_TOTAL_NODES = 1 << 22;

  private final Spec spec;
  private final int nodesPerTree;
  private final int internalPerTree;
  private final double sizeLimit;
  private final double maxMass;
  private boolean built;
  private double lo;
  private double hi;
  private double[] thresholds; // nTrees * internalPerTree, heap order within each tree
  private int[] latest; // nTrees * nodesPerTree
  private int[] reference; // nTrees * nodesPerTree
  private double[] warmUp; // the first window while the limits are being learned
  private int counter; // points of the current (latest) window
  private boolean firstWindow = true;
  // Mean over trees of the reference window's mean log2 path mass; derived from reference.
  private double typicalLogMass;

  HalfSpaceTrees(Spec spec) {
    this.spec = spec;
    this.nodesPerTree = (1 << (spec.height + 1)) - 1;
    this.internalPerTree = (1 << spec.height) - 1;
    this.sizeLimit = SIZE_LIMIT_FRACTION * spec.windowSize;
    this.maxMass = (double) spec.nTrees * spec.windowSize * nodesPerTree;
    if (spec.hasLimits) {
      build(spec.lo, spec.hi);
    } else {
      warmUp = new double[spec.windowSize];
    }
  }

  /**
   * Configuration with window {@code windowSize} and River's other defaults: 10 trees of height 8,
   * limits learned from the first window with margin 0.5, seed 42.
   */
  public static Spec spec(int windowSize) {
    return new Spec(10, 8, windowSize, 42L, false, 0.0, 0.0, 0.5, false, DEFAULT_MASS_SCALE);
  }

  /** River's defaults: {@code spec(250)}. */
  public static Spec spec() {
    return spec(250);
  }

  private void build(double lo, double hi) {
    this.lo = lo;
    this.hi = hi;
    this.thresholds = new double[spec.nTrees * internalPerTree];
    this.latest = new int[spec.nTrees * nodesPerTree];
    this.reference = new int[spec.nTrees * nodesPerTree];
    SplittableRandom rng = new SplittableRandom(spec.seed);
    for (int t = 0; t < spec.nTrees; t++) {
      split(rng, t * internalPerTree, 0, lo, hi);
    }
    this.built = true;
  }

  /** River's make_padded_tree: this node's split, then the left subtree, then the right. */
  private void split(SplittableRandom rng, int base, int node, double a, double b) {
    if (node >= internalPerTree) {
      return;
    }
    double u = PADDING + (1 - 2 * PADDING) * rng.nextDouble();
    // The convex form cannot overflow for finite a and b.
    double at = (1 - u) * a + u * b;
    thresholds[base + node] = at;
    split(rng, base, 2 * node + 1, a, at);
    split(rng, base, 2 * node + 2, at, b);
  }

  private static double[] learnedLimits(double[] values, double margin) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double lo;
    double hi;
    if (min == max) {
      double half = Math.max(Math.abs(min), 1.0);
      lo = min - half;
      hi = max + half;
    } else {
      double pad = margin * (max - min); // +Infinity if the range overflows: clamped below
      lo = min - pad;
      hi = max + pad;
    }
    return new double[] {Math.max(lo, -Double.MAX_VALUE), Math.min(hi, Double.MAX_VALUE)};
  }

  @Override
  public boolean isReady() {
    return !firstWindow;
  }

  @Override
  public double score(double x) {
    if (firstWindow) {
      return 0.0;
    }
    if (!Double.isFinite(x)) {
      return 1.0;
    }
    double v = clamp(x);
    if (spec.riverScore) {
      long sum = 0;
      for (int t = 0; t < spec.nTrees; t++) {
        sum += pathMass(t, v);
      }
      return Math.max(0.0, 1.0 - sum / maxMass);
    }
    double logMass = 0;
    for (int t = 0; t < spec.nTrees; t++) {
      logMass += log2(pathMass(t, v));
    }
    double deficit = typicalLogMass - logMass / spec.nTrees;
    double outside = Math.max(lo - x, x - hi);
    if (outside > 0) {
      deficit += log2(1 + outside / (hi - lo));
    }
    if (!(deficit > 0)) {
      return 0.0;
    }
    if (deficit == Double.POSITIVE_INFINITY) {
      return 1.0;
    }
    return deficit / (deficit + spec.massScale);
  }

  /** River's depth-weighted mass of the path of {@code v} (already clamped) in tree {@code t}. */
  private long pathMass(int t, double v) {
    int base = t * nodesPerTree;
    int thresholdBase = t * internalPerTree;
    int node = 0;
    long sum = 0;
    for (int depth = 0; ; depth++) {
      int mass = reference[base + node];
      sum += (long) mass << depth;
      if (mass < sizeLimit || node >= internalPerTree) {
        return sum;
      }
      node = v < thresholds[thresholdBase + node] ? 2 * node + 1 : 2 * node + 2;
    }
  }

  private static double log2(double v) {
    return Math.log(v) / Math.log(2);
  }

  /**
   * Mean over trees of the mean log2 path mass of the reference window's points: the points that
   * stop at a node (the first below the size limit on their path, or a leaf) are its mass, and all
   * share its path mass.
   */
  private void computeTypicalLogMass() {
    double total = 0;
    for (int t = 0; t < spec.nTrees; t++) {
      total += typicalLogMass(t * nodesPerTree, 0, 0, 0L) / spec.windowSize;
    }
    typicalLogMass = total / spec.nTrees;
  }

  private double typicalLogMass(int base, int node, int depth, long above) {
    int mass = reference[base + node];
    if (mass == 0) {
      return 0;
    }
    long sum = above + ((long) mass << depth);
    if (mass < sizeLimit || node >= internalPerTree) {
      return mass * log2(sum);
    }
    return typicalLogMass(base, 2 * node + 1, depth + 1, sum)
        + typicalLogMass(base, 2 * node + 2, depth + 1, sum);
  }

  @Override
  public void learn(double x) {
    if (!Double.isFinite(x)) {
      return;
    }
    if (!built) {
      warmUp[counter++] = x;
      if (counter == spec.windowSize) {
        double[] limits = learnedLimits(warmUp, spec.margin);
        build(limits[0], limits[1]);
        for (double w : warmUp) {
          add(w);
        }
        warmUp = null;
        pivot();
      }
      return;
    }
    add(x);
    if (++counter == spec.windowSize) {
      pivot();
    }
  }

  private double clamp(double x) {
    return Math.max(lo, Math.min(hi, x));
  }

  /** Adds one to the latest mass of every node on the path of {@code x} in every tree. */
  private void add(double x) {
    double v = clamp(x);
    for (int t = 0; t < spec.nTrees; t++) {
      int base = t * nodesPerTree;
      int thresholdBase = t * internalPerTree;
      int node = 0;
      while (true) {
        latest[base + node]++;
        if (node >= internalPerTree) {
          break;
        }
        node = v < thresholds[thresholdBase + node] ? 2 * node + 1 : 2 * node + 2;
      }
    }
  }

  /** The latest window becomes the reference; the latest masses restart at 0. */
  private void pivot() {
    int[] old = reference;
    reference = latest;
    latest = old;
    Arrays.fill(latest, 0);
    counter = 0;
    firstWindow = false;
    computeTypicalLogMass();
  }

  /** The reference window's typical log2 path mass, averaged over trees (for tests). */
  double typicalLogMass() {
    return typicalLogMass;
  }

  /** Lower limit, NaN before the limits are known (for tests). */
  double lo() {
    return built ? lo : Double.NaN;
  }

  /** Upper limit, NaN before the limits are known (for tests). */
  double hi() {
    return built ? hi : Double.NaN;
  }

  /** Split of internal node {@code node} (heap order) of tree {@code tree} (for tests). */
  double threshold(int tree, int node) {
    return thresholds[tree * internalPerTree + node];
  }

  /** Latest-window mass of a node (for tests). */
  int latestMass(int tree, int node) {
    return latest[tree * nodesPerTree + node];
  }

  /** Reference-window mass of a node (for tests). */
  int referenceMass(int tree, int node) {
    return reference[tree * nodesPerTree + node];
  }

  /** Points in the current latest window (for tests). */
  int counter() {
    return counter;
  }

  /** Configuration of {@link HalfSpaceTrees}. Immutable. */
  public record Spec(
        int nTrees,
        int height,
        int windowSize,
        long seed,
        boolean hasLimits,
        double lo,
        double hi,
        double margin,
        boolean riverScore,
        double massScale)
      implements DetectorSpec {
    private static final long serialVersionUID = 1L;

    public Spec {
      checkArgument(nTrees >= 1, "nTrees must be at least 1, got %s", nTrees);
      SpecChecks.inRange("height", height, 1, 20);
      checkArgument(
          (long) nTrees << (height + 1) <= MAX_TOTAL_NODES,
          "nTrees * 2^(height+1) must be at most %s, got nTrees=%s, height=%s",
          MAX_TOTAL_NODES,
          nTrees,
          height);
      SpecChecks.inRange("windowSize", windowSize, 1, 10_000_000);
      if (hasLimits) {
        checkArgument(
            Double.isFinite(lo) && Double.isFinite(hi) && lo < hi,
            "limits must be finite with lo < hi, got [%s, %s]",
            lo,
            hi);
      }
      SpecChecks.nonNegative("margin", margin);
      SpecChecks.positive("massScale", massScale);
    }

    /** Number of trees; at least 1. */
    public Spec withNTrees(int nTrees) {
      return new Spec(nTrees, height, windowSize, seed, hasLimits, lo, hi, margin, riverScore, massScale);
    }

    /** Height of each tree (a tree has {@code 2^(height+1) − 1} nodes); in [1, 20]. */
    public Spec withHeight(int height) {
      return new Spec(nTrees, height, windowSize, seed, hasLimits, lo, hi, margin, riverScore, massScale);
    }

    /** Points per window; in [1, 10000000]. */
    public Spec withWindowSize(int windowSize) {
      return new Spec(nTrees, height, windowSize, seed, hasLimits, lo, hi, margin, riverScore, massScale);
    }

    /** Seed of the random tree structure; any value. */
    public Spec withSeed(long seed) {
      return new Spec(nTrees, height, windowSize, seed, hasLimits, lo, hi, margin, riverScore, massScale);
    }

    /** Fixed value range, finite with {@code lo < hi}, instead of learning it; values outside are clamped. */
    public Spec withLimits(double lo, double hi) {
      return new Spec(nTrees, height, windowSize, seed, true, lo, hi, margin, riverScore, massScale);
    }

    /** Widening of learned limits on each side, as a fraction of the first window's range; at least 0. */
    public Spec withMargin(double margin) {
      return new Spec(nTrees, height, windowSize, seed, hasLimits, lo, hi, margin, riverScore, massScale);
    }

    /**
     * River's score mapping {@code 1 − Σ mass / max mass} instead of the default log-mass deficit
     * (see the class documentation).
     */
    public Spec withRiverScore() {
      return new Spec(nTrees, height, windowSize, seed, hasLimits, lo, hi, margin, true, massScale);
    }

    /** The mass deficit, in bits, at which the default mapping scores 0.5; positive. */
    public Spec withMassScale(double massScale) {
      return new Spec(
          nTrees, height, windowSize, seed, hasLimits, lo, hi, margin, riverScore, massScale);
    }

    @Override
    public Detector create() {
      return new HalfSpaceTrees(this);
    }

    @Override
    public String describe() {
      String limits =
          hasLimits ? String.format("limits=[%s, %s]", lo, hi) : "limits=learned, margin=" + margin;
      String mapping = riverScore ? "score=river" : "score=log-mass, massScale=" + massScale;
      return String.format(
          "half-space-trees(nTrees=%d, height=%d, windowSize=%d, seed=%d, %s, %s)",
          nTrees, height, windowSize, seed, limits, mapping);
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /**
   * Writes the window counter, whether the first window is complete, and then either the buffered
   * first-window values (while the limits are being learned: up to {@code 8 · windowSize} bytes) or
   * the limits and every node's latest and reference mass as variable-length integers. The tree
   * thresholds are not encoded: they are rebuilt from the spec's seed and the encoded limits with
   * the same arithmetic, so they come out bit-identical. With the defaults a built detector takes
   * about 10 to 20 KB (10 trees · 511 nodes · 2 masses, 1 byte each below 128, 2 below 16384). A
   * decoded detector continues bit-for-bit as the original would.
   */
  @Override
  public void writeState(DataOutputStream data) throws IOException {
    data.writeBoolean(this.built);
    data.writeBoolean(this.firstWindow);
    VarInt.encode(this.counter, data);
    if (!this.built) {
      for (int i = 0; i < this.counter; i++) {
        data.writeDouble(this.warmUp[i]);
      }
    } else {
      data.writeDouble(this.lo);
      data.writeDouble(this.hi);
      for (int m : this.latest) {
        VarInt.encode(m, data);
      }
      for (int m : this.reference) {
        VarInt.encode(m, data);
      }
    }
  }

  @Override
  public void readState(DataInputStream data) throws IOException {
    boolean built = data.readBoolean();
    boolean firstWindow = data.readBoolean();
    int counter = VarInt.decodeInt(data);
    if (counter < 0 || counter >= spec.windowSize) {
      throw new CoderException(
          "encoded counter " + counter + " is outside [0, windowSize=" + spec.windowSize + ")");
    }
    if (!built) {
      if (spec.hasLimits || !firstWindow) {
        throw new CoderException("encoded warm-up buffer does not fit " + spec.describe());
      }
      for (int i = 0; i < counter; i++) {
        this.warmUp[i] = data.readDouble();
      }
    } else {
      double lo = data.readDouble();
      double hi = data.readDouble();
      if (!(lo < hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
        throw new CoderException("encoded limits [" + lo + ", " + hi + "] are invalid");
      }
      this.warmUp = null;
      this.build(lo, hi);
      readMasses(data, this.latest);
      readMasses(data, this.reference);
      if (!firstWindow) {
        this.computeTypicalLogMass();
      }
    }
    this.counter = counter;
    this.firstWindow = firstWindow;
  }

  private void readMasses(DataInputStream data, int[] masses) throws IOException {
    for (int i = 0; i < masses.length; i++) {
      int m = VarInt.decodeInt(data);
      if (m < 0 || m > spec.windowSize) {
        throw new CoderException(
            "encoded mass " + m + " is outside [0, windowSize=" + spec.windowSize + "]");
      }
      masses[i] = m;
    }
  }
}
