package io.beamwise.anomaly.detectors;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import org.apache.beam.sdk.coders.CoderException;

/**
 * NAB's spatial-anomaly rule as a detector of its own: a value beyond the values seen so far, by
 * more than a tolerance times their range, scores 1; every other value scores 0. The rule is the
 * one NAB's HTM detector applies on top of its anomaly likelihood ({@code
 * nab/detectors/numenta/numenta_detector.py} of https://github.com/numenta/NAB, MIT licence at
 * commit ea702d75, {@code SPATIAL_TOLERANCE = 0.05}), described in S. Ahmad, A. Lavin, S. Purdy
 * and Z. Agha, "Unsupervised real-time anomaly detection for streaming data", Neurocomputing 262
 * (2017) 134-147. It finds a new extreme (a spike or a jump past anything seen) at once, which
 * detectors that model the recent past may score only moderately.
 *
 * <p><b>Score.</b> With {@code min} and {@code max} the smallest and largest finite value learned
 * so far and {@code t = tolerance · (max − min)}, {@code x} scores 1 when {@code x > max + t} or
 * {@code x < min − t}, else 0 (so a value at exactly {@code max + t} scores 0). While {@code min ==
 * max} (one distinct value so far) nothing scores 1, as in the reference, where no tolerance can
 * be measured. NaN scores 0; {@code +Infinity} and {@code −Infinity} score 1 once a range exists.
 * There is no rest period: consecutive new extremes each score 1.
 *
 * <p><b>Start.</b> {@code min} and {@code max} start from the first learned value and widen with
 * every finite value learned (non-finite values are counted but change neither). The detector is
 * {@linkplain #isReady() ready} once it has learned {@code warmUp} values (150 by default, the
 * warm-up over which {@link io.beamwise.anomaly.detectors.cad.ContextualAnomalyDetector
 * ContextualAnomalyDetector} learns its range, so that in {@code
 * max(align(re,0.5),cad,spatial)} both learn their ranges from the same values); before that it
 * scores 0. The reference has no warm-up (it applies the rule from the second distinct value);
 * {@code warmUp = 0} gives exactly that.
 *
 * <p><b>Value range.</b> The rule ignores an expected range ({@link DetectorSpec#create(ValueRange)}
 * returns {@link Spec#create()}), as NAB's does: NAB hands its detectors each file's whole range,
 * and numenta_detector.py uses it only for its encoders, never for the rule. So with a {@code
 * learned}, a fixed {@code MIN:MAX} or the {@code input} range the rule scores identically, and a
 * breach stays possible with every form: it is a breach of the values seen so far, not of the
 * given range. (Started from the {@code input} range, no value could ever breach it; started from
 * a fixed operating range it would become an out-of-range alarm, another rule.)
 *
 * <p>Memory and state: a count and two doubles (20 bytes encoded). {@link #details} gives {@code
 * min}, {@code max} and the bounds {@code lower} ({@code min − t}) and {@code upper} ({@code max +
 * t}).
 */
public final class SpatialAnomalyRule implements Detector {

  /** NAB's {@code SPATIAL_TOLERANCE} in numenta_detector.py. */
  public static final double NAB_TOLERANCE = 0.05;

  private final Spec spec;
  private int learned; // values learned, counted up to warmUp
  private double min = Double.NaN; // of the finite values learned; NaN before the first
  private double max = Double.NaN;

  private SpatialAnomalyRule(Spec spec) {
    this.spec = spec;
  }

  /** NAB's tolerance 0.05 and a warm-up of 150 values. */
  public static Spec spec() {
    return new Spec(NAB_TOLERANCE, 150);
  }

  @Override
  public boolean isReady() {
    return learned >= spec.warmUp;
  }

  @Override
  public double score(double x) {
    return isReady() && breaches(x) ? 1.0 : 0.0;
  }

  private boolean breaches(double x) {
    return breaches(x, min, max, spec.tolerance);
  }

  /**
   * The rule: {@code x} beyond {@code [min, max]} by more than {@code tolerance · (max − min)};
   * false while there is no range ({@code min} NaN, or {@code min == max}). {@link
   * AnomalyLikelihood}'s spatial option applies it too.
   */
  static boolean breaches(double x, double min, double max, double tolerance) {
    if (Double.isNaN(min) || min == max) {
      return false;
    }
    double t = tolerance * (max - min);
    return x > max + t || x < min - t;
  }

  /** {@code min}, {@code max}, {@code lower} = min − t and {@code upper} = max + t. */
  @Override
  public Map<String, Double> details(double x) {
    if (!isReady() || Double.isNaN(min)) {
      return java.util.Collections.emptyMap();
    }
    double t = spec.tolerance * (max - min);
    return Scores.details("min", min, "max", max, "lower", min - t, "upper", max + t);
  }

  @Override
  public void learn(double x) {
    if (learned < spec.warmUp) {
      learned++;
    }
    if (Double.isFinite(x)) {
      min = Double.isNaN(min) ? x : Math.min(min, x);
      max = Double.isNaN(max) ? x : Math.max(max, x);
    }
  }

  /** Configuration of a {@link SpatialAnomalyRule}. Immutable. */
  public record Spec(double tolerance, int warmUp) implements DetectorSpec {
    private static final long serialVersionUID = 1L;

    /**
     * @throws IllegalArgumentException unless {@code tolerance} is finite and in [0, 10] and
     *     {@code warmUp} in [0, 1000000] points
     */
    public Spec {
      checkArgument(
          tolerance >= 0 && tolerance <= 10, "tolerance must be in [0, 10] (a fraction of the range so far), got %s", tolerance);
      checkArgument(
          warmUp >= 0 && warmUp <= 1_000_000, "warmUp must be in [0, 1000000] points, got %s", warmUp);
    }

    /** The fraction of the range so far by which a value must pass the min or max; in [0, 10]. */
    public Spec withTolerance(double tolerance) {
      return new Spec(tolerance, warmUp);
    }

    /** Values learned before the rule scores; in [0, 1000000]. */
    public Spec withWarmUp(int warmUp) {
      return new Spec(tolerance, warmUp);
    }

    @Override
    public Detector create() {
      return new SpatialAnomalyRule(this);
    }

    @Override
    public String describe() {
      return String.format("spatial(tolerance=%s, warmUp=%d)", tolerance, warmUp);
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /** The count of values learned (up to the warm-up), then min and max. */
  @Override
  public void writeState(DataOutputStream data) throws IOException {
    data.writeInt(learned);
    data.writeDouble(min);
    data.writeDouble(max);
  }

  @Override
  public void readState(DataInputStream data) throws IOException {
    int n = data.readInt();
    double lo = data.readDouble();
    double hi = data.readDouble();
    if (n < 0 || n > spec.warmUp) {
      throw new CoderException("encoded " + n + " values learned, warmUp is " + spec.warmUp);
    }
    boolean empty = Double.isNaN(lo) && Double.isNaN(hi);
    if (!empty && !(Double.isFinite(lo) && Double.isFinite(hi) && lo <= hi)) {
      throw new CoderException("encoded range [" + lo + ", " + hi + "] is not valid");
    }
    learned = n;
    min = lo;
    max = hi;
  }
}
