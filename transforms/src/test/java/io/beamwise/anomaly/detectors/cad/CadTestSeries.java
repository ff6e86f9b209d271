package io.beamwise.anomaly.detectors.cad;

import io.beamwise.anomaly.detectors.Detector;
import java.util.Random;

/** Series and a score-then-learn loop shared by the CAD tests. */
final class CadTestSeries {

  private CadTestSeries() {}

  /** Scores then learns each value in turn; the scores. */
  static double[] scoreThenLearn(Detector d, double... values) {
    double[] scores = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      scores[i] = d.score(values[i]);
      d.learn(values[i]);
    }
    return scores;
  }

  /** Regimes of a few levels with noise, and rare spikes. */
  static double[] series(long seed, int n) {
    Random r = new Random(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 10 + 3 * Math.sin(i * 2 * Math.PI / 24) + r.nextGaussian() * 0.3 + (r.nextInt(200) == 0 ? 8 : 0);
    }
    return x;
  }
}
