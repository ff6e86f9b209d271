package io.beamwise.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.testing.TestPipelineExtension;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Property tests: {@link ComputeWindowStats} on random bounded input equals a straightforward
 * computation in plain Java (window assignment and statistics done here, without Beam).
 */
@ExtendWith(TestPipelineExtension.class)
class WindowPropertyTest {

  /** Hour-aligned, so that second-granular timestamps often fall exactly on window boundaries. */
  private static final long T0 = Instant.parse("2024-05-17T03:00:00Z").getMillis();

  private static final long SPAN_MILLIS = 3L * 3_600_000L;
  private static final int ELEMENTS = 300;
  private static final int KEYS = 4;
  private static final long[] SEEDS = {1L, 7L, 42L, 2024L};
  private static final double RELATIVE = 1e-9;

  // Indexes into the expected statistics of one window.
  private static final int COUNT = 0;
  private static final int SUM = 1;
  private static final int MIN = 2;
  private static final int MAX = 3;
  private static final int MEAN = 4;
  private static final int STD_DEV = 5;

  // ------------------------------------------------------------------------- input

  /**
   * Random input: several keys, timestamps over a few hours (mostly whole seconds, some with
   * milliseconds, some in bursts and duplicates), values that are multiples of 1/16 so that sums are
   * exact in any order.
   */
  static List<TimestampedValue<KV<String, Double>>> randomInput(long seed) {
    Random random = new Random(seed);
    List<TimestampedValue<KV<String, Double>>> input = new ArrayList<>();
    long previous = T0;
    for (int i = 0; i < ELEMENTS; i++) {
      String key = "k" + random.nextInt(KEYS);
      long t;
      switch (random.nextInt(6)) {
        case 0: // with milliseconds
          t = T0 + (long) (random.nextDouble() * SPAN_MILLIS);
          break;
        case 1: // a burst close to the previous timestamp (same or another key), or a duplicate
          t = Math.min(T0 + SPAN_MILLIS - 1, previous + 1000L * random.nextInt(90));
          break;
        case 2: // on a whole minute
          t = T0 + 60_000L * random.nextInt((int) (SPAN_MILLIS / 60_000L));
          break;
        default: // whole seconds
          t = T0 + 1000L * random.nextInt((int) (SPAN_MILLIS / 1000L));
      }
      previous = t;
      double value = 100 + random.nextInt(80_000) / 16.0;
      input.add(TimestampedValue.of(KV.of(key, value), new Instant(t)));
    }
    return input;
  }

  // ------------------------------------------------------------------------- reference

  /** Window id used in the expectations: key, start and end in epoch millis. */
  static String id(String key, long start, long end) {
    return key + "|" + start + "|" + end;
  }

  /** Values per (key, window) for tumbling windows aligned to the epoch. */
  static Map<String, List<Double>> tumblingReference(
      List<TimestampedValue<KV<String, Double>>> input, long size) {
    Map<String, List<Double>> windows = new HashMap<>();
    for (TimestampedValue<KV<String, Double>> tv : input) {
      long t = tv.getTimestamp().getMillis();
      long start = t - Math.floorMod(t, size);
      windows
          .computeIfAbsent(id(tv.getValue().getKey(), start, start + size), w -> new ArrayList<>())
          .add(tv.getValue().getValue());
    }
    return windows;
  }

  /** Values per (key, window) for sliding windows: every [start, start + size) holding t. */
  static Map<String, List<Double>> slidingReference(
      List<TimestampedValue<KV<String, Double>>> input, long size, long period) {
    Map<String, List<Double>> windows = new HashMap<>();
    for (TimestampedValue<KV<String, Double>> tv : input) {
      long t = tv.getTimestamp().getMillis();
      for (long start = t - Math.floorMod(t, period); start > t - size; start -= period) {
        windows
            .computeIfAbsent(id(tv.getValue().getKey(), start, start + size), w -> new ArrayList<>())
            .add(tv.getValue().getValue());
      }
    }
    return windows;
  }

  /**
   * Values per (key, session): per key in time order, a new session starts when the next timestamp
   * is not before the current session's end (last timestamp + gap).
   */
  static Map<String, List<Double>> sessionReference(
      List<TimestampedValue<KV<String, Double>>> input, long gap) {
    Map<String, List<TimestampedValue<Double>>> byKey = new HashMap<>();
    for (TimestampedValue<KV<String, Double>> tv : input) {
      byKey
          .computeIfAbsent(tv.getValue().getKey(), k -> new ArrayList<>())
          .add(TimestampedValue.of(tv.getValue().getValue(), tv.getTimestamp()));
    }
    Map<String, List<Double>> windows = new HashMap<>();
    for (Map.Entry<String, List<TimestampedValue<Double>>> e : byKey.entrySet()) {
      List<TimestampedValue<Double>> values = new ArrayList<>(e.getValue());
      values.sort(Comparator.comparing(TimestampedValue::getTimestamp));
      long start = 0;
      long end = Long.MIN_VALUE;
      List<Double> current = null;
      for (TimestampedValue<Double> tv : values) {
        long t = tv.getTimestamp().getMillis();
        if (current == null || t >= end) {
          if (current != null) {
            windows.put(id(e.getKey(), start, end), current);
          }
          current = new ArrayList<>();
          start = t;
        }
        current.add(tv.getValue());
        end = Math.max(end, t + gap);
      }
      windows.put(id(e.getKey(), start, end), current);
    }
    return windows;
  }

