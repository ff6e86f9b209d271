package io.beamwise.anomaly.detectors;

import java.io.Serializable;
import org.apache.beam.sdk.coders.Coder;

/**
 * The immutable, serializable configuration of a {@link Detector}: creates a fresh detector for
 * each key and provides the deterministic coder with which its state is kept in Beam state.
 */
public interface DetectorSpec extends Serializable {

  /**
   * A new detector that has learned nothing. A detector that uses a value range (such as {@link
   * io.beamwise.anomaly.detectors.cad.ContextualAnomalyDetector ContextualAnomalyDetector}) learns it from the
   * values, as its Javadoc says.
   */
  Detector create();

  /**
   * A new detector that has learned nothing and is told that the series' values are expected in
   * {@code expected} (see {@link io.beamwise.anomaly.ExpectedRange}). Detectors that do not use a value range ignore
   * it: the default returns {@link #create()}.
   */
  default Detector create(ValueRange expected) {
    return create();
  }

  /**
   * Encodes a detector created by this spec, exactly (a decoded copy scores identically): {@link
   * DetectorStateCoder}, equal for equal specs.
   */
  default Coder<Detector> stateCoder() {
    return DetectorStateCoder.of(this);
  }

  /** A short description for display data and logs, e.g. {@code rolling-zscore(window=288)}. */
  String describe();
}
