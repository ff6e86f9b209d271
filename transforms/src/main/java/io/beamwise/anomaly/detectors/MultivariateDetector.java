package io.beamwise.anomaly.detectors;

/**
 * An online anomaly detector for one multivariate series of points of a fixed {@link
 * #dimension()}, used prequentially like {@link Detector}: for each point, in event-time order,
 * first {@link #score} it against what was learned so far, then {@link #learn} from it.
 *
 * <p>Warm-up contract: until {@link #isReady()} is true the detector has not seen enough data, its
 * score is meaningless and callers label the point {@code warming_up} instead of scoring it.
 *
 * <p>Scores lie in [0, 1]: 0 is perfectly normal, values near 1 are extreme. Each implementation
 * documents its mapping and its handling of NaN and infinite components. Points whose length is
 * not {@link #dimension()} are rejected with an {@link IllegalArgumentException}. Implementations
 * are mutable, not thread-safe, use memory bounded by a function of the dimension, and are
 * persisted by {@link DetectorStateCoder} through {@link #writeState} and {@link #readState}. Callers must not modify an array while a call is running;
 * detectors do not keep references to the arrays passed in.
 */
public interface MultivariateDetector extends StatefulDetector {

  /** The number of components of every point, at least 1. */
  int dimension();

  /** True once enough points were learned for {@link #score} to be meaningful. */
  boolean isReady();

  /** The anomaly score of {@code x} in [0, 1], given what was learned so far. */
  double score(double[] x);

  /** Updates the model with {@code x}. */
  void learn(double[] x);
}
