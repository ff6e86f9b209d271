package io.beamwise.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the example's main on a file of two devices' readings, one spike and one bad line. */
class MonitorYourRecordsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T = Instant.parse("2024-03-01T00:00:00Z");

  @TempDir Path dir;

  @Test
  void scoresAlertsAndDeadLettersUnderTheRecordsOwnNames() throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String time = T.plus(i * 300_000L).toString(); // every 5 minutes
      double boiler = i == 80 ? 500.0 : 70.0 + (i % 7) * 0.5;
      lines.add("{\"device\":\"boiler\",\"time\":\"" + time + "\",\"temp\":" + boiler + "}");
      lines.add("{\"device\":\"fridge\",\"time\":\"" + time + "\",\"temp\":" + (4.0 + (i % 5) * 0.1) + "}");
    }
    lines.add(5, "{\"device\":\"boiler\",\"time\":\"yesterday\",\"temp\":1}");
    Path input = Files.write(dir.resolve("readings.jsonl"), lines, StandardCharsets.UTF_8);
    Path out = dir.resolve("out");

    MonitorYourRecords.main(new String[] {"--input=" + input, "--output=" + out});

    List<JsonNode> scores = read(out.resolve("scores.jsonl"));
    assertEquals(200, scores.size());
    assertTrue(scores.stream().allMatch(s -> s.has("device") && !s.has("sensor")), "keyed by device");
    List<JsonNode> alerts = read(out.resolve("alerts.jsonl"));
    assertEquals(1, alerts.size(), alerts.toString());
    assertEquals("boiler", alerts.get(0).path("device").asText());
    assertEquals(500.0, alerts.get(0).path("value").asDouble());
    assertTrue(alerts.get(0).path("source").asText().endsWith("readings.jsonl"), alerts.toString());
    assertEquals(162, alerts.get(0).path("line").asLong()); // record 80 of the boiler, after the bad line
    List<JsonNode> stats = read(out.resolve("window-stats.jsonl"));
    assertEquals(200, stats.stream().mapToLong(s -> s.path("count").asLong()).sum());
    assertTrue(stats.stream().allMatch(s -> s.has("device")));
    List<JsonNode> dead = read(out.resolve("dead-letter.jsonl"));
    assertEquals(1, dead.size());
    assertEquals("bad_timestamp", dead.get(0).path("reason").asText());
    assertEquals(6, dead.get(0).path("line").asLong());
  }

  private static List<JsonNode> read(Path file) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      rows.add(JSON.readTree(line));
    }
    return rows;
  }
}
