package io.beamwise.benchmarks.endtoend;

import java.io.Serializable;

/** Count, min, max and sum of one sensor's values in one window (plain Java and native Flink). */
public final class WindowAccumulator implements Serializable {
  private static final long serialVersionUID = 1L;

  public long count;
  public double min = Double.POSITIVE_INFINITY;
  public double max = Double.NEGATIVE_INFINITY;
  public double sum;

  public WindowAccumulator() {}

  public WindowAccumulator add(double value) {
    count++;
    min = Math.min(min, value);
    max = Math.max(max, value);
    sum += value;
    return this;
  }

  public WindowAccumulator merge(WindowAccumulator o) {
    count += o.count;
    min = Math.min(min, o.min);
    max = Math.max(max, o.max);
    sum += o.sum;
    return this;
  }

  public double mean() {
    return sum / count;
  }
}
