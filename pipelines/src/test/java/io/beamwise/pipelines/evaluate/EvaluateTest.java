package io.beamwise.pipelines.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateTest {

  private static final DateTimeFormatter F = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  @TempDir Path dir;

  /** 40 five-minute rows; the label window is rows 30..33; {@code detectAt} scores 1, others 0. */
  private void write(int detectAt) throws IOException {
    LocalDateTime t0 = LocalDateTime.of(2014, 1, 1, 0, 0);
    StringBuilder csv = new StringBuilder("timestamp,value,anomaly_score\n");
    for (int i = 0; i < 40; i++) {
      csv.append(t0.plusMinutes(5L * i).format(F)).append(",1,").append(i == detectAt ? "1.0" : "0.0").append('\n');
    }
    Files.createDirectories(dir.resolve("nab"));
    Files.writeString(dir.resolve("nab/machine.csv"), csv);
    Files.writeString(
        dir.resolve("labels.json"),
        "{\"realKnownCause/machine.csv\": [[\""
            + t0.plusMinutes(150).format(F)
            + ".000000\", \""
            + t0.plusMinutes(165).format(F)
            + ".000000\"]]}");
  }

  private ObjectNode run() {
    return Evaluate.run(
        PipelineOptionsFactory.fromArgs(
                "--results=" + dir.resolve("nab"),
                "--labelsFile=" + dir.resolve("labels.json"),
                "--output=" + dir.resolve("out/evaluation.json"))
            .as(EvaluateOptions.class));
  }

  @Test
  void aDetectionAtTheWindowStartIsAPerfectScore() throws IOException {
    write(30);
    ObjectNode report = run();
    for (JsonNode p : report.get("profiles")) {
      assertEquals(100.0, p.get("score").asDouble(), 1e-9, p.toString());
      assertEquals(1, p.get("tp_windows").asInt());
      assertEquals(0, p.get("missed_windows").asInt());
    }
    assertEquals(1.0, report.get("at_standard_threshold").get("window_recall").asDouble());
    assertEquals(0.0, report.get("at_standard_threshold").get("mean_detection_delay_minutes").asDouble());
    JsonNode written = new ObjectMapper().readTree(dir.resolve("out/evaluation.json").toFile());
    assertEquals(report.get("profiles"), written.get("profiles"));
    assertTrue(Evaluate.table(report).contains("standard"));
  }

  @Test
  void detectingOnlyOutsideTheWindowScoresBelowTheNullDetector() throws IOException {
    write(10);
    ObjectNode report = run();
    JsonNode standard = report.get("profiles").get(0);
    assertEquals("standard", standard.get("profile").asText());
    assertTrue(standard.get("score").asDouble() <= 0.0 + 1e-9, standard.toString());
    assertEquals(1, standard.get("missed_windows").asInt());
  }

  @Test
  void eachProfileBreaksItsCountsDownByFile() throws IOException {
    write(31);
    Files.writeString(dir.resolve("nab/other.csv"), Files.readString(dir.resolve("nab/machine.csv")).replace(",1.0\n", ",0.0\n"));
    Files.writeString(
        dir.resolve("labels.json"),
        Files.readString(dir.resolve("labels.json")).replace("}", ", \"synthetic/other.csv\": []}"));
    for (JsonNode p : run().get("profiles")) {
      JsonNode files = p.get("files");
      assertEquals(2, files.size(), p.toString());
      assertEquals("realKnownCause/machine.csv", files.get(0).get("file").asText());
      assertEquals(1, files.get(0).get("tp_windows").asInt());
      assertEquals("synthetic/other.csv", files.get(1).get("file").asText());
      assertEquals(0, files.get(1).get("tp_windows").asInt() + files.get(1).get("missed_windows").asInt());
      for (String count : new String[] {"tp_windows", "missed_windows", "fp_rows"}) {
        assertEquals(p.get(count).asInt(), files.get(0).get(count).asInt() + files.get(1).get(count).asInt(), count);
      }
    }
  }

  @Test
  void resultsWithoutLabelsAreAnError() throws IOException {
    write(30);
    Files.writeString(dir.resolve("nab/unknown.csv"), "timestamp,value,anomaly_score\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, this::run);
    assertTrue(e.getMessage().contains("unknown.csv"), e.getMessage());
  }

  @Test
  void labelsThatAreNotNabWindowsAreAnError() throws IOException {
    write(30);
    Files.writeString(dir.resolve("labels.json"), "[]");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, this::run);
    assertTrue(e.getMessage().contains("object keyed by file"), e.getMessage());
    Files.writeString(dir.resolve("labels.json"), "{");
    assertThrows(java.io.UncheckedIOException.class, this::run);
  }
}
