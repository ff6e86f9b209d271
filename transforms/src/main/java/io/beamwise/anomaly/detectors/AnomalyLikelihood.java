package io.beamwise.anomaly.detectors;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * Wraps any detector and reports, instead of its raw score, the anomaly likelihood of S. Ahmad, A.
 * Lavin, S. Purdy and Z. Agha, "Unsupervised real-time anomaly detection for streaming data",
 * Neurocomputing 262 (2017) 134-147: how unusual the average of the last 10 raw scores is against
 * the normal distribution fitted to the raw scores so far ({@link LikelihoodEstimator} gives the
 * method and its constants).
 *
 * <p>Score mapping: with {@code L} the likelihood, the score is {@code ln(1.0000000001 − L) /
 * ln(1e-10)}, the log scale NAB's HTM detector reports ({@code nab/detectors/numenta/
 * numenta_detector.py}): L = 0.5 scores 0.030, L = 0.99999 scores 0.5, L = 1 − 1e-7 scores 0.7,
 * L = 1 scores 1. With the spatial-anomaly rule ({@link Spec#withSpatialRule}, NAB's HTM detector
 * again), a value more than 5% of the range of the values so far above their maximum or below
 * their minimum scores 1 whatever the likelihood.
 *
 * <p>The wrapped detector's raw score of a point is computed (before it learns the point) once
 * it is ready; the likelihood learns those raw scores. Ready when the wrapped detector is and the
 * likelihood has learned {@code learningPeriod + estimationSamples} raw scores (by default 288 +
 * 100, the reference's defaults; NAB uses its probationary period P: {@code P/2} and {@code P −
 * P/2}). {@link #score} is computed also before then: the likelihood is then 0.5 (score 0.030),
 * as in NAB's results. Memory: the wrapped detector's, plus {@code historyLength} floats (8,640 by
 * default: 34,560 bytes) and a few numbers.
 */
public final class AnomalyLikelihood implements Detector {

  private static final double LOG_FLOOR = 1.0000000001;
  private static final double LOG_SCALE = -23.02585084720009; // ln(1 − 0.9999999999)

  private final Spec spec;

  private final Detector inner;
  private final LikelihoodEstimator estimator;
  private double min = Double.NaN; // of the finite values learned (the spatial rule)
  private double max = Double.NaN;

  private final LastScore last; // the raw score of the last score() call, reused by learn()

  private AnomalyLikelihood(Spec spec, Detector inner) {
    this.spec = spec;
    this.inner = inner;
    this.last = new LastScore(inner);
    this.estimator = spec.newEstimator();
  }

  /**
   * The likelihood of {@code detector}'s raw scores, with the reference's parameters: learning
   * period 288, estimation samples 100, history 8,640, refit every 100 points, averages of 10;
   * without the spatial rule.
   */
  public static Spec of(DetectorSpec detector) {
    checkArgument(detector != null, "detector must not be null");
    return new Spec(detector, 288, 100, 8640, 100, 10, false);
  }

  /** The log-scaled score of a likelihood, as NAB's HTM detector reports it. */
  static double logScore(double likelihood) {
    return Math.max(0.0, Math.min(1.0, Math.log(LOG_FLOOR - likelihood) / LOG_SCALE));
  }

  @Override
  public boolean isReady() {
    return inner.isReady() && estimator.isReady();
  }

  @Override
  public double score(double x) {
    return scoreAt(false, 0L, x);
  }

  @Override
  public double score(long eventTimeMillis, double x) {
    return scoreAt(true, eventTimeMillis, x);
  }

  private double scoreAt(boolean timed, long eventTimeMillis, double x) {
    if (spatialAnomaly(x)) {
      return 1.0;
    }
    if (!inner.isReady()) {
      return logScore(LikelihoodEstimator.UNKNOWN);
    }
    return logScore(estimator.probability(raw(timed, eventTimeMillis, x)));
  }

  /**
   * The wrapped detector's {@code raw} score, the {@code average} of the last raw scores with it,
   * the fitted {@code mean} and {@code std}, the {@code likelihood} and, with the spatial rule,
   * {@code spatial} (1 when the rule applies, else 0).
   */
  @Override
  public Map<String, Double> details(double x) {
    if (!isReady()) {
      return java.util.Collections.emptyMap();
    }
    double raw = raw(false, 0L, x);
    return Scores.details(
        "raw", raw,
        "average", estimator.shortTermAverage(raw),
        "mean", estimator.mean(),
        "std", estimator.std(),
        "likelihood", estimator.probability(raw),
        "spatial", spatialAnomaly(x) ? 1.0 : 0.0);
  }

  @Override
  public void learn(double x) {
    learnAt(false, 0L, x);
  }

  @Override
  public void learn(long eventTimeMillis, double x) {
    learnAt(true, eventTimeMillis, x);
  }

  private void learnAt(boolean timed, long eventTimeMillis, double x) {
    if (inner.isReady()) {
      estimator.learn(timed ? last.again(eventTimeMillis, x) : last.again(x));
    }
    last.forget();
    if (timed) {
      inner.learn(eventTimeMillis, x);
    } else {
      inner.learn(x);
    }
    if (Double.isFinite(x)) {
      min = Double.isNaN(min) ? x : Math.min(min, x);
      max = Double.isNaN(max) ? x : Math.max(max, x);
    }
  }

  private double raw(boolean timed, long eventTimeMillis, double x) {
    return timed ? last.score(eventTimeMillis, x) : last.score(x);
  }


  /** NAB's rule ({@link SpatialAnomalyRule}, tolerance 0.05), with no warm-up as in NAB. */
  private boolean spatialAnomaly(double x) {
    return spec.spatialRule && SpatialAnomalyRule.breaches(x, min, max, SpatialAnomalyRule.NAB_TOLERANCE);
  }

  /** The wrapped detector (for tests). */
  Detector inner() {
    return inner;
  }

  /** Configuration of an {@link AnomalyLikelihood}. Immutable. */
  public record Spec(
        DetectorSpec detector,
        int learningPeriod,
        int estimationSamples,
        int historyLength,
        int reestimationPeriod,
        int averagingWindow,
        boolean spatialRule)
      implements DetectorSpec {
    private static final long serialVersionUID = 1L;

    public Spec {
      checkArgument(
          learningPeriod >= 0 && learningPeriod <= 1_000_000,
          "learningPeriod must be in [0, 1000000] points, got %s",
          learningPeriod);
      checkArgument(
          estimationSamples >= 1 && estimationSamples <= 1_000_000,
          "estimationSamples must be in [1, 1000000] points, got %s",
          estimationSamples);
      checkArgument(
          averagingWindow >= 1 && averagingWindow <= 10_000,
          "averagingWindow must be in [1, 10000] points, got %s",
          averagingWindow);
      checkArgument(
          historyLength >= Math.max(estimationSamples, averagingWindow) && historyLength <= 1_000_000,
          "historyLength must be in [max(estimationSamples, averagingWindow), 1000000] = [%s, 1000000], got %s",
          Math.max(estimationSamples, averagingWindow),
          historyLength);
      checkArgument(
          reestimationPeriod >= 1 && reestimationPeriod <= 1_000_000,
          "reestimationPeriod must be in [1, 1000000] points, got %s",
          reestimationPeriod);
    }

    /** Raw scores left out of the fit while the detector settles; in [0, 1000000]. */
    public Spec withLearningPeriod(int learningPeriod) {
      return new Spec(detector, learningPeriod, estimationSamples, historyLength, reestimationPeriod, averagingWindow, spatialRule);
    }

    /** Raw scores after the learning period before the first fit; in [1, 1000000]. */
    public Spec withEstimationSamples(int estimationSamples) {
      return new Spec(detector, learningPeriod, estimationSamples, historyLength, reestimationPeriod, averagingWindow, spatialRule);
    }

    /**
     * NAB's split of a probationary period {@code p} (at least 2): a learning period of {@code
     * ⌊p/2⌋} and {@code p − ⌊p/2⌋} estimation samples.
     */
    public Spec withProbation(int probation) {
      checkArgument(probation >= 2, "probation must be at least 2 points, got %s", probation);
      return withLearningPeriod(probation / 2).withEstimationSamples(probation - probation / 2);
    }

    /** Raw scores the distribution is fitted to (the most recent); at least the estimation samples. */
    public Spec withHistoryLength(int historyLength) {
      return new Spec(detector, learningPeriod, estimationSamples, historyLength, reestimationPeriod, averagingWindow, spatialRule);
    }

    /** Points between fits; in [1, 1000000]. */
    public Spec withReestimationPeriod(int reestimationPeriod) {
      return new Spec(detector, learningPeriod, estimationSamples, historyLength, reestimationPeriod, averagingWindow, spatialRule);
    }

    /** NAB's spatial-anomaly rule: a value 5% of the range beyond the values so far scores 1. */
    public Spec withSpatialRule() {
      return new Spec(detector, learningPeriod, estimationSamples, historyLength, reestimationPeriod, averagingWindow, true);
    }

    public int probation() {
      return learningPeriod + estimationSamples;
    }

    LikelihoodEstimator newEstimator() {
      return new LikelihoodEstimator(learningPeriod, estimationSamples, historyLength, reestimationPeriod, averagingWindow);
    }

    @Override
    public Detector create() {
      return new AnomalyLikelihood(this, detector.create());
    }

    /** The wrapped detector is created with {@code expected}. */
    @Override
    public Detector create(ValueRange expected) {
      return new AnomalyLikelihood(this, detector.create(expected));
    }

    @Override
    public String describe() {
      return String.format(
          "likelihood(%s, learningPeriod=%d, estimationSamples=%d, historyLength=%d%s)",
          detector.describe(),
          learningPeriod,
          estimationSamples,
          historyLength,
          spatialRule ? ", spatial" : "");
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /**
   * The wrapped detector's state, the likelihood's history and fit, and the min and max of the
   * values; a restored detector continues bit-for-bit.
   */
  @Override
  public void writeState(DataOutputStream data) throws IOException {
    inner.writeState(data);
    estimator.encode(data);
    data.writeDouble(min);
    data.writeDouble(max);
  }

  @Override
  public void readState(DataInputStream data) throws IOException {
    inner.readState(data);
    estimator.decode(data);
    min = data.readDouble();
    max = data.readDouble();
  }
}
