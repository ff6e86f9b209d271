package io.beamwise.anomaly.detectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.anomaly.detectors.cad.ContextualAnomalyDetector;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reproduces NAB's published per-row results of CAD OSE and of HTM's anomaly likelihood on the 19
 * files of the shared NAB dev subset, given what NAB gave its detectors (each file's min and max,
 * its probationary period); skipped when the subset is absent.
 */
class NabReproductionTest {

  /** Published scores have 12 significant digits: a faithful value is within half a unit. */
  private static final double PRINTED = 1e-11;

  @Test
  void cadOseScoresEqualNabsContextOseResultsRowByRowOnAll19Files() {
    Path nab = NabPublished.nabDir();
    List<NabPublished.File> files = NabPublished.files(nab, "contextOSE", 2, -1);
    assertEquals(19, files.size());
    double worst = 0;
    long rows = 0;
    List<double[]> scores = new ArrayList<>();
    for (NabPublished.File f : files) {
      // NAB: ContextualAnomalyDetectorOSE(minValue, maxValue, restPeriod = probationaryPeriod / 5)
      ContextualAnomalyDetector.Spec spec =
          ContextualAnomalyDetector.spec().withRestPeriod((int) (f.probation() / 5.0));
      Detector d = spec.create(ValueRange.of(f.min(), f.max()));
      double[] s = new double[f.rows()];
      for (int i = 0; i < f.rows(); i++) {
        s[i] = Prequential.scoreThenLearn(d, f.values()[i]);
        worst = Math.max(worst, Math.abs(s[i] - f.published()[i]));
        rows++;
      }
      scores.add(s);
    }
    assertEquals(103_363, rows);
    assertTrue(worst <= PRINTED, "max |CAD − contextOSE| over all rows = " + worst);
    // hence NAB's score of contextOSE on these files (the README's 58.10)
    assertEquals(58.10, NabPublished.standardScore(nab, files, scores), 0.005);
  }

  /**
   * NAB's HTM detector turns the HTM model's raw scores ({@code raw_score}) into its {@code
   * anomaly_score} with the anomaly likelihood (learning period P/2, P − P/2 estimation samples,
   * P the probationary period) and the spatial-anomaly rule. A detector that replays the raw
   * scores, wrapped in {@link AnomalyLikelihood} so configured, reproduces the published column.
   */
  @Test
  void likelihoodOfHtmRawScoresEqualsNabsNumentaResultsOnAll19Files() {
    Path nab = NabPublished.nabDir();
    List<NabPublished.File> files = NabPublished.files(nab, "numenta", 2, 3);
    double worst = 0;
    long rows = 0;
    long within = 0;
    List<double[]> scores = new ArrayList<>();
    for (NabPublished.File f : files) {
      Detector d =
          AnomalyLikelihood.of(new Replay(f.extra())).withProbation(f.probation()).withSpatialRule().create();
      double[] s = new double[f.rows()];
      for (int i = 0; i < f.rows(); i++) {
        s[i] = d.score(f.values()[i]); // also before ready: likelihood 0.5, or the spatial rule
        d.learn(f.values()[i]);
        double diff = Math.abs(s[i] - f.published()[i]);
        worst = Math.max(worst, diff);
        within += diff <= 1e-6 ? 1 : 0;
        rows++;
      }
      scores.add(s);
    }
    assertEquals(rows, within, "rows within 1e-6 of the published anomaly_score");
    assertTrue(worst <= PRINTED, "max |likelihood − anomaly_score| over all rows = " + worst);
    assertEquals(65.42, NabPublished.standardScore(nab, files, scores), 0.005);
  }

  /** A detector whose raw score is the recorded one of the row it is at; always ready. */
  private static final class Replay implements DetectorSpec {
    private final double[] raw;

    Replay(double[] raw) {
      this.raw = raw;
    }

    @Override
    public Detector create() {
      return new Detector() {
        private int row;

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public double score(double x) {
          return raw[row];
        }

        @Override
        public void learn(double x) {
          row++;
        }

        @Override
        public void writeState(DataOutputStream out) throws IOException {
          out.writeInt(row);
        }

        @Override
        public void readState(DataInputStream in) throws IOException {
          row = in.readInt();
        }
      };
    }

    @Override
    public String describe() {
      return "replay";
    }
  }
}
