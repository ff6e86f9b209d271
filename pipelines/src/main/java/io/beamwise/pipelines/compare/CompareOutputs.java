package io.beamwise.pipelines.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares the outputs of two {@code sensor-monitor} runs after {@link NormalizedOutputs}
 * normalisation, e.g. the DirectRunner's and Flink's.
 *
 * <p>Every line must be equal, except that a window statistics line may differ from its
 * counterpart (same sensor, window, pane, count, ...) in fractional numbers by a relative {@value
 * #WINDOW_STATS_RELATIVE_TOLERANCE}: a runner may merge a window's partial aggregates in another
 * order, and floating-point addition is not associative, so sums, means and standard deviations
 * can differ in their last bits. Scores get no tolerance: each sensor is scored sequentially in
 * event-time order, so they must be equal to the last bit.
 *
 * <p>Command line (used by {@code scripts/cross-runner}): {@code CompareOutputs EXPECTED_DIR
 * ACTUAL_DIR} prints {@code identical} and exits 0, or prints the differences and exits 1 (2 for
 * bad arguments).
 */
public final class CompareOutputs {

  /** At most this many differing lines are listed per output file. */
  static final int MAX_LINES_SHOWN = 3;

  static final String WINDOW_STATS = "window-stats.jsonl";

  /** Relative difference allowed between fractional numbers of matching window statistics. */
  static final double WINDOW_STATS_RELATIVE_TOLERANCE = 1e-9;

  private static final ObjectMapper JSON = new ObjectMapper();

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
      if (name.equals(WINDOW_STATS)) {
        removeNearlyEqualPairs(onlyExpected, onlyActual);
        if (onlyExpected.isEmpty() && onlyActual.isEmpty()) {
          continue;
        }
      }
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

  /**
   * Removes from both lists the pairs of JSON lines that are equal except for fractional numbers
   * within {@link #WINDOW_STATS_RELATIVE_TOLERANCE}.
   */
  static void removeNearlyEqualPairs(List<String> expected, List<String> actual) {
    Map<String, List<String>> actualByShape = new HashMap<>();
    for (String line : actual) {
      actualByShape.computeIfAbsent(shape(line), k -> new ArrayList<>()).add(line);
    }
    for (Iterator<String> it = expected.iterator(); it.hasNext(); ) {
      String e = it.next();
      List<String> candidates = actualByShape.getOrDefault(shape(e), List.of());
      for (Iterator<String> c = candidates.iterator(); c.hasNext(); ) {
        String a = c.next();
        if (nearlyEqual(parse(e), parse(a))) {
          c.remove();
          actual.remove(a);
          it.remove();
          break;
        }
      }
    }
  }

  /** The line with every fractional number replaced by null: lines that can match share it. */
  private static String shape(String line) {
    JsonNode node = parse(line);
    if (node.isObject()) {
      ObjectNode o = (ObjectNode) node;
      List<String> fractional = new ArrayList<>();
      o.fields().forEachRemaining(f -> {
        if (f.getValue().isFloatingPointNumber()) {
          fractional.add(f.getKey());
        }
      });
      fractional.forEach(o::putNull);
    }
    return node.toString();
  }

  private static boolean nearlyEqual(JsonNode e, JsonNode a) {
    for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      JsonNode other = a.get(f.getKey());
      if (f.getValue().isFloatingPointNumber() && other != null && other.isNumber()) {
        double x = f.getValue().doubleValue();
        double y = other.doubleValue();
        double scale = Math.max(Math.abs(x), Math.abs(y));
        if (!(x == y || Math.abs(x - y) <= WINDOW_STATS_RELATIVE_TOLERANCE * scale)) {
          return false;
        }
      }
    }
    return true;
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (JsonProcessingException ex) {
      throw new IllegalArgumentException("not a JSON line: " + line, ex);
    }
  }

  /** Lines of {@code a} not matched one-for-one in {@code b} (multiset difference). */
  private static List<String> minus(List<String> a, List<String> b) {
    Map<String, Integer> counts = new HashMap<>();
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
