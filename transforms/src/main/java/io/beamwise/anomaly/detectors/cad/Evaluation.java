package io.beamwise.anomaly.detectors.cad;

/**
 * What a step would report for a value before resting: the share of selected contexts that are
 * active, and the share of potential contexts that are new (0 when no context is formed).
 */
record Evaluation(double activeShare, double newShare) {

  /** The reference's unrested score, {@code (1 − active + new) / 2}. */
  double score() {
    return (1.0 - activeShare + newShare) / 2.0;
  }
}
