package io.beamwise.anomaly.detectors;

import static io.beamwise.anomaly.detectors.DetectorContractTest.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PeaksOverThresholdTest {

  /** A detector whose score is the value itself (clamped to [0, 1]): the scores are the input. */
  static final class ValueAsScore implements Detector {
    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public double score(double x) {
      return Double.isNaN(x) ? 0 : Math.max(0, Math.min(1, x));
    }

    @Override
    public void learn(double x) {}

    @Override
    public void writeState(DataOutputStream out) {}

    @Override
    public void readState(DataInputStream in) {}
  }

  record ValueAsScoreSpec() implements DetectorSpec {
    @Override
    public Detector create() {
      return new ValueAsScore();
    }

    @Override
    public String describe() {
      return "value";
    }
  }

  private static PeaksOverThreshold fed(PeaksOverThreshold.Spec spec, double... scores) {
    PeaksOverThreshold d = (PeaksOverThreshold) spec.create();
    long t = 0;
    for (double s : scores) {
      d.score(t, s);
      d.learn(t, s);
      t += 300_000;
    }
    return d;
  }

  /** 0.00, 0.05, …, 0.95: twenty calibration scores. */
  private static double[] twentieths() {
    double[] s = new double[20];
    for (int i = 0; i < 20; i++) {
      s[i] = i * 0.05;
    }
    return s;
  }

  private static final PeaksOverThreshold.Spec SPEC =
      PeaksOverThreshold.of(new ValueAsScoreSpec(), 0.5).withCalibration(20).withLevel(0.45).withQ(0.01);

  /**
   * By hand: t = the 0.45 quantile of the twenty scores, sorted[⌊0.45 · 20⌋] = sorted[9] = 0.45; the
   * peaks are 0.05 · k, k = 1…10: mean m = 0.275, sample variance v = 0.0025 · 55/6; r = m²/v = 3.3, ξ
   * = (1 − r)/2 = −1.15, σ = m (r + 1)/2 = 0.59125; q n / N_t = 0.01 · 20 / 10 = 0.02; z = t + σ/ξ
   * (0.02^1.15 − 1).
   */
  private static double handZ() {
    double m = 0.275;
    double v = 0.0025 * 55.0 / 6.0;
    double r = m * m / v;
    double xi = 0.5 * (1 - r);
    double sigma = 0.5 * m * (r + 1);
    return 0.45 + sigma / xi * (Math.pow(0.02, -xi) - 1);
  }

  @Test
  void beforeTheCalibrationTheBoundaryIsTheThreshold() {
    PeaksOverThreshold d = fed(SPEC, 0.1, 0.2, 0.3);
    assertEquals(0.5, d.threshold(), 0.0);
    assertEquals(0.75, d.score(0.5), 1e-15);
    assertEquals(0.375, d.score(0.25), 1e-15);
    assertEquals(0.875, d.score(0.75), 1e-15);
  }

  @Test
  void thresholdIsTheFittedExtremeQuantile() {
    PeaksOverThreshold d = fed(SPEC, twentieths());
    double z = handZ();
    assertEquals(0.9584, z, 1e-4, "the hand computation itself");
    assertEquals(z, d.threshold(), 1e-12);
    assertEquals(0.75, d.score(z), 1e-12);
    assertEquals(1.0, d.score(1.0), 1e-12);
    assertEquals(0.75 * 0.5 / z, d.score(0.5), 1e-12, "the detector's own boundary is now below 0.75");
  }

  @Test
  void anAlarmIsNotAPeakButAScoreBelowTheExtremeIs() {
    PeaksOverThreshold d = fed(SPEC, twentieths());
    double z = d.threshold();
    fed2(d, 0.99);
    assertEquals(z, d.threshold(), 0.0, "an alarm above z changes neither the peaks nor n");
    fed2(d, 0.2);
    assertEquals(z, d.threshold(), 0.0, "a score below t counts in n but refits nothing (SPOT)");
    fed2(d, 0.9);
    assertTrue(d.threshold() != z, "a new peak refits");
  }

  private static void fed2(PeaksOverThreshold d, double s) {
    d.score(1L, s);
    d.learn(1L, s);
  }

  @Test
  void thresholdNeverFallsBelowTheDetectorsBoundary() {
    PeaksOverThreshold d = fed(PeaksOverThreshold.of(new ValueAsScoreSpec(), 0.97)
        .withCalibration(20).withLevel(0.45).withQ(0.01), twentieths());
    assertEquals(0.97, d.threshold(), 0.0);
  }

  @Test
  void aHeavyTailCanLiftTheThresholdAboveOneButAScoreOfOneStillAlarms() {
    double[] scores = new double[20];
    for (int i = 10; i < 19; i++) {
      scores[i] = 0.01;
    }
    scores[19] = 0.5; // t = 0; ten peaks, one far out: ξ > 0
    PeaksOverThreshold d =
        fed(PeaksOverThreshold.of(new ValueAsScoreSpec(), 0.5).withCalibration(20).withLevel(0.45).withQ(1e-4), scores);
    assertTrue(d.threshold() > 1, "threshold " + d.threshold());
    assertEquals(1.0, d.score(1.0), 0.0);
    assertEquals(0.75 * 0.99 / d.threshold(), d.score(0.99), 1e-15);
  }

  @Test
  void detailsGiveTheRawScoreAndTheThresholdInUse() {
    PeaksOverThreshold d = fed(SPEC, twentieths());
    assertEquals(java.util.Map.of("raw", 0.5, "threshold", d.threshold()), d.details(0.5));
    assertEquals(
        java.util.Map.of("raw", 0.3, "threshold", 0.5), SPEC.create().details(0.3), "before calibration");
  }

  @Test
  void fewerThanTenPeaksKeepTheBoundary() {
    PeaksOverThreshold d = fed(SPEC.withLevel(0.5), twentieths()); // t = 0.5: nine peaks
    assertEquals(0.5, d.threshold(), 0.0);
  }

  @Test
  void stateAfterTheCalibrationIsBoundedAndRoundTrips() throws Exception {
    PeaksOverThreshold d = fed(SPEC, twentieths());
    byte[] bytes = CoderUtils.encodeToByteArray(SPEC.stateCoder(), d);
    assertEquals(52, bytes.length, "a marker, t, n, N_t, the peaks' sum and sum of squares, z");
    for (int i = 0; i < 1000; i++) {
      fed2(d, (i % 97) / 100.0);
    }
    assertEquals(52, CoderUtils.encodeToByteArray(SPEC.stateCoder(), d).length, "no growth with the stream");
    PeaksOverThreshold restored =
        (PeaksOverThreshold) CoderUtils.decodeFromByteArray(SPEC.stateCoder(), CoderUtils.encodeToByteArray(SPEC.stateCoder(), d));
    assertEquals(d.threshold(), restored.threshold(), 0.0);
  }

  @Test
  void specValidationNamesParameterValueAndRange() {
    DetectorSpec v = new ValueAsScoreSpec();
    assertRejected("boundary", () -> PeaksOverThreshold.of(v, 0));
    assertRejected("boundary", () -> PeaksOverThreshold.of(v, 1));
    assertRejected("q", () -> PeaksOverThreshold.of(v, 0.5).withQ(0));
    assertRejected("calibration", () -> PeaksOverThreshold.of(v, 0.5).withCalibration(9));
    assertRejected("level", () -> PeaksOverThreshold.of(v, 0.5).withLevel(1));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PeaksOverThreshold.of(v, 0.5).withQ(1.5));
    assertEquals("q (the risk) must be in (0, 1), got 1.5", e.getMessage());
    PeaksOverThreshold.Spec s = PeaksOverThreshold.of(v, 0.5);
    assertEquals(s.withQ(0.001).withLevel(0.9), s.withLevel(0.9).withQ(0.001), "withX commute");
  }

  @Test
  void parsedWithDefaultsAndOptions() {
    PeaksOverThreshold.Spec spec = (PeaksOverThreshold.Spec) Detectors.parse("spot(cad,0.75)");
    assertEquals(0.75, spec.boundary(), 0.0);
    assertEquals(3e-4, spec.q(), 0.0);
    assertEquals(500, spec.calibration());
    assertEquals(0.98, spec.level(), 0.0);
    PeaksOverThreshold.Spec options =
        (PeaksOverThreshold.Spec) Detectors.parse("spot(re,0.5,q=0.001,calibration=800,level=0.95)");
    assertEquals(0.001, options.q(), 0.0);
    assertEquals(800, options.calibration());
    assertEquals(0.95, options.level(), 0.0);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Detectors.parse("spot(cad,0.75,risk=1)"));
    assertTrue(e.getMessage().contains("is not q=Q, calibration=N or level=L"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Detectors.parse("spot(cad)"));
  }

  /** The contract every detector keeps, with the calibration completed inside the test series. */
  @Nested
  class Contract extends DetectorContractTest.Univariate {
    Contract() {
      super("spot(re,0.5,calibration=200)", "spot(re,0.5,q=0.01,calibration=200)");
    }
  }
}
