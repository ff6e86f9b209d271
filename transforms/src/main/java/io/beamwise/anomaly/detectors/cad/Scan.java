package io.beamwise.anomaly.detectors.cad;


/**
 * What {@link ContextScanner#scan} found in one step: the number of selected contexts, the active
 * ones and the potential new contexts (scratch space, reused step after step).
 */
final class Scan {
  int selected;
  boolean wideRights; // a fully matched right semi-context is 64 or above
  long touchedRightMask; // the right semi-contexts below 64 that share a fact with the value's
  final IntList active = new IntList();
  final IntList potential = new IntList(); // left, right, left, right, ...

  void clear() {
    selected = 0;
    wideRights = false;
    touchedRightMask = 0;
    active.clear();
    potential.clear();
  }

  double activeShare() {
    return selected > 0 ? active.size() / (double) selected : 0.0;
  }
}
