package io.beamwise.anomaly.detectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EnsembleTest {

  private static final RollingZScore.Spec SHORT = RollingZScore.spec(5).withMinPoints(3);
  private static final RollingZScore.Spec LONG = RollingZScore.spec(20).withMinPoints(10);

  @Test
  void combinesMemberScoresByMaxMeanAndVote() {
    double[] history = {1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2};
    Detector a = SHORT.create();
    Detector b = LONG.create();
    Detector max = Ensemble.of(Ensemble.Combiner.MAX, SHORT, LONG).create();
    Detector mean = Ensemble.of(Ensemble.Combiner.MEAN, SHORT, LONG).create();
    Detector vote = Ensemble.of(Ensemble.Combiner.VOTE, SHORT, LONG).withVoteThreshold(0.55).create();
    for (double x : history) {
      for (Detector d : new Detector[] {a, b, max, mean, vote}) {
        d.learn(x);
      }
    }
    assertTrue(max.isReady());
    double x = 4;
    double sa = a.score(x);
    double sb = b.score(x);
    assertEquals(Math.max(sa, sb), max.score(x), 0.0);
    assertEquals((sa + sb) / 2, mean.score(x), 1e-15);
    assertEquals(((sa > 0.55 ? 1 : 0) + (sb > 0.55 ? 1 : 0)) / 2.0, vote.score(x), 0.0);
  }

  @Test
  void readyOnlyWhenEveryMemberIs() {
    Detector e = Ensemble.of(Ensemble.Combiner.MAX, SHORT, LONG).create();
    for (int i = 0; i < 9; i++) {
      e.learn(i);
      assertFalse(e.isReady(), "long member needs 10 points, have " + (i + 1));
    }
    e.learn(9);
    assertTrue(e.isReady());
  }

  @Test
  void validatesItsParameters() {
    assertThrows(IllegalArgumentException.class, () -> Ensemble.of(Ensemble.Combiner.MAX));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Ensemble.of(Ensemble.Combiner.VOTE, SHORT).withVoteThreshold(1.0));
    assertTrue(e.getMessage().contains("voteThreshold"), e.getMessage());
    assertEquals(
        "ensemble-max(rolling-zscore(window=5, minPoints=3, zScale=3.0, minStd=0.0))",
        Ensemble.of(Ensemble.Combiner.MAX, SHORT).describe());
  }

  /** The contract, for the default detector's shape. */
  @Nested
  class MaxContract extends DetectorContractTest.Univariate {
    MaxContract() {
      super("max(align(re:20,0.5),cad:5:40)", "max(align(re:20,0.5),cad:5:41)");
    }
  }

  /** The contract, for a mean of three. */
  @Nested
  class MeanContract extends DetectorContractTest.Univariate {
    MeanContract() {
      super("mean(zscore:30,robust:30,iqr:30)", "vote(zscore:30,robust:30,iqr:30)");
    }
  }
}