  /** count, sum, min, max, mean and sample standard deviation (NaN for one value), two-pass. */
  static HashMap<String, ArrayList<Double>> statistics(Map<String, List<Double>> windows) {
    HashMap<String, ArrayList<Double>> expected = new HashMap<>();
    for (Map.Entry<String, List<Double>> e : windows.entrySet()) {
      List<Double> values = e.getValue();
      double sum = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (double v : values) {
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      double mean = sum / values.size();
      double squares = 0;
      for (double v : values) {
        squares += (v - mean) * (v - mean);
      }
      double stdDev = values.size() < 2 ? Double.NaN : Math.sqrt(squares / (values.size() - 1));
      ArrayList<Double> stats = new ArrayList<>();
      stats.add((double) values.size()); // COUNT
      stats.add(sum); // SUM
      stats.add(min); // MIN
      stats.add(max); // MAX
      stats.add(mean); // MEAN
      stats.add(stdDev); // STD_DEV
      expected.put(e.getKey(), stats);
    }
    return expected;
  }

  // ------------------------------------------------------------------------- checks

  private static void assertRelative(double expected, double actual, String what) {
    if (Double.isNaN(expected)) {
      assertTrue(Double.isNaN(actual), what + ": expected NaN, got " + actual);
      return;
    }
    assertEquals(expected, actual, Math.abs(expected) * RELATIVE, what);
  }

  /** Checks every result against the reference; returns null for PAssert. */
  static Void check(Iterable<WindowStats> results, HashMap<String, ArrayList<Double>> expected, String label) {
    Set<String> seen = new HashSet<>();
    for (WindowStats s : results) {
      String id = id(s.getKey(), s.getWindowStart().getMillis(), s.getWindowEnd().getMillis());
      String what = label + " " + id;
      ArrayList<Double> e = expected.get(id);
      assertNotNull(e, label + ": unexpected window " + id + " " + s);
      assertTrue(seen.add(id), label + ": window reported twice " + id);
      assertEquals("ON_TIME", s.getTiming(), what);
      assertEquals(0L, s.getPaneIndex(), what);
      assertTrue(s.getIsFinal(), what + " is final");
      assertEquals(e.get(COUNT).longValue(), s.getCount(), what + " count");
      assertEquals(e.get(SUM), s.getSum(), 0.0, what + " sum");
      assertEquals(e.get(MIN), s.getMin(), 0.0, what + " min");
      assertEquals(e.get(MAX), s.getMax(), 0.0, what + " max");
      assertRelative(e.get(MEAN), s.getMean(), what + " mean");
      assertRelative(e.get(STD_DEV), s.getStdDev(), what + " std_dev");
    }
    assertEquals(expected.size(), seen.size(), label + ": one result per key and non-empty window");
    return null;
  }

  /** Applies {@code spec} to the random input of each seed and checks it against the reference. */
  private static void checkAgainstReference(
      TestPipeline p, String spec, java.util.function.BiFunction<List<TimestampedValue<KV<String, Double>>>, WindowSpec, Map<String, List<Double>>> reference) {
    WindowSpec windowSpec = WindowSpec.parse(spec);
    for (long seed : SEEDS) {
      String label = spec + " seed " + seed;
      List<TimestampedValue<KV<String, Double>>> input = randomInput(seed);
      HashMap<String, ArrayList<Double>> expected = statistics(reference.apply(input, windowSpec));
      assertFalse(expected.isEmpty());
      ComputeWindowStats.Result<Double> result =
          p.apply("Create " + label, Create.timestamped(input))
              .apply("Stats " + label, ComputeWindowStats.of(windowSpec));
      PCollection<WindowStats> stats = result.stats();
      PAssert.that(label, stats).satisfies(results -> check(results, expected, label));
      PAssert.that(label + " late", result.late()).empty();
    }
  }

  private static long windowsWithMoreThanOneValue(Map<String, List<Double>> reference) {
    return reference.values().stream().filter(v -> v.size() > 1).count();
  }

  // ------------------------------------------------------------------------- tests

  @Test
  void tumblingStatsEqualTheReference(TestPipeline p) {
    for (String spec : List.of("tumbling:10m", "tumbling:1h", "tumbling:7m", "tumbling:PT90S,discarding")) {
      checkAgainstReference(p, spec, (in, w) -> tumblingReference(in, w.getSize().getMillis()));
    }
    p.run().waitUntilFinish();
  }

  @Test
  void slidingStatsEqualTheReference(TestPipeline p) {
    for (String spec : List.of("sliding:30m/10m", "sliding:1h/25m", "sliding:5m/5m", "sliding:10m/1m")) {
      checkAgainstReference(
          p,
          spec,
          (in, w) -> slidingReference(in, w.getSize().getMillis(), w.getPeriod().getMillis()));
    }
    p.run().waitUntilFinish();
  }

  @Test
  void sessionStatsEqualTheReference(TestPipeline p) {
    for (String spec : List.of("session:2m", "session:10m", "session:30s", "sessions:1h")) {
      checkAgainstReference(p, spec, (in, w) -> sessionReference(in, w.getSize().getMillis()));
    }
    p.run().waitUntilFinish();
  }

  /** The reference itself, on hand-made data, so that the property tests rest on something. */
  @Test
  void referenceOnHandMadeData() {
    long min = 60_000L;
    List<TimestampedValue<KV<String, Double>>> in =
        List.of(
            TimestampedValue.of(KV.of("a", 1.0), new Instant(T0)),
            TimestampedValue.of(KV.of("a", 2.0), new Instant(T0 + 2 * min - 1)),
            TimestampedValue.of(KV.of("a", 3.0), new Instant(T0 + 4 * min - 2)), // gap < 2m: merges
            TimestampedValue.of(KV.of("a", 4.0), new Instant(T0 + 6 * min - 2)), // gap == 2m: new
            TimestampedValue.of(KV.of("b", 5.0), new Instant(T0 + min)));
    Map<String, List<Double>> sessions = sessionReference(in, 2 * min);
    assertEquals(
        Map.of(
            id("a", T0, T0 + 6 * min - 2), List.of(1.0, 2.0, 3.0),
            id("a", T0 + 6 * min - 2, T0 + 8 * min - 2), List.of(4.0),
            id("b", T0 + min, T0 + 3 * min), List.of(5.0)),
        sessions);

    Map<String, List<Double>> tumbling = tumblingReference(in, 2 * min);
    assertEquals(List.of(1.0, 2.0), tumbling.get(id("a", T0, T0 + 2 * min)));
    assertEquals(List.of(3.0), tumbling.get(id("a", T0 + 2 * min, T0 + 4 * min)));
    assertEquals(4, tumbling.size());

    Map<String, List<Double>> sliding = slidingReference(in, 3 * min, min);
    // t = T0 lies in [T0 - 2m, T0 + 1m), [T0 - 1m, T0 + 2m) and [T0, T0 + 3m)
    assertEquals(List.of(1.0), sliding.get(id("a", T0 - 2 * min, T0 + min)));
    assertEquals(List.of(1.0, 2.0), sliding.get(id("a", T0 - min, T0 + 2 * min)));
    assertEquals(List.of(1.0, 2.0), sliding.get(id("a", T0, T0 + 3 * min)));
    assertEquals(List.of(2.0, 3.0), sliding.get(id("a", T0 + min, T0 + 4 * min)));

    HashMap<String, ArrayList<Double>> stats = statistics(sessions);
    List<Double> first = stats.get(id("a", T0, T0 + 6 * min - 2));
    assertEquals(List.of(3.0, 6.0, 1.0, 3.0, 2.0, 1.0), first);
    assertTrue(Double.isNaN(stats.get(id("b", T0 + min, T0 + 3 * min)).get(STD_DEV)));
  }

  /** The random input exercises what it should: merging sessions, boundaries, several keys. */
  @Test
  void randomInputIsNotTrivial() {
    for (long seed : SEEDS) {
      List<TimestampedValue<KV<String, Double>>> in = randomInput(seed);
      assertEquals(ELEMENTS, in.size());
      Set<String> keys = new HashSet<>();
      long onMinute = 0;
      for (TimestampedValue<KV<String, Double>> tv : in) {
        keys.add(tv.getValue().getKey());
        long t = tv.getTimestamp().getMillis();
        assertTrue(t >= T0 && t < T0 + SPAN_MILLIS, "timestamp in range");
        if (t % 60_000L == 0) {
          onMinute++;
        }
      }
      assertEquals(KEYS, keys.size(), "seed " + seed);
      assertTrue(onMinute > 10, "some timestamps on window boundaries, seed " + seed);
      Map<String, List<Double>> sessions = sessionReference(in, 120_000L);
      assertTrue(windowsWithMoreThanOneValue(sessions) > 10, "merged sessions, seed " + seed);
      assertTrue(sessions.size() > 4 * KEYS, "several sessions per key, seed " + seed);
      assertTrue(
          windowsWithMoreThanOneValue(tumblingReference(in, 600_000L)) > 10, "seed " + seed);
    }
  }
}
