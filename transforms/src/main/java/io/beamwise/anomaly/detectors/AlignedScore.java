package io.beamwise.anomaly.detectors;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * Wraps a detector and maps its score so that its own decision boundary {@code from} lands on a
 * common level {@code to}, so that detectors with different score scales can be combined by an
 * {@link Ensemble} (the maximum of aligned scores alerts when any member is past its own
 * boundary). Scores on different scales must be brought to a common meaning before they are
 * combined: H.-P. Kriegel, P. Kröger, E. Schubert and A. Zimek, "Interpreting and Unifying
 * Outlier Scores", SIAM SDM 2011; C. C. Aggarwal and S. Sathe, "Theoretical Foundations and
 * Algorithms for Outlier Ensembles", SIGKDD Explorations 17(1), 2015. The map here is the simplest
 * monotone one that keeps 0 and 1:
 *
 * <pre>
 *   s ≤ from:  s · to / from
 *   s > from:  to + (s − from) · (1 − to) / (1 − from)
 * </pre>
 *
 * <p>For example {@code align(re,0.5)}: the relative entropy detector's score is 0.5 exactly at its
 * chi-square test's critical value (see {@link RelativeEntropyDetector}); aligned to 0.75, the base
 * threshold after which {@link io.beamwise.anomaly.detectors.cad.ContextualAnomalyDetector CAD} rests,
 * it scores 0.75 there, 0.375 at 0.25 and 0.875 at 0.75. Ranks are unchanged, so alone it gives
 * the same NAB score as the detector it wraps.
 *
 * <p>Ready, learning, memory and state are the wrapped detector's (its state, length-prefixed,
 * with its own coder). {@link #details} adds the unaligned score {@code raw} to the wrapped detector's.
 */
public final class AlignedScore implements Detector {

  private final Spec spec;
  private final Detector inner;

  private AlignedScore(Spec spec, Detector inner) {
    this.spec = spec;
    this.inner = inner;
  }

  /** {@code detector}'s score with {@code from} mapped to 0.75. */
  public static Spec of(DetectorSpec detector, double from) {
    return new Spec(detector, from, 0.75);
  }

  /** The aligned value of a score {@code s} in [0, 1]. */
  static double align(double s, double from, double to) {
    double aligned = s <= from ? s * to / from : to + (s - from) * (1 - to) / (1 - from);
    return Math.max(0.0, Math.min(1.0, aligned));
  }

  @Override
  public boolean isReady() {
    return inner.isReady();
  }

  @Override
  public double score(double x) {
    return align(inner.score(x), spec.from, spec.to);
  }

  @Override
  public double score(long eventTimeMillis, double x) {
    return align(inner.score(eventTimeMillis, x), spec.from, spec.to);
  }

  @Override
  public void learn(double x) {
    inner.learn(x);
  }

  @Override
  public void learn(long eventTimeMillis, double x) {
    inner.learn(eventTimeMillis, x);
  }

  @Override
  public Map<String, Double> details(double x) {
    if (!isReady()) {
      return java.util.Collections.emptyMap();
    }
    return Scores.detailsOver(inner.details(x), "raw", inner.score(x));
  }

  /** Configuration of an {@link AlignedScore}. Immutable. */
  public record Spec(DetectorSpec detector, double from, double to) implements DetectorSpec {
    private static final long serialVersionUID = 1L;

    public Spec {
      checkArgument(detector != null, "detector must not be null");
      checkArgument(from > 0 && from < 1, "from (the wrapped detector's boundary) must be in (0, 1), got %s", from);
      checkArgument(to > 0 && to < 1, "to (the common boundary) must be in (0, 1), got %s", to);
    }

    /** The level the boundary is mapped to; in (0, 1), 0.75 by default. */
    public Spec withTo(double to) {
      return new Spec(detector, from, to);
    }

    @Override
    public Detector create() {
      return new AlignedScore(this, detector.create());
    }

    /** The wrapped detector is created with {@code expected}. */
    @Override
    public Detector create(ValueRange expected) {
      return new AlignedScore(this, detector.create(expected));
    }

    @Override
    public String describe() {
      return String.format("align(%s, %s->%s)", detector.describe(), from, to);
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /** The wrapped detector's state: the wrapper has none. */
  @Override
  public void writeState(DataOutputStream data) throws IOException {
    inner.writeState(data);
  }

  @Override
  public void readState(DataInputStream data) throws IOException {
    inner.readState(data);
  }
}
