package io.beamwise.anomaly;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.anomaly.detectors.SortedWindow;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;

/**
 * When a score is an alert, per key: a {@link #fixed} threshold, or an {@link #adaptive} one that
 * follows a high quantile of the key's recent scores (so a sensor whose scores run high does not
 * alert all the time), never below a floor. A reading is flagged when its score is strictly above
 * the threshold in force before the reading; its score then joins the recent scores.
 *
 * <p>Use {@link #create()} for a key's state and {@link #stateCoder()} to keep it in Beam state.
 * Immutable and serializable as configuration; the created {@link State} is mutable.
 */
public final class Threshold implements Serializable {

  private static final long serialVersionUID = 1L;

  private final double floor;
  private final double quantile; // NaN: fixed
  private final int window;
  private final int minScores;

  private Threshold(double floor, double quantile, int window, int minScores) {
    this.floor = floor;
    this.quantile = quantile;
    this.window = window;
    this.minScores = minScores;
  }

  /**
   * A fixed threshold.
   *
   * @throws IllegalArgumentException unless {@code 0 <= threshold < 1}
   */
  public static Threshold fixed(double threshold) {
    checkArgument(threshold >= 0 && threshold < 1, "threshold must be in [0, 1), got %s", threshold);
    return new Threshold(threshold, Double.NaN, 0, 0);
  }

  /**
   * The {@code quantile} of the last {@code window} scores, but at least {@code floor}; only the
   * floor until {@code window / 10} scores were seen.
   *
   * @throws IllegalArgumentException unless quantile in (0, 1), window in [10, 1000000], floor in
   *     [0, 1)
   */
  public static Threshold adaptive(double quantile, int window, double floor) {
    checkArgument(quantile > 0 && quantile < 1, "quantile must be in (0, 1), got %s", quantile);
    checkArgument(window >= 10 && window <= 1_000_000, "window must be in [10, 1000000], got %s", window);
    checkArgument(floor >= 0 && floor < 1, "floor must be in [0, 1), got %s", floor);
    return new Threshold(floor, quantile, window, Math.max(1, window / 10));
  }

  public boolean isAdaptive() {
    return !Double.isNaN(quantile);
  }

  /** The fixed threshold, or the floor of an adaptive one. */
  public double floor() {
    return floor;
  }

  public String describe() {
    return isAdaptive()
        ? String.format("adaptive(q=%s, window=%d, floor=%s)", quantile, window, floor)
        : String.format("fixed(%s)", floor);
  }

  @Override
  public String toString() {
    return describe();
  }

  /** A key's threshold state. */
  public State create() {
    return new State(this);
  }

  /** Encodes a key's recent scores exactly. */
  public Coder<State> stateCoder() {
    return new StateCoder(this);
  }

  /** A key's threshold: the recent scores of an adaptive threshold. */
  public static final class State {
    private final Threshold spec;
    private final SortedWindow recent;

    State(Threshold spec) {
      this.spec = spec;
      this.recent = spec.isAdaptive() ? new SortedWindow(spec.window) : null;
    }

    /** The threshold in force now. */
    public double current() {
      if (recent == null || recent.size() < spec.minScores) {
        return spec.floor;
      }
      return Math.max(spec.floor, recent.quantile(spec.quantile));
    }

    /** Adds a score to the recent scores (no effect for a fixed threshold). */
    public void observe(double score) {
      if (recent != null) {
        recent.add(score);
      }
    }
  }

  private static final class StateCoder extends AtomicCoder<State> {
    private final Threshold spec;

    StateCoder(Threshold spec) {
      this.spec = spec;
    }

    @Override
    public void encode(State value, OutputStream out) throws CoderException, IOException {
      DataOutputStream data = new DataOutputStream(out);
      if (value.recent == null) {
        data.writeInt(0);
      } else {
        value.recent.writeTo(data);
      }
      data.flush();
    }

    @Override
    public State decode(InputStream in) throws CoderException, IOException {
      State s = new State(spec);
      if (s.recent == null) {
        int n = new DataInputStream(in).readInt();
        if (n != 0) {
          throw new CoderException(n + " encoded scores do not fit " + spec.describe());
        }
      } else {
        s.recent.readFrom(new DataInputStream(in));
      }
      return s;
    }

    @Override
    public void verifyDeterministic() {}
  }
}
