package io.beamwise.anomaly;

/**
 * An online anomaly detector for one univariate series, used prequentially: for each point, in
 * event-time order, first {@link #score} it against what was learned so far, then {@link #learn}
 * from it.
 *
 * <p>Warm-up contract: until {@link #isReady()} is true the detector has not seen enough data, its
 * score is meaningless and callers label the point {@code warming_up} instead of scoring it.
 *
 * <p>Scores lie in [0, 1]: 0 is perfectly normal, values near 1 are extreme. Each implementation
 * documents its mapping. Implementations are mutable, not thread-safe, use bounded memory, and
 * are persisted in Beam state by the {@link org.apache.beam.sdk.coders.Coder} their {@link
 * DetectorSpec} provides.
 */
public interface Detector {

  /** True once enough points were learned for {@link #score} to be meaningful. */
  boolean isReady();

  /** The anomaly score of {@code x} in [0, 1], given what was learned so far. */
  double score(double x);

  /** Updates the model with {@code x}. */
  void learn(double x);

  /**
   * The anomaly score of {@code x} observed at {@code eventTimeMillis} (milliseconds since the
   * epoch, the point's event time). Detectors that use the calendar (time of day, day of week)
   * override this and {@link #learn(long, double)}; the default ignores the time and returns
   * {@link #score(double)}. Wrappers and ensembles pass the time on to their members.
   */
  default double score(long eventTimeMillis, double x) {
    return score(x);
  }

  /**
   * Updates the model with {@code x} observed at {@code eventTimeMillis}; the default ignores the
   * time and calls {@link #learn(double)}.
   */
  default void learn(long eventTimeMillis, double x) {
    learn(x);
  }

  /**
   * The quantities the score of {@code x} is computed from, named in the implementation's Javadoc
   * (for example {@code mean}, {@code std} and {@code z} for a z-score), for explaining an alert.
   * Like {@link #score}, does not change the model. Empty when the detector has nothing to add
   * (the default) or is not {@link #isReady() ready}. Values may be NaN or infinite.
   */
  default java.util.Map<String, Double> details(double x) {
    return java.util.Collections.emptyMap();
  }
}
