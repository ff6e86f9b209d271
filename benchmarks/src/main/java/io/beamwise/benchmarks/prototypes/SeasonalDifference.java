package io.beamwise.benchmarks.prototypes;

import io.beamwise.anomaly.detectors.Detector;
import java.util.ArrayDeque;

/**
 * An inner detector run on seasonal differences: each value minus the value one season earlier in
 * event time (the latest point at or before {@code t − seasonMillis}), so a level usual at this time
 * of day but not now, or unusual now but usual yesterday, is what the inner detector sees (seasonal
 * differencing: G. E. P. Box and G. M. Jenkins, "Time Series Analysis: Forecasting and Control",
 * 1970). Not ready until one season of points has been learned and the inner detector is ready;
 * keeps the points of the last season (16 bytes each).
 */
public final class SeasonalDifference extends PrototypeDetector {
  private final long seasonMillis;
  private final Detector inner;
  private final ArrayDeque<long[]> history = new ArrayDeque<>(); // {time, value bits}, oldest first
  private long[] anchor; // the latest point at or before (last time − season)

  public SeasonalDifference(long seasonMillis, Detector inner) {
    this.seasonMillis = seasonMillis;
    this.inner = inner;
  }

  /** The value a season before {@code t}, or NaN if no point is that old. */
  private double seasonAgo(long t) {
    long[] a = anchor;
    for (long[] p : history) { // the oldest points first; stop at the first too recent
      if (p[0] > t - seasonMillis) {
        break;
      }
      a = p;
    }
    return a == null ? Double.NaN : Double.longBitsToDouble(a[1]);
  }

  @Override
  public boolean isReady() {
    return anchor != null && inner.isReady();
  }

  @Override
  public double score(double x) {
    throw new UnsupportedOperationException("needs event times");
  }

  @Override
  public double score(long eventTimeMillis, double x) {
    double before = seasonAgo(eventTimeMillis);
    return Double.isNaN(before) ? 0.0 : inner.score(eventTimeMillis, x - before);
  }

  @Override
  public void learn(double x) {
    throw new UnsupportedOperationException("needs event times");
  }

  @Override
  public void learn(long eventTimeMillis, double x) {
    double before = seasonAgo(eventTimeMillis);
    history.addLast(new long[] {eventTimeMillis, Double.doubleToRawLongBits(x)});
    while (history.size() > 1 && history.peekFirst()[0] <= eventTimeMillis - seasonMillis) {
      anchor = history.pollFirst();
    }
    if (!Double.isNaN(before)) {
      inner.learn(eventTimeMillis, x - before);
    }
  }
}
