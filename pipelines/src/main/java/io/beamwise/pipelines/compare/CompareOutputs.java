package io.beamwise.pipelines.compare;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares the outputs of two {@code sensor-monitor} runs after {@link NormalizedOutputs}
 * normalisation, e.g. the DirectRunner's and Flink's.
 *
 * <p>Command line (used by {@code scripts/cross-runner}): {@code CompareOutputs EXPECTED_DIR
 * ACTUAL_DIR} prints {@code identical} and exits 0, or prints the differences and exits 1 (2 for
 * bad arguments).
 */
public final class CompareOutputs {

  /** At most this many differing lines are listed per output file. */
  static final int MAX_LINES_SHOWN = 3;

  private CompareOutputs() {}

  /**
   * The differences between two runs' outputs, one description per difference (empty when
   * identical): missing or extra files, then per file the count and first lines present on one
   * side only.
   */
  public static List<String> differences(NormalizedOutputs expected, NormalizedOutputs actual) {
    List<String> diffs = new ArrayList<>();
    Set<String> names = new TreeSet<>(expected.names());
    names.addAll(actual.names());
    for (String name : names) {
      if (!expected.names().contains(name)) {
        diffs.add(name + ": only in the actual output");
        continue;
      }
      if (!actual.names().contains(name)) {
        diffs.add(name + ": missing from the actual output");
        continue;
      }
      List<String> e = expected.lines(name);
      List<String> a = actual.lines(name);
      if (e.equals(a)) {
        continue;
      }
      List<String> onlyExpected = minus(e, a);
      List<String> onlyActual = minus(a, e);
      StringBuilder d =
          new StringBuilder(
              String.format(
                  "%s: %d vs %d lines; %d only expected, %d only actual",
                  name, e.size(), a.size(), onlyExpected.size(), onlyActual.size()));
      if (onlyExpected.isEmpty() && onlyActual.isEmpty()) {
        d.append(" (same lines, different order)");
      }
      onlyExpected.stream().limit(MAX_LINES_SHOWN).forEach(l -> d.append("\n  - ").append(l));
      onlyActual.stream().limit(MAX_LINES_SHOWN).forEach(l -> d.append("\n  + ").append(l));
      diffs.add(d.toString());
    }
    return diffs;
  }

  /** {@link #differences} of the outputs in two directories. */
  public static List<String> differences(Path expectedDir, Path actualDir) {
    return differences(NormalizedOutputs.read(expectedDir), NormalizedOutputs.read(actualDir));
  }

  /** Lines of {@code a} not matched one-for-one in {@code b} (multiset difference). */
  private static List<String> minus(List<String> a, List<String> b) {
    java.util.Map<String, Integer> counts = new java.util.HashMap<>();
    b.forEach(l -> counts.merge(l, 1, Integer::sum));
    List<String> out = new ArrayList<>();
    for (String l : a) {
      Integer c = counts.get(l);
      if (c == null || c == 0) {
        out.add(l);
      } else {
        counts.put(l, c - 1);
      }
    }
    return out;
  }

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("Usage: CompareOutputs EXPECTED_DIR ACTUAL_DIR");
      System.exit(2);
    }
    List<String> diffs;
    try {
      diffs = differences(Paths.get(args[0]), Paths.get(args[1]));
    } catch (IllegalArgumentException e) {
      System.err.println("CompareOutputs: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (diffs.isEmpty()) {
      System.out.println("identical");
      return;
    }
    diffs.forEach(System.out::println);
    System.exit(1);
  }
}
