package io.beamwise.pipelines.report;

/**
 * A reading as drawn: event time (epoch milliseconds), value, anomaly score and threshold.
 */
record Point(long time, double value, double score, double threshold) {

  static Point of(ScoreRow r) {
    return new Point(r.time(), r.value(), r.score(), r.threshold());
  }
}
