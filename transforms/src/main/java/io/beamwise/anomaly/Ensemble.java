package io.beamwise.anomaly;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.CoderUtils;

/**
 * Combines several detectors into one: every member scores and learns every point, and the
 * ensemble's score is the {@link Combiner#MAX maximum}, the {@link Combiner#MEAN mean}, or the
 * {@link Combiner#VOTE fraction of members} whose score is above the vote threshold (majority
 * vote: a flag threshold of 0.5 on that fraction). The ensemble is ready when every member is.
 *
 * <p>Memory: the sum of the members'. State: each member's state with its own coder.
 */
public final class Ensemble implements Detector {

  /** How member scores are combined. */
  public enum Combiner {
    MAX,
    MEAN,
    VOTE
  }

  private final Spec spec;
  private final List<Detector> members;

  private Ensemble(Spec spec, List<Detector> members) {
    this.spec = spec;
    this.members = members;
  }

  /** An ensemble of {@code members} combined with {@code combiner}; vote threshold 0.5. */
  public static Spec of(Combiner combiner, DetectorSpec... members) {
    checkArgument(combiner != null, "combiner must not be null");
    checkArgument(members != null && members.length >= 1, "an ensemble needs at least one member");
    return new Spec(combiner, List.of(members), 0.5);
  }

  @Override
  public boolean isReady() {
    for (Detector d : members) {
      if (!d.isReady()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public double score(double x) {
    return combine(false, 0L, x);
  }

  @Override
  public double score(long eventTimeMillis, double x) {
    return combine(true, eventTimeMillis, x);
  }

  private double combine(boolean timed, long eventTimeMillis, double x) {
    double max = 0;
    double sum = 0;
    int votes = 0;
    for (Detector d : members) {
      double s = timed ? d.score(eventTimeMillis, x) : d.score(x);
      max = Math.max(max, s);
      sum += s;
      votes += s > spec.voteThreshold ? 1 : 0;
    }
    switch (spec.combiner) {
      case MAX:
        return max;
      case MEAN:
        return sum / members.size();
      default:
        return (double) votes / members.size();
    }
  }

  /**
   * Each member's score of {@code x}, named {@code <position>:<member description>} (position
   * from 0), for example {@code 0:rolling-zscore(window=288)}.
   */
  @Override
  public java.util.Map<String, Double> details(double x) {
    if (!isReady()) {
      return java.util.Collections.emptyMap();
    }
    java.util.Map<String, Double> scores = new java.util.TreeMap<>();
    for (int i = 0; i < members.size(); i++) {
      scores.put(i + ":" + spec.members.get(i).describe(), members.get(i).score(x));
    }
    return java.util.Collections.unmodifiableMap(scores);
  }

  @Override
  public void learn(double x) {
    for (Detector d : members) {
      d.learn(x);
    }
  }

  @Override
  public void learn(long eventTimeMillis, double x) {
    for (Detector d : members) {
      d.learn(eventTimeMillis, x);
    }
  }

  /** Configuration of an {@link Ensemble}. Immutable. */
  public static final class Spec implements DetectorSpec {
    private static final long serialVersionUID = 1L;

    private final Combiner combiner;
    private final List<DetectorSpec> members;
    private final double voteThreshold;

    private Spec(Combiner combiner, List<DetectorSpec> members, double voteThreshold) {
      checkArgument(
          voteThreshold >= 0 && voteThreshold < 1,
          "voteThreshold must be in [0, 1), got %s",
          voteThreshold);
      this.combiner = combiner;
      this.members = List.copyOf(members);
      this.voteThreshold = voteThreshold;
    }

    /** For {@link Combiner#VOTE}: a member votes when its score is above this; in [0, 1). */
    public Spec withVoteThreshold(double voteThreshold) {
      return new Spec(combiner, members, voteThreshold);
    }

    @Override
    public Detector create() {
      List<Detector> created = new ArrayList<>();
      for (DetectorSpec m : members) {
        created.add(m.create());
      }
      return new Ensemble(this, created);
    }

    /** Every member is created with {@code expected}. */
    @Override
    public Detector create(ValueRange expected) {
      List<Detector> created = new ArrayList<>();
      for (DetectorSpec m : members) {
        created.add(m.create(expected));
      }
      return new Ensemble(this, created);
    }

    @Override
    public Coder<Detector> stateCoder() {
      return new StateCoder(this);
    }

    @Override
    public String describe() {
      StringBuilder s = new StringBuilder("ensemble-" + combiner.name().toLowerCase(Locale.ROOT) + "(");
      for (int i = 0; i < members.size(); i++) {
        s.append(i == 0 ? "" : ", ").append(members.get(i).describe());
      }
      if (combiner == Combiner.VOTE) {
        s.append(", vote>").append(voteThreshold);
      }
      return s.append(')').toString();
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /** Each member's state, length-prefixed, with the member's own coder. */
  static final class StateCoder extends AtomicCoder<Detector> {
    private final Spec spec;

    StateCoder(Spec spec) {
      this.spec = spec;
    }

    @Override
    public void encode(Detector value, OutputStream out) throws CoderException, IOException {
      Ensemble e = (Ensemble) value;
      DataOutputStream data = new DataOutputStream(out);
      for (int i = 0; i < e.members.size(); i++) {
        byte[] bytes = CoderUtils.encodeToByteArray(spec.members.get(i).stateCoder(), e.members.get(i));
        data.writeInt(bytes.length);
        data.write(bytes);
      }
      data.flush();
    }

    @Override
    public Detector decode(InputStream in) throws CoderException, IOException {
      DataInputStream data = new DataInputStream(in);
      List<Detector> members = new ArrayList<>();
      for (DetectorSpec m : spec.members) {
        int length = data.readInt();
        if (length < 0) {
          throw new CoderException("negative member state length " + length);
        }
        byte[] bytes = new byte[length];
        data.readFully(bytes);
        members.add(CoderUtils.decodeFromByteArray(m.stateCoder(), bytes));
      }
      return new Ensemble(spec, members);
    }

    @Override
    public void verifyDeterministic() {}
  }
}
