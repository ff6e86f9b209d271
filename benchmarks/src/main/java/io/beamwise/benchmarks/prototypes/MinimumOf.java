package io.beamwise.benchmarks.prototypes;

import io.beamwise.anomaly.detectors.Detector;
import java.util.List;

/**
 * The smallest of its members' scores: a point is as anomalous as the member that finds it least
 * so (each member learns every point; ready when all are). A prototype of an "and" combination,
 * for members that share an idea but fail in different places.
 */
public final class MinimumOf extends PrototypeDetector {
  private final List<Detector> members;

  public MinimumOf(List<Detector> members) {
    this.members = List.copyOf(members);
  }

  @Override
  public boolean isReady() {
    return members.stream().allMatch(Detector::isReady);
  }

  @Override
  public double score(double x) {
    return score(0L, x);
  }

  @Override
  public double score(long eventTimeMillis, double x) {
    double min = Double.POSITIVE_INFINITY;
    for (Detector d : members) {
      min = Math.min(min, d.score(eventTimeMillis, x));
    }
    return min;
  }

  @Override
  public void learn(double x) {
    learn(0L, x);
  }

  @Override
  public void learn(long eventTimeMillis, double x) {
    for (Detector d : members) {
      d.learn(eventTimeMillis, x);
    }
  }
}
