package io.beamwise.anomaly;

import java.io.Serializable;
import org.apache.beam.sdk.coders.Coder;

/**
 * The immutable, serializable configuration of a {@link Detector}: creates a fresh detector for
 * each key and provides the deterministic coder with which its state is kept in Beam state.
 */
public interface DetectorSpec extends Serializable {

  /** A new detector that has learned nothing. */
  Detector create();

  /** Encodes a detector created by this spec, exactly (a decoded copy scores identically). */
  Coder<Detector> stateCoder();

  /** A short description for display data and logs, e.g. {@code rolling-zscore(window=288)}. */
  String describe();
}
