package io.beamwise.anomaly;

/**
 * What {@link ScoreAnomalies} does with a reading that arrives at or behind the last scored
 * timestamp of its key (so it cannot be scored in order).
 */
public enum LatePolicy {
  /** Unscored, to {@link ScoringResult#late()} (the default). */
  DEAD_LETTER,
  /**
   * Scored against the detector's current state, without learning from it, and emitted in
   * {@link ScoringResult#scores()} with {@code late = true}; the detector state stays exactly as
   * if the reading had not arrived, so in-order scores do not depend on late arrivals.
   */
  SCORE_WITHOUT_LEARNING
}
