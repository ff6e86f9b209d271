package io.beamwise.anomaly;

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
 * max(D,D,...)  mean(D,D,...)  vote(D,D,...)    an Ensemble of the listed detectors
 * </pre>
 *
 * <p>Example: {@code max(zscore:288,robust:576)}.
 */
public final class Detectors {

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
              "ensemble '" + name + "' is not one of max, mean, vote (in '" + t + "')");
      }
      List<DetectorSpec> members = new ArrayList<>();
      for (String member : splitTopLevel(t.substring(open + 1, t.length() - 1))) {
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
      default:
        throw new IllegalArgumentException(
            "detector '"
                + name
                + "' is not one of zscore, ewma, robust, iqr, hst, rcf, re, max(...), mean(...), vote(...)");
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
