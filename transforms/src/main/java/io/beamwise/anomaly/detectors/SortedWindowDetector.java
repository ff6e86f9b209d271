package io.beamwise.anomaly.detectors;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A detector whose whole learned state is a {@link SortedWindow} of the last finite values: ready
 * after {@code minPoints} of them; non-finite values are not learned (the parser dead-letters
 * them). The window is encoded exactly, oldest first, and everything else the detector uses
 * (sorted copy, quantiles, median, scale) is derived from it, so a decoded detector continues
 * bit for bit as the original would. Shared by {@link IqrDetector} and {@link RobustZScore}.
 */
abstract class SortedWindowDetector implements Detector {

  final SortedWindow window;
  private final int minPoints;

  SortedWindowDetector(int capacity, int minPoints) {
    this.window = new SortedWindow(capacity);
    this.minPoints = minPoints;
  }

  @Override
  public boolean isReady() {
    return window.size() >= minPoints;
  }

  @Override
  public void learn(double x) {
    if (Double.isFinite(x)) {
      window.add(x);
      learned();
    }
  }

  /** Called after each value enters the window (e.g. to mark derived statistics stale). */
  void learned() {}

  /** Points in the window (for tests). */
  int size() {
    return window.size();
  }

  @Override
  public void writeState(DataOutputStream data) throws IOException {
    window.writeTo(data);
  }

  @Override
  public void readState(DataInputStream data) throws IOException {
    window.readFrom(data);
  }
}
