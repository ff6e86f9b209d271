package io.beamwise.anomaly;

import io.beamwise.anomaly.detectors.Prequential;
import io.beamwise.anomaly.detectors.ValueRange;
import java.io.Serializable;
import java.util.Collections;
import io.beamwise.metrics.BundleCounter;

/**
 * Scoring one point against its key's detector and threshold through the one prequential loop,
 * {@link Prequential#step}: score, let the threshold observe the score, then learn (unless the
 * point is flagged and {@code learnFromAnomalies} is off). Shared by {@link ScoreAnomalies}' two stateful DoFns, which differ
 * only in how they bring a key's points into event-time order. Counts the metrics {@code scored},
 * {@code warming_up} and {@code alerts} (namespace {@value ScoreAnomalies#METRICS_NAMESPACE}), per
 * bundle: the DoFns call {@link #flushCounters()} from their {@code @FinishBundle}.
 *
 * @param <P> the point type
 * @param <D> the detector type
 */
final class ScoreStep<P, D> implements Serializable {

  private static final long serialVersionUID = 1L;

  private final PointScoring<P, D> scoring;
  private final String detectorId;
  private final Threshold threshold;
  private final boolean learnFromAnomalies;
  private final boolean details;
  private final ExpectedRange expectedRange;

  private final BundleCounter scored = BundleCounter.of(ScoreAnomalies.METRICS_NAMESPACE, "scored");
  private final BundleCounter warmingUp =
      BundleCounter.of(ScoreAnomalies.METRICS_NAMESPACE, "warming_up");
  private final BundleCounter alerts = BundleCounter.of(ScoreAnomalies.METRICS_NAMESPACE, "alerts");

  ScoreStep(
      PointScoring<P, D> scoring,
      Threshold threshold,
      boolean learnFromAnomalies,
      boolean details,
      ExpectedRange expectedRange) {
    this.scoring = scoring;
    this.expectedRange = expectedRange;
    this.detectorId = scoring.describe();
    this.threshold = threshold;
    this.learnFromAnomalies = learnFromAnomalies;
    this.details = details;
  }

  PointScoring<P, D> scoring() {
    return scoring;
  }

  Threshold threshold() {
    return threshold;
  }

  /** A new key's threshold state when {@code state} is null, else {@code state}. */
  Threshold.State thresholdOr(Threshold.State state) {
    return state == null ? threshold.create() : state;
  }

  /**
   * {@code detector}, or when it is null a new detector for {@code key}, created with the key's
   * expected value range: {@code inputRange} (the key's entry of {@link ExpectedRange#ofInput()}'s
   * side input; null otherwise) or the configured {@link ExpectedRange#forSensor} (null: learned).
   */
  D detectorOr(D detector, String key, ValueRange inputRange) {
    if (detector != null) {
      return detector;
    }
    return scoring.create(inputRange != null ? inputRange : expectedRange.forSensor(key));
  }

  /** Adds the bundle's counts to the metrics; the DoFns call it from {@code @FinishBundle}. */
  void flushCounters() {
    scored.flush();
    warmingUp.flush();
    alerts.flush();
  }

  /** Scores {@code point}, updates the threshold, then learns (unless flagged and told not to). */
  AnomalyResult scoreAndLearn(D detector, Threshold.State keyThreshold, P point) {
    scored.inc();
    return judged(
        detector,
        keyThreshold,
        point,
        false,
        learnFromAnomalies ? Prequential.Learning.EVERY : Prequential.Learning.UNFLAGGED);
  }

  /** Scores {@code point} against {@code detector} without learning. */
  AnomalyResult result(D detector, Threshold.State keyThreshold, P point, boolean isLate) {
    return judged(detector, keyThreshold, point, isLate, Prequential.Learning.NONE);
  }

  /**
   * One {@link Prequential#step} with the key's threshold as the judge: the result of {@code
   * point}, the threshold observing its score unless the point is only scored ({@code learning}
   * NONE) or the detector is warming up.
   */
  private AnomalyResult judged(
      D detector,
      Threshold.State keyThreshold,
      P point,
      boolean isLate,
      Prequential.Learning learning) {
    Verdict verdict =
        new Verdict(keyThreshold, isLate, learning != Prequential.Learning.NONE);
    Prequential.step(scoring, detector, point, verdict, learning);
    return verdict.result;
  }

  /** The threshold's judgement of one point, kept as its {@link AnomalyResult}. */
  private final class Verdict implements Prequential.Judge<D, P> {
    private final Threshold.State keyThreshold;
    private final boolean isLate;
    private final boolean observe;
    private AnomalyResult result;

    Verdict(Threshold.State keyThreshold, boolean isLate, boolean observe) {
      this.keyThreshold = keyThreshold;
      this.isLate = isLate;
      this.observe = observe;
    }

    @Override
    public boolean flagged(D detector, P point, boolean ready, double score) {
      double limit = keyThreshold.current();
      if (!ready) {
        warmingUp.inc();
        result =
            scoring.result(
                point, 0.0, AnomalyResult.WARMING_UP, limit, detectorId, isLate,
                Collections.emptyMap());
        return false;
      }
      boolean anomalous = score > limit;
      if (anomalous) {
        alerts.inc();
      }
      result =
          scoring.result(
              point,
              score,
              anomalous ? AnomalyResult.ANOMALY : AnomalyResult.NORMAL,
              limit,
              detectorId,
              isLate,
              details ? scoring.details(detector, point) : Collections.emptyMap());
      if (observe) {
        keyThreshold.observe(score);
      }
      return anomalous;
    }
  }
}
