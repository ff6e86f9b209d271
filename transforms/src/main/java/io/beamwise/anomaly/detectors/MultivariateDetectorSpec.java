package io.beamwise.anomaly.detectors;

import java.io.Serializable;
import org.apache.beam.sdk.coders.Coder;

/**
 * The immutable, serializable configuration of a {@link MultivariateDetector}: creates a fresh
 * detector for each key and provides the deterministic coder with which its state is kept.
 */
public interface MultivariateDetectorSpec extends Serializable {

  /** A new detector that has learned nothing. */
  MultivariateDetector create();

  /**
   * Encodes a detector created by this spec, exactly (a decoded copy scores identically): {@link
   * DetectorStateCoder}, equal for equal specs.
   */
  default Coder<MultivariateDetector> stateCoder() {
    return DetectorStateCoder.of(this);
  }

  /** A short description for display data and logs, e.g. {@code mahalanobis(dimension=3, ...)}. */
  String describe();

  /** The dimension of the points the detectors of this spec accept, at least 1. */
  int dimension();
}
