package io.beamwise.anomaly.detectors;

import io.beamwise.anomaly.detectors.cad.ContextualAnomalyDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Detector specifications from text, for command lines:
 *
 * <pre>
 * zscore[:WINDOW]      RollingZScore over the last WINDOW points (default 288)
 * ewma[:HALF_LIFE]     EwmaZScore with a half-life of HALF_LIFE points (default 100)
 * robust[:WINDOW]      RobustZScore, median/MAD over WINDOW points (default 288)
 * iqr[:WINDOW]         IqrDetector, Tukey's fences over WINDOW points (default 288)
 * hst[:WINDOW]         HalfSpaceTrees, River's defaults with WINDOW-point windows (default 250)
 * rcf[:SHINGLE]        RandomCutForestDetector, Random Cut Forest on SHINGLE-point shingles (default 8)
 * re[:WINDOW]          RelativeEntropyDetector, relative entropy of WINDOW-point windows (default 52)
 * cad[:REST[:WARMUP[:RANGE]]]  ContextualAnomalyDetector (CAD OSE), rest period REST (default 30),
 *                      value range learned from the first WARMUP values when none is given (default
 *                      150); RANGE is what a learned range does with values outside it: widen (the
 *                      default: widen to each new extreme), grid (never move: levels beyond the
 *                      ends), relearn[:KEEP[:GROWTH]] (widen by at least GROWTH of the width, default
 *                      1, and learn the last KEEP values again, default the warm-up length)
 * spatial[:TOL[:WARMUP]]  SpatialAnomalyRule, NAB's spatial-anomaly rule: 1 for a value beyond the
 *                      min or max so far by more than TOL times their range (default 0.05, NAB's),
 *                      after WARMUP values (default 150)
 * max(D,D,...)  mean(D,D,...)  vote(D,D,...)    an Ensemble of the listed detectors
 * likelihood(D[,spatial][,probation=N])          AnomalyLikelihood of D's raw scores, with NAB's
 *                      spatial-anomaly rule, over a probation of N points split as NAB does
 *                      (default: learning period 288 + 100 estimation samples)
 * align(D,FROM[,TO])   AlignedScore: D's score with its boundary FROM mapped to TO (default 0.75)
 * spot(D,BOUNDARY[,q=Q][,calibration=N][,level=L])  PeaksOverThreshold: D's threshold raised per
 *                      stream to the score D exceeds with probability Q (default 3e-4), never below
 *                      D's own BOUNDARY, then mapped to 0.75; fitted after N scores (default 500)
 *                      over their L quantile (default 0.98)
 * </pre>
 *
 * <p>Examples: {@code max(zscore:288,robust:576)}, {@code likelihood(cad,spatial)}, {@code
 * max(align(re,0.5),spot(cad,0.75),spatial)} (the default of {@code sensor-monitor}).
 */
public final class Detectors {

  /**
   * The default detector of {@code MonitorSensors} and {@code sensor-monitor}: the relative entropy
   * test past its own boundary (0.75 after alignment), CAD OSE past the threshold that SPOT fits to
   * its scores on each stream (never below its own 0.75), and NAB's spatial-anomaly rule; see
   * {@code docs/detectors.md} for how it was chosen and its NAB figures.
   */
  public static final String DEFAULT = "max(align(re,0.5),spot(cad,0.75),spatial)";

  /**
   * The alert threshold that goes with {@link #DEFAULT}: 0.75, the boundary at which each of its
   * members reports an anomaly (the relative entropy test's 0.5 and CAD's fitted threshold aligned
   * to it; the spatial rule scores 0 or 1).
   */
  public static final double DEFAULT_THRESHOLD = 0.75;

  private Detectors() {}

  /**
   * Parses a detector specification.
   *
   * @throws IllegalArgumentException naming the bad part and the accepted forms
   */
  public static DetectorSpec parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("detector is empty; e.g. zscore:288, ewma:100, robust, iqr");
    }
    String t = text.trim();
    int open = t.indexOf('(');
    if (open > 0) {
      if (!t.endsWith(")")) {
        throw new IllegalArgumentException("detector '" + t + "' lacks a closing ')'");
      }
      String name = t.substring(0, open).trim().toLowerCase(Locale.ROOT);
      List<String> inside = splitTopLevel(t.substring(open + 1, t.length() - 1));
      if (name.equals("likelihood")) {
        return likelihood(t, inside);
      }
      if (name.equals("align")) {
        return align(t, inside);
      }
      if (name.equals("spot")) {
        return spot(t, inside);
      }
      Ensemble.Combiner combiner;
      switch (name) {
        case "max":
          combiner = Ensemble.Combiner.MAX;
          break;
        case "mean":
          combiner = Ensemble.Combiner.MEAN;
          break;
        case "vote":
          combiner = Ensemble.Combiner.VOTE;
          break;
        default:
          throw new IllegalArgumentException(
              "'" + name + "(...)' is not one of max, mean, vote, likelihood, align, spot (in '" + t + "')");
      }
      List<DetectorSpec> members = new ArrayList<>();
      for (String member : inside) {
        members.add(parse(member));
      }
      return Ensemble.of(combiner, members.toArray(new DetectorSpec[0]));
    }
    String[] parts = t.split(":", 2);
    String name = parts[0].trim().toLowerCase(Locale.ROOT);
    String arg = parts.length > 1 ? parts[1].trim() : null;
    switch (name) {
      case "zscore":
        return RollingZScore.spec(intArg(name, arg, 288));
      case "ewma":
        return EwmaZScore.spec(EwmaZScore.alphaForHalfLife(intArg(name, arg, 100)));
      case "robust":
        return RobustZScore.spec(intArg(name, arg, 288));
      case "iqr":
        return IqrDetector.spec(intArg(name, arg, 288));
      case "rcf":
        return RandomCutForestDetector.spec(intArg(name, arg, 8));
      case "hst":
        return HalfSpaceTrees.spec(intArg(name, arg, 250));
      case "re":
        return RelativeEntropyDetector.spec(intArg(name, arg, 52));
      case "cad":
        return cad(arg);
      case "spatial":
        return spatial(arg);
      default:
        throw new IllegalArgumentException(
            "detector '"
                + name
                + "' is not one of zscore, ewma, robust, iqr, hst, rcf, re, cad, spatial, max(...), mean(...),"
                + " vote(...), likelihood(...), align(...), spot(...)");
    }
  }

  /** {@code cad[:REST[:WARMUP[:RANGE]]]}, RANGE {@code widen}, {@code grid} or {@code relearn[:KEEP[:GROWTH]]}. */
  private static DetectorSpec cad(String arg) {
    ContextualAnomalyDetector.Spec spec = ContextualAnomalyDetector.spec();
    if (arg == null || arg.isEmpty()) {
      return spec;
    }
    String[] parts = arg.split(":", -1);
    String form = "cad[:REST[:WARMUP[:widen|grid|relearn[:KEEP[:GROWTH]]]]]";
    if (parts.length > 5) {
      throw new IllegalArgumentException("detector cad takes " + form + ", got 'cad:" + arg + "'");
    }
    if (!parts[0].isEmpty()) {
      spec = spec.withRestPeriod(intArg("cad", parts[0], spec.restPeriod()));
    }
    if (parts.length > 1) {
      spec = spec.withWarmUp(intArg("cad", parts[1], spec.warmUp()));
    }
    if (parts.length > 2) {
      String policy = parts[2].trim().toLowerCase(Locale.ROOT);
      switch (policy) {
        case "widen":
        case "":
          spec = spec.withLearnedRange(ContextualAnomalyDetector.LearnedRange.WIDEN);
          break;
        case "grid":
          spec = spec.withLearnedRange(ContextualAnomalyDetector.LearnedRange.GRID);
          break;
        case "relearn":
          spec = spec.withLearnedRange(ContextualAnomalyDetector.LearnedRange.RELEARN);
          break;
        default:
          throw new IllegalArgumentException(
              "cad RANGE must be one of widen, grid, relearn, got '" + parts[2].trim() + "' (in 'cad:" + arg + "')");
      }
      if (parts.length > 3 && spec.learnedRange() != ContextualAnomalyDetector.LearnedRange.RELEARN) {
        throw new IllegalArgumentException(
            "only cad's relearn takes KEEP and GROWTH, got 'cad:" + arg + "'; the form is " + form);
      }
    }
    if (parts.length > 3 && !parts[3].isEmpty()) {
      spec = spec.withKeep(intArg("cad KEEP", parts[3], 0));
    }
    if (parts.length > 4 && !parts[4].isEmpty()) {
      spec = spec.withGrowth(doubleArg("cad GROWTH", parts[4], "{0} or [0.01, 100]"));
    }
    return spec;
  }

  /** {@code spatial[:TOL[:WARMUP]]}. */
  private static DetectorSpec spatial(String arg) {
    SpatialAnomalyRule.Spec spec = SpatialAnomalyRule.spec();
    if (arg == null || arg.isEmpty()) {
      return spec;
    }
    String[] parts = arg.split(":", -1);
    if (parts.length > 2) {
      throw new IllegalArgumentException(
          "detector spatial takes spatial[:TOL[:WARMUP]], got 'spatial:" + arg + "'");
    }
    if (!parts[0].isEmpty()) {
      spec = spec.withTolerance(doubleArg("spatial TOL", parts[0], "[0, 10]"));
    }
    if (parts.length > 1) {
      spec = spec.withWarmUp(intArg("spatial", parts[1], spec.warmUp()));
    }
    return spec;
  }

  /** {@code likelihood(D[,spatial][,probation=N])}. */
  private static DetectorSpec likelihood(String text, List<String> inside) {
    AnomalyLikelihood.Spec spec = AnomalyLikelihood.of(parse(inside.get(0)));
    for (String option : inside.subList(1, inside.size())) {
      String o = option.trim().toLowerCase(Locale.ROOT);
      if (o.equals("spatial")) {
        spec = spec.withSpatialRule();
      } else if (o.startsWith("probation=")) {
        spec = spec.withProbation(intArg("likelihood probation", o.substring("probation=".length()), 0));
      } else {
        throw new IllegalArgumentException(
            "likelihood option '" + option.trim() + "' is not spatial or probation=N (in '" + text + "')");
      }
    }
    return spec;
  }

  /** {@code align(D,FROM[,TO])}. */
  private static DetectorSpec align(String text, List<String> inside) {
    if (inside.size() < 2 || inside.size() > 3) {
      throw new IllegalArgumentException(
          "align takes align(D,FROM[,TO]) with FROM and TO in (0, 1), got '" + text + "'");
    }
    AlignedScore.Spec spec = AlignedScore.of(parse(inside.get(0)), doubleArg("align FROM", inside.get(1), "(0, 1)"));
    return inside.size() == 3 ? spec.withTo(doubleArg("align TO", inside.get(2), "(0, 1)")) : spec;
  }

  /** {@code spot(D,BOUNDARY[,q=Q][,calibration=N][,level=L])}. */
  private static DetectorSpec spot(String text, List<String> inside) {
    if (inside.size() < 2) {
      throw new IllegalArgumentException(
          "spot takes spot(D,BOUNDARY[,q=Q][,calibration=N][,level=L]) with BOUNDARY in (0, 1), got '"
              + text + "'");
    }
    PeaksOverThreshold.Spec spec =
        PeaksOverThreshold.of(parse(inside.get(0)), doubleArg("spot BOUNDARY", inside.get(1), "(0, 1)"));
    for (String option : inside.subList(2, inside.size())) {
      String o = option.trim().toLowerCase(Locale.ROOT);
      if (o.startsWith("q=")) {
        spec = spec.withQ(doubleArg("spot q", o.substring(2), "(0, 1)"));
      } else if (o.startsWith("calibration=")) {
        spec = spec.withCalibration(intArg("spot calibration", o.substring("calibration=".length()), 0));
      } else if (o.startsWith("level=")) {
        spec = spec.withLevel(doubleArg("spot level", o.substring("level=".length()), "(0, 1)"));
      } else {
        throw new IllegalArgumentException(
            "spot option '" + option.trim() + "' is not q=Q, calibration=N or level=L (in '" + text + "')");
      }
    }
    return spec;
  }

  private static double doubleArg(String name, String arg, String range) {
    try {
      return Double.parseDouble(arg.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " takes a number in " + range + ", got '" + arg.trim() + "'", e);
    }
  }

  private static int intArg(String name, String arg, int defaultValue) {
    if (arg == null || arg.isEmpty()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(arg);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "detector " + name + " takes a whole number of points, got '" + arg + "'", e);
    }
  }

  private static List<String> splitTopLevel(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(text.substring(start));
    return parts;
  }
}
