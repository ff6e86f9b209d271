package io.beamwise.evaluation;

import io.beamwise.evaluation.AnomalyWindows.Window;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Scores anomaly detections the way the Numenta Anomaly Benchmark (NAB) does.
 *
 * <p>References: A. Lavin and S. Ahmad, "Evaluating Real-time Anomaly Detection Algorithms — the
 * Numenta Anomaly Benchmark", 14th IEEE ICMLA, 2015 (arXiv:1510.03336); and NAB's reference
 * implementation, https://github.com/numenta/NAB: {@code nab/sweeper.py} (per-row sweep scores,
 * probationary period, scores by threshold), {@code nab/scorer.py} (per-file scoring at a
 * threshold), {@code nab/optimizer.py} (one threshold per detector and profile over the whole
 * corpus), {@code nab/runner.py} ({@code normalize}: null and perfect baselines) and {@code
 * config/profiles.json} (see {@link NabProfile}). This class follows {@code sweeper.py}, which is
 * what current NAB uses for both optimisation and scoring.
 *
 * <h2>Rules (as in {@code sweeper.py})</h2>
 *
 * <ul>
 *   <li>A row is a detection when its anomaly score is {@code >= threshold}.
 *   <li>Rows are walked in file order (never by time order). A window is entered at the row whose
 *       timestamp equals the window start and left after the row whose timestamp equals its end.
 *       Its width {@code w} is {@code indexOf(end) - indexOf(start) + 1} (first occurrences).
 *   <li>A row {@code i} inside a window whose last row is {@code r} has relative position {@code
 *       y = -(r - i + 1) / w} (so -1 at the first row of the window) and, if detected, is worth
 *       {@code A_TP * σ(y) / σ(-1)} where {@code σ(y) = 2 / (1 + e^{5y}) - 1} is the scaled
 *       sigmoid ({@link #scaledSigmoid}). Only the best — that is the first — detection in a
 *       window counts; later ones in the same window add nothing. A window with no detection
 *       costs {@code -A_FN}.
 *   <li>A detection outside every window is worth {@code A_FP * σ(|i - r'| / (w' - 1))}, where
 *       {@code r'} and {@code w'} are the last row and width of the preceding window; with no
 *       preceding window it is worth {@code -A_FP}. ({@code σ} is -1 beyond relative position 3.)
 *   <li>The probationary period: rows {@code i < min(floor(0.15 * rows), 0.15 * 5000)} are ignored
 *       entirely (no TP, FP or FN), see {@link #probationaryLength}. A window entirely inside it
 *       is neither a TP nor an FN; a window partly inside it still uses its full width.
 *   <li>The corpus score of a detector at a threshold is the sum of its file scores.
 * </ul>
 *
 * <p>NAB's {@code tp/tn/fp/fn} counts are <em>row</em> counts over non-probationary rows (tp =
 * detected rows inside windows, fp = detected rows outside, fn = undetected rows inside, tn =
 * undetected rows outside); {@link Score} also gives window counts (detected and missed windows).
 *
 * <p>Deviations, all on inputs NAB itself cannot handle: NAB raises an error when a window end is
 * not a row timestamp and silently skips a window whose start is not one (and every later window
 * of the file); here both throw {@link IllegalArgumentException}. A false positive after a
 * one-row window divides by zero in NAB; here it gets the limit value {@code -A_FP}. NaN scores
 * are rejected.
 */
public final class NabScorer {

  /** NAB's default probationary fraction ({@code --probationaryPercent 0.15}). */
  public static final double DEFAULT_PROBATION_PERCENT = 0.15;

  /** Starting threshold of NAB's sweep: above every score, so nothing is detected. */
  public static final double NO_DETECTION_THRESHOLD = 1.1;

  /** The anomaly score NAB's null detector gives every row. */
  public static final double NULL_DETECTOR_SCORE = 0.5;

  private static final double MAX_TP = scaledSigmoid(-1.0);

  /** One data row: its timestamp and the detector's anomaly score (normally in [0, 1]). */
  public record Row(LocalDateTime timestamp, double score) {
    public Row {
      Objects.requireNonNull(timestamp, "timestamp");
      if (Double.isNaN(score)) {
        throw new IllegalArgumentException("anomaly score is NaN at " + timestamp);
      }
    }

    public static Row of(String timestamp, double score) {
      return new Row(AnomalyWindows.parseTimestamp(timestamp), score);
    }
  }

  /** One data file: its rows in file order and its labelled windows. */
  public record DataFile(String name, List<Row> rows, List<Window> windows) {
    public DataFile {
      Objects.requireNonNull(name, "name");
      rows = List.copyOf(rows);
      List<Window> sorted = new ArrayList<>(windows);
      sorted.sort(Comparator.comparing(Window::start));
      windows = Collections.unmodifiableList(sorted);
    }
  }

  /**
   * A score at one threshold, for one file or (summed) for the corpus.
   *
   * @param rawScore NAB's raw (unnormalised) score
   * @param tp detected rows inside windows (NAB's row count)
   * @param tn undetected rows outside windows
   * @param fp detected rows outside windows
   * @param fn undetected rows inside windows
   * @param total scored (non-probationary) rows
   * @param detectedWindows scored windows with at least one detection
   * @param missedWindows scored windows with no detection (each costing A_FN)
   */
  public record Score(
      String file,
      NabProfile profile,
      double threshold,
      double rawScore,
      int tp,
      int tn,
      int fp,
      int fn,
      int total,
      int detectedWindows,
      int missedWindows) {}

  /** A corpus score with its per-file breakdown. */
  public record CorpusScore(Score total, List<Score> files) {
    public double rawScore() {
      return total.rawScore();
    }

    public double threshold() {
      return total.threshold();
    }
  }

  /** Where a row lies: inside window {@code window} (index in the file) or not (-1). */
  private static final int OUTSIDE = -1;

  /** Per-file rows with their unweighted sweep values, independent of profile and threshold. */
  private static final class Prepared {
    final DataFile file;
    final double[] scores;
    final int[] windowOfRow; // window index in file, or OUTSIDE
    final double[] unweighted; // TP value / maxTP inside windows, FP value outside
    final boolean[] probationary;
    final boolean[] scoredWindow; // has at least one non-probationary row

    Prepared(DataFile file, double probationPercent) {
      this.file = file;
      int n = file.rows().size();
      scores = new double[n];
      unweighted = new double[n];
      probationary = new boolean[n];
      windowOfRow = new int[n];
      scoredWindow = new boolean[file.windows().size()];
      double probationLength = probationaryLength(n, probationPercent);
      Map<LocalDateTime, Integer> firstIndex = firstIndices(file);
      List<Window> windows = file.windows();
      // Row-order walk of sweeper.calcSweepScore.
      int next = 0;
      int current = OUTSIDE;
      int curRight = -1;
      double curWidth = 0;
      int prevRight = -1;
      double prevWidth = 0;
      for (int i = 0; i < n; i++) {
        LocalDateTime t = file.rows().get(i).timestamp();
        scores[i] = file.rows().get(i).score();
        probationary[i] = i < probationLength;
        if (next < windows.size() && t.equals(windows.get(next).start())) {
          current = next++;
          curRight = firstIndex.get(windows.get(current).end());
          curWidth = curRight - firstIndex.get(windows.get(current).start()) + 1;
        }
        windowOfRow[i] = current;
        if (current != OUTSIDE) {
          double position = -(curRight - i + 1) / curWidth;
          unweighted[i] = scaledSigmoid(position) / MAX_TP;
          if (!probationary[i]) {
            scoredWindow[current] = true;
          }
        } else if (prevRight < 0) {
          unweighted[i] = -1.0;
        } else {
          // prevWidth == 1 divides by zero in NAB; +Infinity gives the limit value -1 here.
          unweighted[i] = scaledSigmoid(Math.abs(prevRight - i) / (prevWidth - 1));
        }
        if (current != OUTSIDE && t.equals(windows.get(current).end())) {
          prevRight = i;
          prevWidth = curWidth;
          current = OUTSIDE;
        }
      }
    }
  }

  private static Map<LocalDateTime, Integer> firstIndices(DataFile file) {
    List<Row> rows = file.rows();
    Map<LocalDateTime, Integer> firstIndex = new HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      firstIndex.putIfAbsent(rows.get(i).timestamp(), i);
    }
    for (Window w : file.windows()) {
      if (!firstIndex.containsKey(w.start()) || !firstIndex.containsKey(w.end())) {
        throw new IllegalArgumentException(
            "window " + w + " of " + file.name() + " does not start and end on row timestamps");
      }
    }
    return firstIndex;
  }

  private final List<Prepared> files;
  private final double probationPercent;

  /** A scorer over {@code files} with NAB's default probationary fraction 0.15. */
  public NabScorer(List<DataFile> files) {
    this(files, DEFAULT_PROBATION_PERCENT);
  }

  public NabScorer(List<DataFile> files, double probationPercent) {
    if (!(probationPercent >= 0 && probationPercent < 1)) {
      throw new IllegalArgumentException("probationPercent must be in [0, 1): " + probationPercent);
    }
    this.probationPercent = probationPercent;
    List<Prepared> prepared = new ArrayList<>();
    for (DataFile f : files) {
      prepared.add(new Prepared(f, probationPercent));
    }
    this.files = Collections.unmodifiableList(prepared);
  }

  /** A scorer over the files of {@code rowsByFile}, with their windows from {@code labels}. */
  public static NabScorer of(Map<String, List<Row>> rowsByFile, AnomalyWindows labels) {
    List<DataFile> list = new ArrayList<>();
    rowsByFile.forEach((name, rows) -> list.add(new DataFile(name, rows, labels.windows(name))));
    return new NabScorer(list);
  }

  public List<DataFile> files() {
    List<DataFile> out = new ArrayList<>();
    files.forEach(p -> out.add(p.file));
    return out;
  }

  /** Standard logistic sigmoid {@code 1 / (1 + e^-x)}. */
  public static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  /**
   * NAB's scaled sigmoid of a relative position {@code y}: {@code 2 * sigmoid(-5y) - 1}, and -1
   * for {@code y > 3}. y = -1 (start of a window) gives 0.98661, y = 0 gives 0, y = 1 gives
   * -0.98661.
   */
  public static double scaledSigmoid(double relativePosition) {
    if (relativePosition > 3.0) {
      return -1.0;
    }
    return 2 * sigmoid(-5 * relativePosition) - 1.0;
  }

  /**
   * NAB's probationary length, computed exactly as {@code Sweeper._getProbationaryLength}: {@code
   * min(floor(p * rows), p * 5000)} (a double); rows with index {@code i < length} are ignored.
   */
  public static double probationaryLength(int numRows, double probationPercent) {
    return Math.min(Math.floor(probationPercent * numRows), probationPercent * 5000);
  }

  /** How many leading rows NAB ignores in a file of {@code numRows} rows (default 0.15). */
  public static int probationaryRows(int numRows) {
    return (int) Math.min(numRows, Math.ceil(probationaryLength(numRows, DEFAULT_PROBATION_PERCENT)));
  }

  /**
   * For each row of {@code file}, the index of the window it lies in (by NAB's row-order walk of
   * {@code sweeper.calcSweepScore}), or -1 if none.
   *
   * @throws IllegalArgumentException if a window's start or end is not a row timestamp
   */
  public static int[] labelRows(DataFile file) {
    List<Row> rows = file.rows();
    List<Window> windows = file.windows();
    firstIndices(file);
    int[] out = new int[rows.size()];
    int next = 0;
    int current = OUTSIDE;
    for (int i = 0; i < rows.size(); i++) {
      LocalDateTime t = rows.get(i).timestamp();
      if (next < windows.size() && t.equals(windows.get(next).start())) {
        current = next++;
      }
      out[i] = current;
      if (current != OUTSIDE && t.equals(windows.get(current).end())) {
        current = OUTSIDE;
      }
    }
    return out;
  }

  /**
   * Whether row {@code i} of a file with {@code numRows} rows is in NAB's default (0.15)
   * probationary period.
   */
  public static boolean isProbationary(int i, int numRows) {
    return i < probationaryLength(numRows, DEFAULT_PROBATION_PERCENT);
  }

  /** Scores one file at {@code threshold} (a row is a detection when score >= threshold). */
  private Score scoreFile(Prepared p, double threshold, NabProfile profile) {
    int nWindows = p.file.windows().size();
    double[] best = new double[nWindows];
    Arrays.fill(best, -profile.fnWeight());
    boolean[] hit = new boolean[nWindows];
    double fpScore = 0;
    int tp = 0;
    int tn = 0;
    int fp = 0;
    int fn = 0;
    for (int i = 0; i < p.scores.length; i++) {
      if (p.probationary[i]) {
        continue;
      }
      int w = p.windowOfRow[i];
      boolean detected = p.scores[i] >= threshold;
      if (w != OUTSIDE) {
        if (detected) {
          tp++;
          hit[w] = true;
          best[w] = Math.max(best[w], p.unweighted[i] * profile.tpWeight());
        } else {
          fn++;
        }
      } else if (detected) {
        fp++;
        fpScore += p.unweighted[i] * profile.fpWeight();
      } else {
        tn++;
      }
    }
    double score = fpScore;
    int detectedWindows = 0;
    int missedWindows = 0;
    for (int w = 0; w < nWindows; w++) {
      if (p.scoredWindow[w]) {
        score += best[w];
        if (hit[w]) {
          detectedWindows++;
        } else {
          missedWindows++;
        }
      }
    }
    return new Score(
        p.file.name(),
        profile,
        threshold,
        score,
        tp,
        tn,
        fp,
        fn,
        tp + tn + fp + fn,
        detectedWindows,
        missedWindows);
  }

  /** Scores every file at {@code threshold} and sums them, as NAB's {@code scoreCorpus}. */
  public CorpusScore score(double threshold, NabProfile profile) {
    List<Score> perFile = new ArrayList<>();
    double raw = 0;
    int tp = 0;
    int tn = 0;
    int fp = 0;
    int fn = 0;
    int detected = 0;
    int missed = 0;
    for (Prepared p : files) {
      Score s = scoreFile(p, threshold, profile);
      perFile.add(s);
      raw += s.rawScore();
      tp += s.tp();
      tn += s.tn();
      fp += s.fp();
      fn += s.fn();
      detected += s.detectedWindows();
      missed += s.missedWindows();
    }
    Score total =
        new Score(
            "Totals", profile, threshold, raw, tp, tn, fp, fn, tp + tn + fp + fn, detected, missed);
    return new CorpusScore(total, Collections.unmodifiableList(perFile));
  }

  /**
   * The single threshold that maximises the corpus raw score for {@code profile}, found exactly as
   * current NAB's {@code optimizer.optimizeThreshold} does: all non-probationary rows of all files
   * are swept from the highest anomaly score down ({@code Sweeper.calcScoreByThreshold}); the
   * candidate thresholds are 1.1 (no detection) and every distinct anomaly score, so the search is
   * exact. Ties go to the highest threshold (NAB's stable sort keeps the first maximum). Older
   * NAB versions used a hill-climbing search ("twiddle") instead, which can miss the optimum.
   *
   * @return the corpus score at the best threshold, with per-file breakdown
   */
  public CorpusScore optimizeThreshold(NabProfile profile) {
    return score(bestThreshold(profile), profile);
  }

  private double bestThreshold(NabProfile profile) {
    // Global window ids: offset per file.
    List<double[]> points = new ArrayList<>(); // {score, weightedSweep, globalWindow or -1}
    int offset = 0;
    int scoredWindows = 0;
    for (Prepared p : files) {
      for (int i = 0; i < p.scores.length; i++) {
        if (p.probationary[i]) {
          continue;
        }
        int w = p.windowOfRow[i];
        double sweep =
            p.unweighted[i] * (w == OUTSIDE ? profile.fpWeight() : profile.tpWeight());
        points.add(new double[] {p.scores[i], sweep, w == OUTSIDE ? -1 : offset + w});
      }
      for (boolean scored : p.scoredWindow) {
        if (scored) {
          scoredWindows++;
        }
      }
      offset += p.file.windows().size();
    }
    // Stable sort, descending by anomaly score (Python's sorted(..., reverse=True)).
    points.sort((a, b) -> Double.compare(b[0], a[0]));
    double[] windowPart = new double[offset];
    Arrays.fill(windowPart, -profile.fnWeight());
    double fpPart = 0;
    double windowSum = -profile.fnWeight() * scoredWindows;
    double current = NO_DETECTION_THRESHOLD;
    double bestThreshold = current;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (double[] pt : points) {
      if (pt[0] != current) {
        double s = fpPart + windowSum;
        if (s > bestScore) {
          bestScore = s;
          bestThreshold = current;
        }
        current = pt[0];
      }
      int w = (int) pt[2];
      if (w < 0) {
        fpPart += pt[1];
      } else if (pt[1] > windowPart[w]) {
        windowSum += pt[1] - windowPart[w];
        windowPart[w] = pt[1];
      }
    }
    double s = fpPart + windowSum;
    if (s > bestScore) {
      bestThreshold = current;
    }
    return bestThreshold;
  }

  /**
   * The perfect score NAB normalises against ({@code Runner.normalize}): {@code A_TP} times the
   * number of labelled windows in all files (including any inside a probationary period).
   */
  public double perfectScore(NabProfile profile) {
    int windows = 0;
    for (Prepared p : files) {
      windows += p.file.windows().size();
    }
    return windows * profile.tpWeight();
  }

  /**
   * The null baseline NAB normalises against: the raw corpus score of NAB's null detector (which
   * gives every row the score 0.5) at its own optimised threshold for {@code profile}.
   */
  public double nullScore(NabProfile profile) {
    List<DataFile> constant = new ArrayList<>();
    for (Prepared p : files) {
      List<Row> rows = new ArrayList<>(p.file.rows().size());
      for (Row r : p.file.rows()) {
        rows.add(new Row(r.timestamp(), NULL_DETECTOR_SCORE));
      }
      constant.add(new DataFile(p.file.name(), rows, p.file.windows()));
    }
    return new NabScorer(constant, probationPercent).optimizeThreshold(profile).rawScore();
  }

  /** NAB's normalisation: {@code 100 * (raw - null) / (perfect - null)}. */
  public static double normalize(double rawScore, double nullScore, double perfectScore) {
    return 100 * (rawScore - nullScore) / (perfectScore - nullScore);
  }

  /** The normalised (0..100 for null..perfect) corpus score at a given threshold. */
  public double normalizedScore(double threshold, NabProfile profile) {
    return normalize(
        score(threshold, profile).rawScore(), nullScore(profile), perfectScore(profile));
  }

  /** The normalised corpus score at the threshold NAB would pick ({@link #optimizeThreshold}). */
  public double normalizedScore(NabProfile profile) {
    return normalize(
        optimizeThreshold(profile).rawScore(), nullScore(profile), perfectScore(profile));
  }

  /** Normalised scores of all three profiles, each at its own optimised threshold. */
  public Map<NabProfile, Double> normalizedScores() {
    Map<NabProfile, Double> out = new LinkedHashMap<>();
    for (NabProfile p : NabProfile.values()) {
      out.put(p, normalizedScore(p));
    }
    return out;
  }
}
