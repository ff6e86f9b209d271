package io.beamwise.evaluation;

import io.beamwise.evaluation.AnomalyWindows.Window;
import io.beamwise.evaluation.NabScorer.DataFile;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Simple, non-NAB detection metrics to read beside a NAB score: point-wise and window-wise
 * precision, recall and F1, and detection delay.
 *
 * <p>Rows are assigned to windows exactly as {@link NabScorer} does (NAB's row-order walk, see
 * {@link NabScorer#labelRows}); a row is a detection when its score is {@code >= threshold}. When
 * {@code skipProbation} is true, rows in NAB's probationary period ({@link
 * NabScorer#isProbationary}) are ignored, and so are windows with no row after it, as in NAB.
 * Ratios with a zero denominator are 0 (no detections: precision 0; no windows: recall 0).
 *
 * <p>Definitions: point-wise, every row inside a window is a positive. Window-wise, a window with
 * at least one detection is a true positive, a window without one a false negative, and each
 * detection outside every window a false positive (so precision = detected windows / (detected
 * windows + detections outside windows)). Detection delay is the time from the window's start
 * timestamp to its first detected row.
 *
 * <p>Reference for the window semantics: A. Lavin and S. Ahmad, "Evaluating Real-time Anomaly
 * Detection Algorithms — the Numenta Anomaly Benchmark", IEEE ICMLA 2015, and
 * https://github.com/numenta/NAB ({@code nab/sweeper.py}).
 */
public final class DetectionMetrics {

  private DetectionMetrics() {}

  /** True-positive, false-positive and false-negative counts with derived ratios. */
  public record Counts(int truePositives, int falsePositives, int falseNegatives) {
    public double precision() {
      int d = truePositives + falsePositives;
      return d == 0 ? 0.0 : (double) truePositives / d;
    }

    public double recall() {
      int d = truePositives + falseNegatives;
      return d == 0 ? 0.0 : (double) truePositives / d;
    }

    public double f1() {
      double p = precision();
      double r = recall();
      return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }

    Counts plus(Counts o) {
      return new Counts(
          truePositives + o.truePositives,
          falsePositives + o.falsePositives,
          falseNegatives + o.falseNegatives);
    }
  }

  /**
   * Delay of one window's first detection.
   *
   * @param rows rows from the window's first row to the first detection (empty if missed)
   * @param time time from the window's start to the first detection (empty if missed)
   */
  public record Delay(Window window, OptionalInt rows, Optional<Duration> time) {
    public boolean detected() {
      return rows.isPresent();
    }
  }

  /** Point-wise counts for one file. */
  public static Counts pointWise(DataFile file, double threshold, boolean skipProbation) {
    int[] windowOf = NabScorer.labelRows(file);
    int n = file.rows().size();
    int tp = 0;
    int fp = 0;
    int fn = 0;
    for (int i = 0; i < n; i++) {
      if (skipProbation && NabScorer.isProbationary(i, n)) {
        continue;
      }
      boolean detected = file.rows().get(i).score() >= threshold;
      boolean inWindow = windowOf[i] >= 0;
      if (detected && inWindow) {
        tp++;
      } else if (detected) {
        fp++;
      } else if (inWindow) {
        fn++;
      }
    }
    return new Counts(tp, fp, fn);
  }

  /** Point-wise counts summed over files. */
  public static Counts pointWise(List<DataFile> files, double threshold, boolean skipProbation) {
    Counts c = new Counts(0, 0, 0);
    for (DataFile f : files) {
      c = c.plus(pointWise(f, threshold, skipProbation));
    }
    return c;
  }

  /** Window-wise counts for one file. */
  public static Counts windowWise(DataFile file, double threshold, boolean skipProbation) {
    int[] windowOf = NabScorer.labelRows(file);
    int n = file.rows().size();
    boolean[] scored = new boolean[file.windows().size()];
    boolean[] hit = new boolean[file.windows().size()];
    int fp = 0;
    for (int i = 0; i < n; i++) {
      if (skipProbation && NabScorer.isProbationary(i, n)) {
        continue;
      }
      boolean detected = file.rows().get(i).score() >= threshold;
      int w = windowOf[i];
      if (w >= 0) {
        scored[w] = true;
        hit[w] |= detected;
      } else if (detected) {
        fp++;
      }
    }
    int tp = 0;
    int fn = 0;
    for (int w = 0; w < scored.length; w++) {
      if (scored[w]) {
        if (hit[w]) {
          tp++;
        } else {
          fn++;
        }
      }
    }
    return new Counts(tp, fp, fn);
  }

  /** Window-wise counts summed over files. */
  public static Counts windowWise(List<DataFile> files, double threshold, boolean skipProbation) {
    Counts c = new Counts(0, 0, 0);
    for (DataFile f : files) {
      c = c.plus(windowWise(f, threshold, skipProbation));
    }
    return c;
  }

  /**
   * The delay of each window of {@code file} (in window order), from its first row / start
   * timestamp to its first detection. Windows with no scored row are reported as missed.
   */
  public static List<Delay> detectionDelays(DataFile file, double threshold, boolean skipProbation) {
    int[] windowOf = NabScorer.labelRows(file);
    int n = file.rows().size();
    int[] firstRow = new int[file.windows().size()];
    int[] firstDetection = new int[file.windows().size()];
    java.util.Arrays.fill(firstRow, -1);
    java.util.Arrays.fill(firstDetection, -1);
    for (int i = 0; i < n; i++) {
      int w = windowOf[i];
      if (w < 0) {
        continue;
      }
      if (firstRow[w] < 0) {
        firstRow[w] = i;
      }
      if (firstDetection[w] < 0
          && !(skipProbation && NabScorer.isProbationary(i, n))
          && file.rows().get(i).score() >= threshold) {
        firstDetection[w] = i;
      }
    }
    List<Delay> out = new ArrayList<>();
    for (int w = 0; w < firstRow.length; w++) {
      Window window = file.windows().get(w);
      if (firstDetection[w] < 0) {
        out.add(new Delay(window, OptionalInt.empty(), Optional.empty()));
      } else {
        LocalDateTime at = file.rows().get(firstDetection[w]).timestamp();
        out.add(
            new Delay(
                window,
                OptionalInt.of(firstDetection[w] - firstRow[w]),
                Optional.of(Duration.between(window.start(), at))));
      }
    }
    return out;
  }

  /** Mean time delay over detected windows of all files; empty if none was detected. */
  public static Optional<Duration> meanDetectionDelay(
      List<DataFile> files, double threshold, boolean skipProbation) {
    Duration sum = Duration.ZERO;
    int count = 0;
    for (DataFile f : files) {
      for (Delay d : detectionDelays(f, threshold, skipProbation)) {
        if (d.time().isPresent()) {
          sum = sum.plus(d.time().get());
          count++;
        }
      }
    }
    return count == 0 ? Optional.empty() : Optional.of(sum.dividedBy(count));
  }
}
