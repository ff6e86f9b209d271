package io.beamwise.anomaly.detectors;

/**
 * The prequential protocol of every detector, written once: each point, in event-time order, is
 * first scored against what the detector learned before it, then learned. A point that arrives
 * while the detector is not ready scores 0 (as {@code ScoreAnomalies} labels it {@code
 * warming_up} with score 0). {@link #step} is the general form, over any detector and point type,
 * with a {@link Judge} that sees each score before the point is learned and may flag it, and a
 * {@link Learning} rule saying which points are learned; {@code ScoreAnomalies}' DoFns call it
 * with their threshold as the judge. The other methods are its univariate forms, without a
 * threshold, used by the NAB harness, the benchmarks and the tests' oracles, so that all of them
 * score exactly as the pipeline does.
 */
public final class Prequential {

  private Prequential() {}

  /**
   * What the protocol asks of a detector of type {@code D} over points of type {@code P}.
   *
   * @param <D> the detector type
   * @param <P> the point type
   */
  public interface Learner<D, P> {
    /** Whether {@code detector} has seen enough points to score. */
    boolean isReady(D detector);

    /** The score of {@code point} in [0, 1], without learning it (called only when ready). */
    double score(D detector, P point);

    /** Updates {@code detector} with {@code point}. */
    void learn(D detector, P point);
  }

  /**
   * Sees each point's score after it is scored and before it is learned, and says whether the
   * point is flagged (anomalous).
   *
   * @param <D> the detector type
   * @param <P> the point type
   */
  public interface Judge<D, P> {
    /**
     * Whether {@code point} is flagged; {@code ready} false means the detector was warming up and
     * {@code score} is 0. {@code detector} has not learned {@code point} yet.
     */
    boolean flagged(D detector, P point, boolean ready, double score);
  }

  /** Which points a {@link #step} learns after scoring them. */
  public enum Learning {
    /** Every point. */
    EVERY,
    /** Only the points the judge did not flag. */
    UNFLAGGED,
    /** None: the point is scored only (e.g. a late point). */
    NONE
  }

  /** A judge that flags nothing. */
  private static final Judge<Object, Object> NO_FLAGS = (d, p, ready, score) -> false;

  /** The univariate detectors over (event time, value) points. */
  private static final Learner<Detector, TimedValue> TIMED = new DetectorLearner(true);

  /** The univariate detectors over values alone ({@link Detector#score(double)}). */
  private static final Learner<Detector, TimedValue> UNTIMED = new DetectorLearner(false);

  /** A {@link Detector}, told the points' event times or not. */
  private static final class DetectorLearner implements Learner<Detector, TimedValue> {
    private final boolean timed;

    DetectorLearner(boolean timed) {
      this.timed = timed;
    }

    @Override
    public boolean isReady(Detector d) {
      return d.isReady();
    }

    @Override
    public double score(Detector d, TimedValue p) {
      return timed ? d.score(p.eventTimeMillis, p.value) : d.score(p.value);
    }

    @Override
    public void learn(Detector d, TimedValue p) {
      if (timed) {
        d.learn(p.eventTimeMillis, p.value);
      } else {
        d.learn(p.value);
      }
    }
  }

  /** One univariate point; mutable so that a loop reuses one. */
  private static final class TimedValue {
    long eventTimeMillis;
    double value;

    TimedValue set(long eventTimeMillis, double value) {
      this.eventTimeMillis = eventTimeMillis;
      this.value = value;
      return this;
    }
  }

  /**
   * One step of the protocol: the score of {@code point} (0 while {@code detector} is not ready),
   * shown to {@code judge}, then {@code point} is learned as {@code learning} says.
   *
   * @return the score, 0 while warming up
   */
  public static <D, P> double step(
      Learner<D, P> learner,
      D detector,
      P point,
      Judge<? super D, ? super P> judge,
      Learning learning) {
    boolean ready = learner.isReady(detector);
    double score = ready ? learner.score(detector, point) : 0.0;
    boolean flagged = judge.flagged(detector, point, ready, score);
    if (learning == Learning.EVERY || (learning == Learning.UNFLAGGED && !flagged)) {
      learner.learn(detector, point);
    }
    return score;
  }

  /** The score of {@code x} (0 while {@code detector} is not ready), then learns {@code x}. */
  public static double scoreThenLearn(Detector detector, double x) {
    return step(UNTIMED, detector, new TimedValue().set(0L, x), NO_FLAGS, Learning.EVERY);
  }

  /**
   * The score of {@code x} observed at {@code eventTimeMillis} (0 while {@code detector} is not
   * ready), then learns it with its time: {@link Detector#score(long, double)} and {@link
   * Detector#learn(long, double)}, as {@code ScoreAnomalies} calls them.
   */
  public static double scoreThenLearn(Detector detector, long eventTimeMillis, double x) {
    return step(
        TIMED, detector, new TimedValue().set(eventTimeMillis, x), NO_FLAGS, Learning.EVERY);
  }

  /**
   * The scores of {@code values}, observed at {@code eventTimesMillis}, visited in {@code order}
   * (indexes into {@code values}), each scored then learned with its time; {@code scores[i]} is
   * the score of {@code values[i]}.
   */
  public static double[] scores(
      Detector detector, long[] eventTimesMillis, double[] values, int[] order) {
    double[] scores = new double[values.length];
    TimedValue p = new TimedValue();
    for (int i : order) {
      scores[i] =
          step(TIMED, detector, p.set(eventTimesMillis[i], values[i]), NO_FLAGS, Learning.EVERY);
    }
    return scores;
  }

  /** The scores of {@code values} in their order, each scored then learned. */
  public static double[] scores(Detector detector, double[] values) {
    double[] scores = new double[values.length];
    TimedValue p = new TimedValue();
    for (int i = 0; i < values.length; i++) {
      scores[i] = step(UNTIMED, detector, p.set(0L, values[i]), NO_FLAGS, Learning.EVERY);
    }
    return scores;
  }
}
