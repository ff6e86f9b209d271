package io.beamwise.benchmarks.endtoend;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Variant 1, the practical single-core limit: one thread, Jackson's streaming parser and hash
 * maps, doing the streaming job as Flink does it. A watermark trails the largest timestamp seen
 * by {@link Workload#MAX_DELAY_MS} (+1 ms, as Flink's bounded out-of-orderness); readings wait in
 * a priority queue until the watermark passes them, then each sensor's are scored in (timestamp,
 * line) order; a window is emitted once the watermark reaches its last millisecond. Memory stays
 * bounded by the readings and windows within the out-of-orderness.
 */
public final class PlainJavaRun {

  private static final long WINDOW_MILLIS = Workload.WINDOW_SECONDS * 1000L;

  private final Outcome outcome = new Outcome();
  private final Map<String, SensorScorer> scorers = new HashMap<>();
  private final PriorityQueue<Reading> pending = new PriorityQueue<>(Reading.EVENT_ORDER);
  /** Open windows by start, then by sensor. */
  private final TreeMap<Long, Map<String, WindowAccumulator>> windows = new TreeMap<>();

  private long watermark = Long.MIN_VALUE;

  private PlainJavaRun() {}

  /**
   * Runs the workload over {@code input}.
   *
   * @throws IllegalStateException if a reading arrives behind the watermark (the workload
   *     promises it never does)
   */
  public static Outcome run(Path input) throws IOException {
    PlainJavaRun run = new PlainJavaRun();
    long maxTs = Long.MIN_VALUE;
    try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
      long line = 0;
      for (String text = in.readLine(); text != null; text = in.readLine()) {
        Reading r = Reading.parse(text, ++line);
        run.accept(r);
        if (r.ts > maxTs) {
          maxTs = r.ts;
          run.advanceTo(maxTs - Workload.MAX_DELAY_MS - 1);
        }
      }
    }
    run.advanceTo(Long.MAX_VALUE);
    return run.outcome;
  }

  private void accept(Reading r) {
    if (r.ts <= watermark) {
      throw new IllegalStateException(
          "line " + r.line + " is behind the watermark " + watermark + ": " + r.ts);
    }
    windows
        .computeIfAbsent(Reading.windowStart(r.ts), k -> new HashMap<>())
        .computeIfAbsent(r.sensor, k -> new WindowAccumulator())
        .add(r.value);
    pending.add(r);
  }

  private void advanceTo(long newWatermark) {
    watermark = newWatermark;
    while (!pending.isEmpty() && pending.peek().ts <= watermark) {
      Reading r = pending.poll();
      double score = scorers.computeIfAbsent(r.sensor, k -> new SensorScorer()).scoreThenLearn(r.value);
      outcome.addScore(r.sensor, r.ts, r.line, score, SensorScorer.isAlert(score));
    }
    Iterator<Map.Entry<Long, Map<String, WindowAccumulator>>> open = windows.entrySet().iterator();
    while (open.hasNext()) {
      Map.Entry<Long, Map<String, WindowAccumulator>> window = open.next();
      if (window.getKey() + WINDOW_MILLIS - 1 > watermark) {
        break;
      }
      for (Map.Entry<String, WindowAccumulator> e : window.getValue().entrySet()) {
        WindowAccumulator a = e.getValue();
        outcome.addWindow(e.getKey(), window.getKey(), a.count, a.min, a.max, a.sum);
      }
      open.remove();
    }
  }
}
