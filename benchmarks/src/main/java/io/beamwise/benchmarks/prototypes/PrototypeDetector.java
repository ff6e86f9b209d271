package io.beamwise.benchmarks.prototypes;

import io.beamwise.anomaly.detectors.Detector;
import java.io.DataInputStream;
import java.io.DataOutputStream;

/** Base for prototypes: no state coding (they never run in a pipeline). */
public abstract class PrototypeDetector implements Detector {
  @Override
  public void writeState(DataOutputStream out) {
    throw new UnsupportedOperationException("prototype");
  }

  @Override
  public void readState(DataInputStream in) {
    throw new UnsupportedOperationException("prototype");
  }
}
