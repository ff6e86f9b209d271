package io.beamwise.benchmarks.endtoend;

import io.beamwise.anomaly.detectors.Detector;
import io.beamwise.anomaly.detectors.Prequential;
import java.io.Serializable;

/**
 * Scores one sensor's readings in event-time order exactly as beamwise's {@code ScoreAnomalies}
 * with a fixed threshold does: not ready → score 0 (warming up), else the detector's score; an
 * alert when the score is above {@link Workload#THRESHOLD}; then learn the value.
 */
public final class SensorScorer implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Detector detector = Workload.detector().create();

  /** The score of {@code value}, then learns it. Alerts are {@code score > THRESHOLD}. */
  public double scoreThenLearn(double value) {
    return Prequential.scoreThenLearn(detector, value);
  }

  public static boolean isAlert(double score) {
    return score > Workload.THRESHOLD;
  }
}
