package io.beamwise.metrics;

import java.io.Serializable;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * A Beam {@link Counter} counted in a plain field and added to the metric once per bundle: for
 * counters that a DoFn increments for every element. Each {@link Counter#inc()} looks up the
 * thread's metrics container and the cell of the metric's name (a thread-local and a hash-map
 * lookup); counting here costs an addition, and {@link #flush()}, called from the DoFn's
 * {@code @FinishBundle}, makes one such update per bundle. The metric's final value is the same.
 *
 * <p>Read the metric's committed value where the runner has one: the DirectRunner records a
 * bundle's attempted values after it reports the bundle done, so right after {@code
 * waitUntilFinish()} its attempted value may miss the last bundles' counts; its committed value
 * has them.
 *
 * <p>Not thread-safe, as a DoFn instance (which processes one bundle at a time) needs. The pending
 * count is transient: a DoFn is serialized before its first bundle, never in the middle of one.
 */
public final class BundleCounter implements Serializable {

  private static final long serialVersionUID = 1L;

  private final Counter counter;
  private transient long pending;

  private BundleCounter(Counter counter) {
    this.counter = counter;
  }

  /** The counter {@code name} in {@code namespace} ({@link Metrics#counter(String, String)}). */
  public static BundleCounter of(String namespace, String name) {
    return new BundleCounter(Metrics.counter(namespace, name));
  }

  /** Counts one, added to the metric at the next {@link #flush()}. */
  public void inc() {
    pending++;
  }

  /** Counts {@code n}, added to the metric at the next {@link #flush()}. */
  public void inc(long n) {
    pending += n;
  }

  /** Adds what was counted since the last flush to the metric; call it from {@code @FinishBundle}. */
  public void flush() {
    if (pending != 0) {
      counter.inc(pending);
      pending = 0;
    }
  }
}
