package io.beamwise.evaluation;

import static io.beamwise.evaluation.NabTestFiles.file;
import static io.beamwise.evaluation.NabTestFiles.scores;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.evaluation.NabScorer.CorpusScore;
import io.beamwise.evaluation.NabScorer.DataFile;
import io.beamwise.evaluation.NabScorer.Score;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Hand-worked NAB scores. Notation: σ(y) = 2 / (1 + e^{5y}) - 1 (NAB's scaledSigmoid), σ(-1) =
 * 0.986614 (maxTP). All synthetic files have 20 hourly rows, so the probationary length is
 * min(floor(0.15 * 20), 750) = 3: rows 0..2 are ignored and 17 rows are scored.
 */
class NabScorerTest {

  private static final double EPS = 1e-6;

  @Test
  void scaledSigmoidMatchesNabDocstring() {
    assertEquals(0.98661, NabScorer.scaledSigmoid(-1.0), 1e-5);
    assertEquals(0.84828, NabScorer.scaledSigmoid(-0.5), 1e-5);
    assertEquals(0.0, NabScorer.scaledSigmoid(0.0), 1e-12);
    assertEquals(-0.98661, NabScorer.scaledSigmoid(1.0), 1e-5);
    assertEquals(-0.9999993882, NabScorer.scaledSigmoid(3.0), 1e-9); // 3.0 is not "> 3"
    assertEquals(-1.0, NabScorer.scaledSigmoid(3.0001), 0.0);
  }

  @Test
  void probationaryLengthAsInSweeper() {
    assertEquals(3.0, NabScorer.probationaryLength(20, 0.15));
    assertEquals(3, NabScorer.probationaryRows(20));
    assertEquals(15, NabScorer.probationaryRows(100));
    assertEquals(149, NabScorer.probationaryRows(999)); // floor(149.85)
    assertEquals(750, NabScorer.probationaryRows(5000));
    assertEquals(750, NabScorer.probationaryRows(10320)); // nyc_taxi: capped at 0.15 * 5000
    assertEquals(282, NabScorer.probationaryRows(1882)); // rogue_agent_key_hold: floor(282.3)
  }

  /**
   * One window, rows 10..14 (width w = 5, last row r = 14); detections at rows 12, 13 and 17.
   *
   * <ul>
   *   <li>Row 12 is the first detection in the window: y = -(14 - 12 + 1) / 5 = -0.6, σ(-0.6) =
   *       2 / (1 + e^{-3}) - 1 = 0.905148; TP value = A_TP * 0.905148 / 0.986614 = 0.917429.
   *   <li>Row 13 is a later detection in the same window: ignored.
   *   <li>Row 17 is a FP after the window: y = |14 - 17| / (5 - 1) = 0.75, σ(0.75) = 2 / (1 +
   *       e^{3.75}) - 1 = -0.954045; FP value = 0.11 * -0.954045 = -0.104945.
   * </ul>
   *
   * Standard raw score = 0.917429 - 0.104945 = 0.812484. Row counts: tp = 2 (rows 12, 13), fn = 3
   * (rows 10, 11, 14), fp = 1, tn = 17 - 5 - 1 = 11.
   */
  @Test
  void handWorkedSingleWindow() {
    DataFile f = file("a.csv", scores(20, 0.0, 12, 13, 17), new int[] {10, 14});
    Score s = new NabScorer(List.of(f)).score(0.5, NabProfile.STANDARD).total();
    double tp = NabScorer.scaledSigmoid(-0.6) / NabScorer.scaledSigmoid(-1.0);
    double fp = 0.11 * NabScorer.scaledSigmoid(0.75);
    assertEquals(0.917429, tp, EPS);
    assertEquals(-0.104945, fp, EPS);
    assertEquals(0.812484, s.rawScore(), EPS);
    assertEquals(tp + fp, s.rawScore(), 1e-12);
    assertEquals(2, s.tp());
    assertEquals(3, s.fn());
    assertEquals(1, s.fp());
    assertEquals(11, s.tn());
    assertEquals(17, s.total());
    assertEquals(1, s.detectedWindows());
    assertEquals(0, s.missedWindows());
  }

  /** Only the first detection counts: detecting at row 10 (y = -1) is worth exactly A_TP. */
  @Test
  void firstDetectionOnlyAndWindowStartIsWorthFullTp() {
    DataFile early = file("a.csv", scores(20, 0.0, 10, 11, 12, 13, 14), new int[] {10, 14});
    DataFile late = file("a.csv", scores(20, 0.0, 14), new int[] {10, 14});
    NabScorer e = new NabScorer(List.of(early));
    assertEquals(1.0, e.score(0.5, NabProfile.STANDARD).rawScore(), 1e-12);
    // Last row of the window: y = -1/5, σ(-0.2) = 0.462117, / 0.986614 = 0.468387.
    assertEquals(
        0.468387, new NabScorer(List.of(late)).score(0.5, NabProfile.STANDARD).rawScore(), EPS);
  }

  /**
   * FP before any window is worth -A_FP; FPs and window rows in the probationary period are
   * ignored. Window rows 1..2 lies wholly in the probationary period (no FN). Row 2 (detected) is
   * probationary, row 5 is a FP after that window: y = |2 - 5| / (2 - 1) = 3.0, σ(3) = -0.9999994
   * (the -1 clamp applies only for y > 3); row 3 is a FP at y = 1, σ(1) = -0.986614. Second window
   * rows 15..16 is missed: -A_FN. Standard: 0.11 * (-0.986614 - 0.9999994) - 1 = -1.218528.
   */
  @Test
  void probationaryPeriodIsIgnored() {
    DataFile f = file("p.csv", scores(20, 0.0, 2, 3, 5), new int[] {1, 2}, new int[] {15, 16});
    Score s = new NabScorer(List.of(f)).score(0.5, NabProfile.STANDARD).total();
    assertEquals(0.11 * (-0.986614 - 0.9999994) - 1, s.rawScore(), EPS);
    assertEquals(-1.218528, s.rawScore(), EPS);
    assertEquals(2, s.fp());
    assertEquals(0, s.detectedWindows());
    assertEquals(1, s.missedWindows());
    assertEquals(17, s.total());

    // A FP before every window is -A_FP; one in the probationary period costs nothing.
    DataFile g = file("q.csv", scores(20, 0.0, 0, 1, 4, 10), new int[] {10, 14});
    Score t = new NabScorer(List.of(g)).score(0.5, NabProfile.STANDARD).total();
    assertEquals(1.0 - 0.11, t.rawScore(), 1e-12);
    assertEquals(1, t.fp());
  }

  /**
   * Two windows, rows 5..8 and 12..15 (w = 4). Detections: row 5 (start of window 1: A_TP), row 10
   * (FP, y = |8 - 10| / 3 = 2/3), row 17 (FP, y = |15 - 17| / 3 = 2/3); window 2 missed (-A_FN).
   * σ(2/3) = 2 / (1 + e^{10/3}) - 1 = -0.931110.
   *
   * <ul>
   *   <li>standard (A_TP 1, A_FP 0.11, A_FN 1): 1 - 1 + 2 * 0.11 * -0.931110 = -0.204844
   *   <li>reward_low_FP_rate (1, 0.22, 1): 1 - 1 + 2 * 0.22 * -0.931110 = -0.409688
   *   <li>reward_low_FN_rate (1, 0.11, 2): 1 - 2 + 2 * 0.11 * -0.931110 = -1.204844
   * </ul>
   */
  @Test
  void eachProfile() {
    DataFile f = file("b.csv", scores(20, 0.0, 5, 10, 17), new int[] {5, 8}, new int[] {12, 15});
    NabScorer scorer = new NabScorer(List.of(f));
    assertEquals(-0.931110, NabScorer.scaledSigmoid(2.0 / 3), EPS);
    assertEquals(-0.204844, scorer.score(0.5, NabProfile.STANDARD).rawScore(), EPS);
    assertEquals(-0.409688, scorer.score(0.5, NabProfile.REWARD_LOW_FP_RATE).rawScore(), EPS);
    assertEquals(-1.204844, scorer.score(0.5, NabProfile.REWARD_LOW_FN_RATE).rawScore(), EPS);
    Score s = scorer.score(0.5, NabProfile.STANDARD).total();
    assertEquals(1, s.detectedWindows());
    assertEquals(1, s.missedWindows());
    assertEquals(2, s.fp());
  }

  @Test
  void profileWeightsFromProfilesJson() {
    assertEquals(0.11, NabProfile.STANDARD.fpWeight());
    assertEquals(0.22, NabProfile.fromNabName("reward_low_FP_rate").fpWeight());
    assertEquals(2.0, NabProfile.fromNabName("reward_low_FN_rate").fnWeight());
    assertEquals(1.0, NabProfile.REWARD_LOW_FN_RATE.tpWeight());
  }

  private static List<DataFile> corpus(double[] a, double[] b) {
    return List.of(
        file("a.csv", a, new int[] {10, 14}),
        file("b.csv", b, new int[] {5, 8}, new int[] {12, 15}));
  }

  /** Perfect detector (detects exactly each window's first row) normalises to 100. */
  @Test
  void perfectDetectorNormalisesTo100() {
    NabScorer scorer = new NabScorer(corpus(scores(20, 0.0, 10), scores(20, 0.0, 5, 12)));
    for (NabProfile p : NabProfile.values()) {
      assertEquals(3 * p.tpWeight(), scorer.perfectScore(p), 0.0);
      assertEquals(3 * p.tpWeight(), scorer.score(0.5, p).rawScore(), 1e-12);
      assertEquals(100.0, scorer.normalizedScore(0.5, p), 1e-9);
      assertEquals(100.0, scorer.normalizedScore(p), 1e-9);
    }
  }

  /**
   * The null detector (0.5 everywhere) normalises to 0, and its baseline is itself optimised.
   * File a.csv alone: detecting nothing scores -A_FN = -1; detecting every row scores A_TP for the
   * window plus 7 FPs before it (-0.11 each) and rows 15..19 after it at y = 1/4 .. 5/4: 0.11 *
   * (-0.554600 - 0.848284 - 0.954045 - 0.986614 - 0.996147) = -0.477366; total -0.247366 > -1, so
   * under `standard` NAB's null baseline is -0.247366; under reward_low_FP_rate all-detect is
   * -1.494732 < -1 and the baseline is -1.
   */
  @Test
  void nullDetectorNormalisesTo0() {
    NabScorer one = new NabScorer(List.of(file("a.csv", scores(20, 0.5), new int[] {10, 14})));
    assertEquals(-0.247366, one.nullScore(NabProfile.STANDARD), EPS);
    assertEquals(-1.0, one.nullScore(NabProfile.REWARD_LOW_FP_RATE), 1e-12);
    // reward_low_FN_rate: nothing = -2, all-detect = -0.247366, so the baseline is -0.247366.
    assertEquals(-0.247366, one.nullScore(NabProfile.REWARD_LOW_FN_RATE), EPS);
    NabScorer nul = new NabScorer(corpus(scores(20, 0.5), scores(20, 0.5)));
    for (NabProfile p : NabProfile.values()) {
      assertEquals(0.0, nul.normalizedScore(p), 1e-9, p.nabName());
    }
    // Detecting nothing is at most 0 (it is the null baseline or below it).
    NabScorer silent = new NabScorer(corpus(scores(20, 0.0), scores(20, 0.0)));
    for (NabProfile p : NabProfile.values()) {
      assertEquals(-3 * p.fnWeight(), silent.score(0.5, p).rawScore(), 1e-12);
      assertTrue(silent.normalizedScore(0.5, p) <= 1e-9);
    }
    assertEquals(50.0, NabScorer.normalize(1.0, -1.0, 3.0), 1e-12);
  }

  /**
   * Window rows 10..14. Scores: row 11 = 0.9 (TP, y = -0.8: σ(-0.8) / σ(-1) = 0.977107), row 6 =
   * 0.8 (FP before any window: -0.11), row 12 = 0.7 (same window, ignored), row 17 = 0.6 (FP,
   * -0.104945), all others 0.1. Standard scores by threshold: 1.1 → -1; 0.9 → 0.977107; 0.8 →
   * 0.867107; 0.7 → 0.867107; 0.6 → 0.762162; 0.1 → every row detected, so the window is worth
   * row 10's 1.0 and the FPs are as for the null detector below: -0.247366. Best: 0.9.
   */
  @Test
  void optimizeThresholdPicksBest() {
    double[] s = scores(20, 0.1);
    s[11] = 0.9;
    s[6] = 0.8;
    s[12] = 0.7;
    s[17] = 0.6;
    NabScorer scorer = new NabScorer(List.of(file("a.csv", s, new int[] {10, 14})));
    CorpusScore best = scorer.optimizeThreshold(NabProfile.STANDARD);
    assertEquals(0.9, best.threshold(), 0.0);
    assertEquals(0.977107, best.rawScore(), EPS);
    assertEquals(0.867107, scorer.score(0.8, NabProfile.STANDARD).rawScore(), EPS);
    assertEquals(0.867107, scorer.score(0.7, NabProfile.STANDARD).rawScore(), EPS);
    assertEquals(0.762162, scorer.score(0.6, NabProfile.STANDARD).rawScore(), EPS);
    assertEquals(-0.247366, scorer.score(0.1, NabProfile.STANDARD).rawScore(), EPS);
    assertEquals(-1.0, scorer.score(1.1, NabProfile.STANDARD).rawScore(), 0.0);
  }

  /** One threshold for the whole corpus, equal to the best over every distinct score. */
  @Test
  void optimizeThresholdAcrossFilesMatchesExhaustiveSearch() {
    java.util.Random rnd = new java.util.Random(7);
    double[] a = new double[20];
    double[] b = new double[20];
    for (int i = 0; i < 20; i++) {
      a[i] = Math.round(rnd.nextDouble() * 20) / 20.0;
      b[i] = Math.round(rnd.nextDouble() * 20) / 20.0;
    }
    NabScorer scorer = new NabScorer(corpus(a, b));
    TreeSet<Double> candidates = new TreeSet<>();
    for (double v : a) {
      candidates.add(v);
    }
    for (double v : b) {
      candidates.add(v);
    }
    candidates.add(NabScorer.NO_DETECTION_THRESHOLD);
    for (NabProfile p : NabProfile.values()) {
      CorpusScore best = scorer.optimizeThreshold(p);
      double max = Double.NEGATIVE_INFINITY;
      for (double t : candidates) {
        max = Math.max(max, scorer.score(t, p).rawScore());
      }
      assertEquals(max, best.rawScore(), 1e-9, p.nabName());
      assertEquals(2, best.files().size());
      assertEquals(
          best.rawScore(),
          best.files().get(0).rawScore() + best.files().get(1).rawScore(),
          1e-12);
    }
  }

  @Test
  void windowsMustStartAndEndOnRows() {
    DataFile f =
        new DataFile(
            "x.csv",
            file("x.csv", scores(20, 0.0)).rows(),
            List.of(
                new AnomalyWindows.Window(
                    NabTestFiles.at(3).plusMinutes(1), NabTestFiles.at(5))));
    assertThrows(IllegalArgumentException.class, () -> new NabScorer(List.of(f)));
  }
}
