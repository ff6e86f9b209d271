package io.beamwise.benchmarks.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness's correctness check on a tiny workload: every variant computes exactly what a
 * batch reference (all readings of a sensor sorted at once, no watermarks) computes. Speed is not
 * asserted; {@code scripts/bench} measures it.
 */
class VariantsAgreeTest {

  private static final long EVENTS = 12_000;
  private static final int SENSORS = 40;

  @TempDir static Path dir;
  private static Path input;
  private static Outcome reference;

  @BeforeAll
  static void generate() throws IOException {
    input = dir.resolve("readings.jsonl");
    Workload.generate(input, EVENTS, SENSORS, 7);
    reference = batchReference(input);
  }

  @Test
  void theWorkloadIsOutOfOrderAndHasAlerts() throws IOException {
    long maxTs = Long.MIN_VALUE;
    long behind = 0;
    long line = 0;
    for (String text : Files.readAllLines(input)) {
      Reading r = Reading.parse(text, ++line);
      if (r.ts < maxTs) {
        behind++;
        assertTrue(maxTs - r.ts < Workload.MAX_DELAY_MS, "line " + line + " too far behind");
      }
      maxTs = Math.max(maxTs, r.ts);
    }
    assertTrue(behind > EVENTS / 4, "only " + behind + " readings out of order");
    assertEquals(EVENTS, reference.scores);
    assertTrue(reference.alerts > 0, "no alerts: " + reference);
    // 300 s of readings per sensor: about 30 windows each, plus the edges' jitter.
    assertTrue(reference.windows >= SENSORS * 30L, "windows: " + reference);
  }

  @Test
  void plainJavaMatchesTheReference() throws Exception {
    assertSame(Variant.PLAIN);
  }

  @Test
  void nativeFlinkMatchesTheReference() throws Exception {
    assertSame(Variant.FLINK);
  }

  @Test
  void beamwiseOnFlinkMatchesTheReference() throws Exception {
    assertSame(Variant.BEAMWISE_FLINK);
  }

  /**
   * The FlinkRunner's DataStream translation of bounded input: ScoreAnomalies takes its buffering
   * path there (the time-sorted one fails at the end of input on Beam 2.62.0).
   */
  @Test
  void beamwiseOnFlinkWithDataStreamForBatchMatchesTheReference() throws Exception {
    Outcome o = Variant.beamwiseOnFlink(input, 2, "--useDataStreamForBatch=true");
    assertTrue(o.sameAs(reference), "--useDataStreamForBatch computed " + o + ", expected " + reference);
  }

  /**
   * The FlinkRunner's batch mode groups time-sorted input by a 64-bit hash of the key; keys whose
   * hashes collide share a group, arrive interleaved, and must each keep their own state. Keeping
   * two bits of the hash puts the 40 sensors into at most four groups.
   */
  @Test
  void beamwiseOnFlinkWithKeysSharingGroupsMatchesTheReference() throws Exception {
    String property = "beamwise.flink.timeSortedKeyHashBits";
    System.setProperty(property, "2");
    try {
      assertSame(Variant.BEAMWISE_FLINK);
    } finally {
      System.clearProperty(property);
    }
  }

  @Test
  void beamwiseOnTheDirectRunnerMatchesTheReference() throws Exception {
    assertSame(Variant.BEAMWISE_DIRECT);
  }

  private static void assertSame(Variant v) throws Exception {
    Outcome o = v.run(input, 2);
    assertTrue(o.sameAs(reference), v.id() + " computed " + o + ", expected " + reference);
  }

  /** Windows per (sensor, start) in one map; scores per sensor after one sort. */
  private static Outcome batchReference(Path file) throws IOException {
    Map<String, List<Reading>> bySensor = new HashMap<>();
    Map<String, WindowAccumulator> windows = new HashMap<>();
    long line = 0;
    for (String text : Files.readAllLines(file)) {
      Reading r = Reading.parse(text, ++line);
      bySensor.computeIfAbsent(r.sensor, k -> new ArrayList<>()).add(r);
      windows
          .computeIfAbsent(r.sensor + "@" + Reading.windowStart(r.ts), k -> new WindowAccumulator())
          .add(r.value);
    }
    Outcome o = new Outcome();
    windows.forEach(
        (k, a) -> {
          int at = k.lastIndexOf('@');
          o.addWindow(k.substring(0, at), Long.parseLong(k.substring(at + 1)), a.count, a.min, a.max, a.sum);
        });
    for (List<Reading> readings : bySensor.values()) {
      readings.sort(Reading.EVENT_ORDER);
      SensorScorer scorer = new SensorScorer();
      for (Reading r : readings) {
        double score = scorer.scoreThenLearn(r.value);
        o.addScore(r.sensor, r.ts, r.line, score, SensorScorer.isAlert(score));
      }
    }
    return o;
  }
}
