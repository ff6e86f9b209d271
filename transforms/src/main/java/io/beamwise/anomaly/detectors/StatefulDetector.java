package io.beamwise.anomaly.detectors;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * What every detector, univariate ({@link Detector}) or multivariate ({@link
 * MultivariateDetector}), does for Beam state: writes what it has learned and reads it back into a
 * fresh detector of the same spec. The configuration is not written: the spec holds it, and
 * {@link DetectorStateCoder} pairs the two.
 */
public interface StatefulDetector {

  /**
   * Writes everything this detector has learned (not its spec), so that {@link #readState} into
   * a detector just created by the same spec continues exactly as this one: it scores identically
   * and learns identically afterwards.
   */
  void writeState(DataOutputStream out) throws IOException;

  /**
   * Replaces this freshly created detector's state with what {@link #writeState} wrote.
   *
   * @throws org.apache.beam.sdk.coders.CoderException if the bytes are not a state this spec can
   *     hold (for example a window larger than the spec's)
   */
  void readState(DataInputStream in) throws IOException;
}
