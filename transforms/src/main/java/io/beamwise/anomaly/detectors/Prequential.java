package io.beamwise.anomaly.detectors;

/**
 * The prequential protocol of every detector, outside a pipeline: each point, in event-time
 * order, is first scored against what the detector learned before it, then learned. A point that
 * arrives while the detector is not {@link Detector#isReady ready} scores 0, as {@code
 * ScoreAnomalies} labels it {@code warming_up} with score 0. Used by the NAB harness, the
 * benchmarks and the tests' oracles, so that all of them score exactly as the pipeline does.
 */
public final class Prequential {

  private Prequential() {}

  /** The score of {@code x} (0 while {@code detector} is not ready), then learns {@code x}. */
  public static double scoreThenLearn(Detector detector, double x) {
    double score = detector.isReady() ? detector.score(x) : 0.0;
    detector.learn(x);
    return score;
  }

  /**
   * The score of {@code x} observed at {@code eventTimeMillis} (0 while {@code detector} is not
   * ready), then learns it with its time: {@link Detector#score(long, double)} and {@link
   * Detector#learn(long, double)}, as {@code ScoreAnomalies} calls them.
   */
  public static double scoreThenLearn(Detector detector, long eventTimeMillis, double x) {
    double score = detector.isReady() ? detector.score(eventTimeMillis, x) : 0.0;
    detector.learn(eventTimeMillis, x);
    return score;
  }

  /**
   * The scores of {@code values}, observed at {@code eventTimesMillis}, visited in {@code order}
   * (indexes into {@code values}), each scored then learned with its time; {@code scores[i]} is
   * the score of {@code values[i]}.
   */
  public static double[] scores(
      Detector detector, long[] eventTimesMillis, double[] values, int[] order) {
    double[] scores = new double[values.length];
    for (int i : order) {
      scores[i] = scoreThenLearn(detector, eventTimesMillis[i], values[i]);
    }
    return scores;
  }

  /** The scores of {@code values} in their order, each scored then learned. */
  public static double[] scores(Detector detector, double[] values) {
    double[] scores = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      scores[i] = scoreThenLearn(detector, values[i]);
    }
    return scores;
  }
}
