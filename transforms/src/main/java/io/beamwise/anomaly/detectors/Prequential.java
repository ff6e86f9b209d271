package io.beamwise.anomaly.detectors;

/**
 * The prequential protocol of every detector, written once: each point, in event-time order, is
 * first scored against what the detector learned before it, then learned; a point that arrives
 * while the detector is not ready scores 0 (as {@code ScoreAnomalies} labels it {@code
 * warming_up}). {@link #step} is the general form: {@code ScoreAnomalies}' DoFns call it with
 * their threshold as the {@link Judge}; the other methods are its univariate forms without a
 * threshold, for the NAB harness, the benchmarks and the tests' oracles, so that all of them score
 * exactly as the pipeline does.
 */
public final class Prequential {

  private Prequential() {}

  /** What the protocol asks of a detector of type {@code D} over points of type {@code P}. */
  public interface Learner<D, P> {
    /** Whether {@code detector} has seen enough points to score. */
    boolean isReady(D detector);

    /** The score of {@code point} in [0, 1], without learning it; called only when ready. */
    double score(D detector, P point);

    /** Updates {@code detector} with {@code point}. */
    void learn(D detector, P point);
  }

  /** Sees each score before the point is learned, and says whether the point is flagged. */
  public interface Judge<D, P> {
    /** Whether {@code point} is flagged; {@code ready} false: warming up, {@code score} 0. */
    boolean flagged(D detector, P point, boolean ready, double score);
  }

  /** Which points a {@link #step} learns after scoring them. */
  public enum Learning {
    /** Every point. */
    EVERY,
    /** The points the judge did not flag. */
    UNFLAGGED,
    /** None: the point is only scored (e.g. a late point). */
    NONE
  }

  /**
   * One step: the score of {@code point} (0 while {@code detector} is not ready), shown to {@code
   * judge}, then {@code point} is learned as {@code learning} says. Returns the score.
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
    return step(Point.UNTIMED, detector, new Point().at(0L, x), Point.NO_FLAGS, Learning.EVERY);
  }

  /**
   * The score of {@code x} observed at {@code eventTimeMillis} (0 while {@code detector} is not
   * ready), then learns it with its time: {@link Detector#score(long, double)} and {@link
   * Detector#learn(long, double)}, as {@code ScoreAnomalies} calls them.
   */
  public static double scoreThenLearn(Detector detector, long eventTimeMillis, double x) {
    Point p = new Point().at(eventTimeMillis, x);
    return step(Point.TIMED, detector, p, Point.NO_FLAGS, Learning.EVERY);
  }

  /**
   * The scores of {@code values}, observed at {@code eventTimesMillis}, visited in {@code order}
   * (indexes into {@code values}), each scored then learned with its time; {@code scores[i]} is
   * the score of {@code values[i]}.
   */
  public static double[] scores(
      Detector detector, long[] eventTimesMillis, double[] values, int[] order) {
    double[] scores = new double[values.length];
    Point p = new Point();
    for (int i : order) {
      p.at(eventTimesMillis[i], values[i]);
      scores[i] = step(Point.TIMED, detector, p, Point.NO_FLAGS, Learning.EVERY);
    }
    return scores;
  }

  /** The scores of {@code values} in their order, each scored then learned. */
  public static double[] scores(Detector detector, double[] values) {
    double[] scores = new double[values.length];
    Point p = new Point();
    for (int i = 0; i < values.length; i++) {
      p.at(0L, values[i]);
      scores[i] = step(Point.UNTIMED, detector, p, Point.NO_FLAGS, Learning.EVERY);
    }
    return scores;
  }

  /**
   * A univariate point, reused along a loop; its learners call a {@link Detector} with or without
   * its time.
   */
  private static final class Point {
    static final Judge<Object, Object> NO_FLAGS = (d, p, ready, score) -> false;
    static final Learner<Detector, Point> TIMED = new Calls(true);
    static final Learner<Detector, Point> UNTIMED = new Calls(false);

    long millis;
    double value;

    Point at(long millis, double value) {
      this.millis = millis;
      this.value = value;
      return this;
    }

    private record Calls(boolean timed) implements Learner<Detector, Point> {
      @Override
      public boolean isReady(Detector d) {
        return d.isReady();
      }

      @Override
      public double score(Detector d, Point p) {
        return timed ? d.score(p.millis, p.value) : d.score(p.value);
      }

      @Override
      public void learn(Detector d, Point p) {
        if (timed) {
          d.learn(p.millis, p.value);
        } else {
          d.learn(p.value);
        }
      }
    }
  }
}
