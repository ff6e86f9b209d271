package io.beamwise.anomaly.detectors;

/**
 * A wrapped detector's score of the value a wrapper scored last, reused when the wrapper then
 * learns that same value (a detector scores, then learns, each point), so that the wrapped
 * detector is not scored twice. Not state: a wrapper restored from its state scores again.
 */
final class LastScore {
  private final Detector inner;
  private boolean kept;
  private boolean timed;
  private long time;
  private long bits;
  private double score;

  LastScore(Detector inner) {
    this.inner = inner;
  }

  /** {@code inner}'s score of {@code x} (value-only), kept. */
  double score(double x) {
    return keep(false, 0L, x, inner.score(x));
  }

  /** {@code inner}'s score of {@code x} at {@code eventTimeMillis}, kept. */
  double score(long eventTimeMillis, double x) {
    return keep(true, eventTimeMillis, x, inner.score(eventTimeMillis, x));
  }

  /** {@code inner}'s score of {@code x} (value-only): the kept one if it was the last scored. */
  double again(double x) {
    return isKept(false, 0L, x) ? score : inner.score(x);
  }

  /**
   * {@code inner}'s score of {@code x} at {@code eventTimeMillis}: the kept one if it was the last
   * scored.
   */
  double again(long eventTimeMillis, double x) {
    return isKept(true, eventTimeMillis, x) ? score : inner.score(eventTimeMillis, x);
  }

  /** Forgets the kept score: to be called when {@code inner} learns. */
  void forget() {
    kept = false;
  }

  private double keep(boolean timed, long eventTimeMillis, double x, double s) {
    this.kept = true;
    this.timed = timed;
    this.time = eventTimeMillis;
    this.bits = Double.doubleToRawLongBits(x);
    this.score = s;
    return s;
  }

  private boolean isKept(boolean timed, long eventTimeMillis, double x) {
    return kept
        && this.timed == timed
        && time == eventTimeMillis
        && bits == Double.doubleToRawLongBits(x);
  }
}
