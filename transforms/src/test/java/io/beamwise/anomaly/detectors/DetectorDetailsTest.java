package io.beamwise.anomaly.detectors;

import static io.beamwise.anomaly.detectors.DetectorChecks.learned;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Detector#details}: hand-computed values, no side effects, empty while warming up. */
class DetectorDetailsTest {

  @Test
  void rollingZScoreGivesMeanStdAndZ() {
    // Window 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sample variance 32/7.
    Detector d = learned(RollingZScore.spec(8).withMinPoints(8), 2, 4, 4, 4, 5, 5, 7, 9);
    Map<String, Double> details = d.details(11);
    double std = Math.sqrt(32.0 / 7);
    assertEquals(List.of("mean", "std", "z"), List.copyOf(details.keySet()));
    assertEquals(5.0, details.get("mean"), 1e-12);
    assertEquals(std, details.get("std"), 1e-12);
    assertEquals(6 / std, details.get("z"), 1e-12);
    // The score is z / (z + 3) of the same z.
    double z = details.get("z");
    assertEquals(z / (z + 3), d.score(11), 1e-12);
  }

  @Test
  void robustZScoreGivesMedianAndScale() {
    Detector d = learned(RobustZScore.spec(5).withMinPoints(5), 1, 2, 3, 4, 100);
    Map<String, Double> details = d.details(3);
    assertEquals(3.0, details.get("median"), 0.0);
    assertEquals(0.0, details.get("z"), 0.0);
    assertTrue(details.get("scale") > 0);
  }

  @Test
  void iqrGivesTheQuartiles() {
    IqrDetector d = (IqrDetector) learned(IqrDetector.spec(8).withMinPoints(8), 1, 2, 3, 4, 5, 6, 7, 8);
    Map<String, Double> details = d.details(50);
    assertEquals(d.q1(), details.get("q1"), 0.0);
    assertEquals(d.q3(), details.get("q3"), 0.0);
    assertTrue(details.get("q1") < details.get("q3"));
  }

  @Test
  void ewmaGivesMeanStdAndZ() {
    Detector d = learned(EwmaZScore.spec(0.5).withMinPoints(2), 10, 10, 10, 12);
    Map<String, Double> details = d.details(20);
    assertEquals(List.of("mean", "std", "z"), List.copyOf(details.keySet()));
    assertEquals(Math.abs(20 - details.get("mean")) / details.get("std"), details.get("z"), 1e-12);
  }

  @Test
  void ensembleGivesEachMembersScore() {
    DetectorSpec zscore = RollingZScore.spec(8).withMinPoints(8);
    DetectorSpec robust = RobustZScore.spec(8).withMinPoints(8);
    Detector d = learned(Ensemble.of(Ensemble.Combiner.MAX, zscore, robust), 2, 4, 4, 4, 5, 5, 7, 9);
    Map<String, Double> details = d.details(11);
    assertEquals(
        List.of("0:" + zscore.describe(), "1:" + robust.describe()), List.copyOf(details.keySet()));
    Detector z = learned(zscore, 2, 4, 4, 4, 5, 5, 7, 9);
    assertEquals(z.score(11), details.get("0:" + zscore.describe()), 0.0);
    assertEquals(d.score(11), Math.max(details.get("0:" + zscore.describe()), details.get("1:" + robust.describe())), 0.0);
  }

  @Test
  void warmingUpDetectorsHaveNoDetails() {
    for (DetectorSpec spec :
        List.of(
            RollingZScore.spec(288),
            EwmaZScore.spec(0.1),
            RobustZScore.spec(288),
            IqrDetector.spec(288),
            Ensemble.of(Ensemble.Combiner.MEAN, RollingZScore.spec(288)))) {
      assertTrue(learned(spec, 1, 2, 3).details(4).isEmpty(), spec.describe());
    }
  }
}
