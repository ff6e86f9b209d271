package io.beamwise.pipelines.sensormonitor;

import io.beamwise.anomaly.detectors.Detectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code sensor-monitor} once on the 7 real NAB files and checks every output. */
class SensorMonitorNabEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path out;
  static Path data;
  static Summary summary;
  static Map<String, List<String>> inputRows = new HashMap<>();

  @BeforeAll
  static void runOnce() throws IOException {
    data = NabData.realKnownCause().orElse(null);
    Assumptions.assumeTrue(data != null, NabData.missingMessage());
    try (Stream<Path> files = Files.list(data)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".csv")).collect(Collectors.toList())) {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        inputRows.put(sensor(f), lines.subList(1, lines.size()));
      }
    }
    assertEquals(7, inputRows.size());
    SensorMonitorOptions options =
        PipelineOptionsFactory.fromArgs(
                "--input=" + data.resolve("*.csv"), "--output=" + out, "--window=1h")
            .as(SensorMonitorOptions.class);
    summary = SensorMonitor.runAndSummarize(options);
  }

  private static String sensor(Path f) {
    String name = f.getFileName().toString();
    return name.substring(0, name.length() - ".csv".length());
  }

  private static int totalRows() {
    return inputRows.values().stream().mapToInt(List::size).sum();
  }

  @Test
  void summaryReconcilesWithNoDeadLetters() throws IOException {
    assertTrue(summary.reconciles(), summary.mismatch());
    assertEquals(totalRows(), summary.get("records_read"));
    assertEquals(totalRows(), summary.get("parsed"));
    assertEquals(0, summary.get("dead_lettered"));
    assertEquals(7, summary.get("header_lines"));
    assertEquals(totalRows(), summary.get("readings_scored"));
    JsonNode written = JSON.readTree(out.resolve("summary.json").toFile());
    assertEquals(totalRows(), written.get("records_read").asLong());
    assertTrue(written.get("reconciled").asBoolean());
    assertEquals(0, Files.size(out.resolve("dead-letter.jsonl")));
  }

  @Test
  void exactlyOneScoreInZeroOneForEveryInputRow() throws IOException {
    Map<String, Set<Long>> linesBySensor = new HashMap<>();
    int scores = 0;
    for (String line : Files.readAllLines(out.resolve("scores.jsonl"))) {
      JsonNode s = JSON.readTree(line);
      double score = s.get("anomaly_score").asDouble();
      assertTrue(score >= 0 && score <= 1, line);
      assertEquals(s.get("is_anomaly").asBoolean(), score > s.get("threshold").asDouble(), line);
      assertEquals(Detectors.DEFAULT_THRESHOLD, s.get("threshold").asDouble(), line);
      assertTrue(
          linesBySensor.computeIfAbsent(s.get("sensor").asText(), k -> new HashSet<>()).add(s.get("line").asLong()),
          "duplicate score for " + line);
      scores++;
    }
    assertEquals(totalRows(), scores);
    for (Map.Entry<String, List<String>> e : inputRows.entrySet()) {
      Set<Long> lines = linesBySensor.get(e.getKey());
      assertEquals(e.getValue().size(), lines.size(), e.getKey());
      for (long l = 2; l <= e.getValue().size() + 1; l++) {
        assertTrue(lines.contains(l), e.getKey() + " line " + l + " has no score");
      }
    }
  }

  @Test
  void windowCountsOfEachFileAddUpToItsRows() throws IOException {
    Map<String, Long> counts = new HashMap<>();
    for (String line : Files.readAllLines(out.resolve("window-stats.jsonl"))) {
      JsonNode w = JSON.readTree(line);
      counts.merge(w.get("sensor").asText(), w.get("count").asLong(), Long::sum);
      assertTrue(w.get("min").asDouble() <= w.get("mean").asDouble());
      assertTrue(w.get("mean").asDouble() <= w.get("max").asDouble() + 1e-9);
    }
    for (Map.Entry<String, List<String>> e : inputRows.entrySet()) {
      assertEquals((long) e.getValue().size(), counts.get(e.getKey()), e.getKey());
    }
  }

  @Test
  void nabResultsHaveOneRowPerInputRowInOrderWithTheInputTimestamps() throws IOException {
    for (Map.Entry<String, List<String>> e : inputRows.entrySet()) {
      List<String> results = Files.readAllLines(out.resolve("nab").resolve(e.getKey() + ".csv"));
      assertEquals("timestamp,value,anomaly_score", results.get(0));
      assertEquals(e.getValue().size(), results.size() - 1, e.getKey());
      for (int i = 0; i < e.getValue().size(); i++) {
        String[] in = e.getValue().get(i).split(",");
        String[] res = results.get(i + 1).split(",");
        assertEquals(in[0], res[0], e.getKey() + " row " + (i + 1));
        assertEquals(Double.parseDouble(in[1]), Double.parseDouble(res[1]), 0.0);
        double score = Double.parseDouble(res[2]);
        assertTrue(score >= 0 && score <= 1);
      }
    }
  }

  @Test
  void alertsAreTheFlaggedScores() throws IOException {
    long flagged =
        Files.readAllLines(out.resolve("scores.jsonl")).stream()
            .filter(l -> l.contains("\"is_anomaly\":true"))
            .count();
    assertEquals(flagged, Files.readAllLines(out.resolve("alerts.jsonl")).size());
    assertEquals(flagged, summary.get("alerts"));
  }
}
