package io.beamwise.anomaly.detectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.anomaly.detectors.cad.ContextualAnomalyDetector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DetectorsTest {

  @Test
  void parsesEachDetectorWithDefaultsAndArguments() {
    assertEquals(RollingZScore.spec(288).describe(), Detectors.parse("zscore").describe());
    assertEquals(RollingZScore.spec(50).describe(), Detectors.parse("zscore:50").describe());
    assertEquals(RobustZScore.spec(99).describe(), Detectors.parse(" Robust:99 ").describe());
    assertEquals(IqrDetector.spec(288).describe(), Detectors.parse("iqr").describe());
    assertEquals(HalfSpaceTrees.spec(250).describe(), Detectors.parse("hst").describe());
    assertEquals(RandomCutForestDetector.spec(8).describe(), Detectors.parse("rcf").describe());
    assertEquals(RandomCutForestDetector.spec(4).describe(), Detectors.parse("rcf:4").describe());
    assertEquals(HalfSpaceTrees.spec(100).describe(), Detectors.parse("HST:100").describe());
    assertEquals(RelativeEntropyDetector.spec(52).describe(), Detectors.parse("re").describe());
    assertEquals(RelativeEntropyDetector.spec(64).describe(), Detectors.parse("re:64").describe());
    assertEquals(
        EwmaZScore.spec(EwmaZScore.alphaForHalfLife(100)).describe(), Detectors.parse("ewma").describe());
  }

  @Test
  void parsesNestedEnsembles() {
    DetectorSpec spec = Detectors.parse("max(zscore:10,mean(robust:20,iqr:30))");
    assertEquals(
        Ensemble.of(
                Ensemble.Combiner.MAX,
                RollingZScore.spec(10),
                Ensemble.of(Ensemble.Combiner.MEAN, RobustZScore.spec(20), IqrDetector.spec(30)))
            .describe(),
        spec.describe());
    Detector d = spec.create();
    for (int i = 0; i < 40; i++) {
      d.learn(i % 5);
    }
    assertTrue(d.isReady());
  }

  @Test
  void parsesCadAndLikelihood() {
    assertEquals(ContextualAnomalyDetector.spec().describe(), Detectors.parse("cad").describe());
    assertEquals(
        ContextualAnomalyDetector.spec().withRestPeriod(150).describe(), Detectors.parse("CAD:150").describe());
    assertEquals(
        ContextualAnomalyDetector.spec().withRestPeriod(150).withWarmUp(300).describe(),
        Detectors.parse("cad:150:300").describe());
    assertEquals(
        ContextualAnomalyDetector.spec().withWarmUp(300).describe(), Detectors.parse("cad::300").describe());
    assertEquals(ContextualAnomalyDetector.spec().describe(), Detectors.parse("cad:30:150:widen").describe());
    assertEquals(
        ContextualAnomalyDetector.spec().withLearnedRange(ContextualAnomalyDetector.LearnedRange.GRID).describe(),
        Detectors.parse("cad:30:150:grid").describe());
    assertEquals(
        "cad(restPeriod=30, warmUp=150, baseThreshold=0.75, maxContexts=65536, learnedRange=relearn, keep=150,"
            + " growth=1.0)",
        Detectors.parse("cad:30:150:relearn").describe());
    assertEquals(
        ContextualAnomalyDetector.spec()
            .withWarmUp(300)
            .withLearnedRange(ContextualAnomalyDetector.LearnedRange.RELEARN)
            .withKeep(75)
            .withGrowth(0.5)
            .describe(),
        Detectors.parse("cad::300:RELEARN:75:0.5").describe());
    assertEquals(
        AnomalyLikelihood.of(ContextualAnomalyDetector.spec()).describe(),
        Detectors.parse("likelihood(cad)").describe());
    assertEquals(
        AnomalyLikelihood.of(RelativeEntropyDetector.spec(52)).withProbation(750).withSpatialRule().describe(),
        Detectors.parse("likelihood( re , spatial, probation=750 )").describe());
    assertEquals(
        Ensemble.of(
                Ensemble.Combiner.MAX,
                AnomalyLikelihood.of(Ensemble.of(Ensemble.Combiner.MEAN, RollingZScore.spec(10), IqrDetector.spec(20))),
                ContextualAnomalyDetector.spec())
            .describe(),
        Detectors.parse("max(likelihood(mean(zscore:10,iqr:20)),cad)").describe());
  }

  @Test
  void parsesSpatialWithNabsToleranceByDefault() {
    assertEquals(SpatialAnomalyRule.spec().describe(), Detectors.parse("spatial").describe());
    assertEquals("spatial(tolerance=0.05, warmUp=150)", Detectors.parse("spatial").describe());
    assertEquals(
        SpatialAnomalyRule.spec().withTolerance(0.1).describe(), Detectors.parse("Spatial:0.1").describe());
    assertEquals(
        SpatialAnomalyRule.spec().withTolerance(0.1).withWarmUp(0).describe(),
        Detectors.parse("spatial:0.1:0").describe());
    assertEquals(
        SpatialAnomalyRule.spec().withWarmUp(300).describe(), Detectors.parse("spatial::300").describe());
    assertEquals(
        Ensemble.of(
                Ensemble.Combiner.MAX,
                AlignedScore.of(RelativeEntropyDetector.spec(52), 0.5),
                ContextualAnomalyDetector.spec(),
                SpatialAnomalyRule.spec())
            .describe(),
        Detectors.parse("max(align(re,0.5),cad,spatial)").describe());
  }

  @Test
  void spatialRejectsBadArgumentsNamingParameterAndRange() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Detectors.parse("spatial:-0.1"));
    assertEquals("tolerance must be in [0, 10] (a fraction of the range so far), got -0.1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Detectors.parse("spatial:x"));
    assertEquals("spatial TOL takes a number in [0, 10], got 'x'", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Detectors.parse("spatial:0.05:-1"));
    assertEquals("warmUp must be in [0, 1000000] points, got -1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Detectors.parse("spatial:0.05:1:2"));
    assertTrue(e.getMessage().contains("spatial[:TOL[:WARMUP]]"), e.getMessage());
  }

  @Test
  void parsesAlign() {
    assertEquals(
        Ensemble.of(Ensemble.Combiner.MAX, AlignedScore.of(RelativeEntropyDetector.spec(52), 0.5), ContextualAnomalyDetector.spec())
            .describe(),
        Detectors.parse("max(align(re,0.5),cad)").describe());
    assertEquals(
        AlignedScore.of(RollingZScore.spec(288), 0.9).withTo(0.6).describe(),
        Detectors.parse("align( zscore:288 , 0.9 , 0.6 )").describe());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "cad:x", "cad:1:2:3", "cad:-1", "cad:30:150:grid:5", "cad:30:150:relearn:-1", "cad:30:150:relearn:150:0.001",
        "cad:30:150:relearn:150:x", "cad:30:150:relearn:1:2:3", "likelihood()", "likelihood(cad,fast)", "likelihood(cad,probation=1)",
        "align(re)", "align(re,x)", "align(re,0)", "align(re,1)", "align(re,0.5,1.5)", "align(re,0.5,0.7,0.1)"
      })
  void rejectsBadCadAndLikelihoodSpecsNamingThePart(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Detectors.parse(text));
    assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), text);
  }

  @Test
  void cadRangePolicyErrorsNameTheParameterAndTheChoices() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Detectors.parse("cad:30:150:shrink"));
    assertTrue(e.getMessage().contains("RANGE") && e.getMessage().contains("relearn") && e.getMessage().contains("shrink"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Detectors.parse("cad:30:150:relearn:150:0.001"));
    assertTrue(e.getMessage().startsWith("growth must be 0 or in [0.01, 100], got 0.001"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Detectors.parse("cad:30:150:relearn:-1"));
    assertTrue(e.getMessage().startsWith("keep must be in [0, 1000000]"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "zscore:abc", "forest", "max(zscore", "median(zscore)", "zscore:1"})
  void rejectsBadSpecsWithAMessage(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Detectors.parse(text));
    assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
  }
}
