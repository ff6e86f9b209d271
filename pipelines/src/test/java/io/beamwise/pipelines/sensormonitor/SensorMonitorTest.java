package io.beamwise.pipelines.sensormonitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sensor-monitor} on small synthetic files and on the generator. */
class SensorMonitorTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static Summary run(String... args) {
    return SensorMonitor.runAndSummarize(PipelineOptionsFactory.fromArgs(args).as(SensorMonitorOptions.class));
  }

  @Test
  void malformedLinesBecomeDeadLettersAndCountsReconcile() throws IOException {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    StringBuilder csv = new StringBuilder("timestamp,value\n");
    for (int i = 0; i < 100; i++) {
      csv.append(String.format("2014-07-01 %02d:%02d:00,%d.5%n", i / 12, (i % 12) * 5, 20 + i % 3));
    }
    csv.append("2014-07-01 09:00:00,NaN\n").append("garbage\n").append("\n");
    Files.writeString(in.resolve("boiler.csv"), csv.toString());
    Files.writeString(
        in.resolve("pumps.jsonl"),
        "{\"sensor\":\"pump\",\"ts\":\"2014-07-01T00:00:00Z\",\"value\":1.0}\n"
            + "{\"sensor\":\"pump\",\"ts\":1404173100000,\"value\":2.0}\n"
            + "{\"sensor\":\"pump\",\"ts\":\"yesterday\",\"value\":2.0}\n");
    Path out = dir.resolve("out");

    Summary summary = run("--input=" + in.resolve("*"), "--output=" + out, "--window=30m");

    assertTrue(summary.reconciles(), summary.mismatch());
    assertEquals(106, summary.get("records_read"));
    assertEquals(102, summary.get("parsed"));
    assertEquals(4, summary.get("dead_lettered"));
    Map<String, String> reasonByLine = new HashMap<>();
    for (String line : Files.readAllLines(out.resolve("dead-letter.jsonl"))) {
      JsonNode f = JSON.readTree(line);
      String file = Path.of(f.get("source").asText()).getFileName().toString();
      reasonByLine.put(file + ":" + f.get("line").asLong(), f.get("reason").asText());
      assertEquals("parse", f.get("stage").asText());
      assertTrue(f.has("payload") && f.has("message") && f.has("processing_time"), line);
    }
    assertEquals(
        Map.of(
            "boiler.csv:102", "non_finite_value",
            "boiler.csv:103", "wrong_column_count",
            "boiler.csv:104", "empty_line",
            "pumps.jsonl:3", "bad_timestamp"),
        reasonByLine);
    // 100 readings every 5 minutes from 00:00 = 8h20m: 17 half-hour windows for the boiler.
    long boilerWindows =
        Files.readAllLines(out.resolve("window-stats.jsonl")).stream()
            .filter(l -> l.contains("\"sensor\":\"boiler\""))
            .count();
    assertEquals(17, boilerWindows);
    assertEquals(102, Files.readAllLines(out.resolve("scores.jsonl")).size());
    // The NAB results file skips the dead-lettered rows and keeps input order.
    List<String> nab = Files.readAllLines(out.resolve("nab/boiler.csv"));
    assertEquals(101, nab.size());
    assertEquals("2014-07-01 00:00:00,20.5,0.0", nab.get(1));
  }

  @Test
  void defaultDetectorFindsEveryInjectedAnomaly() {
    Path out = dir.resolve("gen-default");
    Summary summary = run("--output=" + out, "--seed=42", "--sensors=3", "--days=8");
    assertTrue(summary.reconciles(), summary.mismatch());
    assertTrue(summary.fields().get("detector").toString().startsWith("ensemble-max(align(relative-entropy"), summary.toJson());
    // The default, max(align(re,0.5),spot(cad,0.75),spatial), alerts on all 9 injected
    // anomalies, drifts and the variance change included, which the rolling z-score below misses;
    // its alerts come mostly from the relative entropy test, which keeps alarming while a new
    // distribution fills its window (about 1% of the readings at the default threshold 0.75).
    assertEquals(9, summary.get("injected_anomalies"));
    assertEquals(9, summary.get("injected_anomalies_alerted"), summary.toJson());
    assertTrue(summary.get("alerts") <= 0.02 * summary.get("readings_scored"), "alerts: " + summary.toJson());
  }

  @Test
  void generatorRunFindsTheInjectedAnomalies() throws IOException {
    Path out = dir.resolve("gen");
    Summary summary = run("--output=" + out, "--seed=42", "--sensors=3", "--days=8", "--detector=zscore:288");
    assertTrue(summary.reconciles(), summary.mismatch());
    assertEquals(3 * 8 * 288, summary.get("records_read"));
    assertEquals(0, summary.get("dead_lettered"));
    assertEquals(9, summary.get("injected_anomalies"));
    // Seed 42 injects 2 spikes, 2 level shifts, 4 drifts and 1 variance change. The rolling
    // z-score finds every spike and level shift (a guard against a silent regression); drifts
    // and variance changes are harder for it (the window learns them) and are only reported.
    @SuppressWarnings("unchecked")
    Map<String, String> byKind = (Map<String, String>) summary.fields().get("injected_anomalies_alerted_by_kind");
    assertEquals("2/2", byKind.get("spike"), summary.toJson());
    assertEquals("2/2", byKind.get("level_shift"), summary.toJson());
    assertTrue(byKind.get("drift").endsWith("/4"), summary.toJson());
    assertTrue(summary.get("injected_anomalies_alerted") >= 4, summary.toJson());
    assertTrue(summary.get("alerts") <= 20, "few false alarms: " + summary.toJson());
    assertTrue(Files.exists(out.resolve("summary.json")));
    assertTrue(!Files.exists(out.resolve("nab")), "no NAB results for generated input");
  }

  @Test
  void generatorWithDisorderLateAndMalformedRecordsReconcilesWithWhatItProduced() throws IOException {
    Path out = dir.resolve("messy");
    Summary summary =
        run(
            "--output=" + out, "--seed=5", "--sensors=2", "--days=3", "--maxDelay=10m",
            "--lateFraction=0.03", "--lateness=1h", "--malformedFraction=0.04");
    assertTrue(summary.reconciles(), summary.mismatch());
    assertEquals(2 * 3 * 288, summary.get("records_read"));
    assertEquals(summary.get("generated_records"), summary.get("records_read"));
    // The malformed records are exactly the dead letters, and there are some.
    assertTrue(summary.get("generated_malformed") > 0, summary.toJson());
    assertEquals(summary.get("generated_malformed"), summary.get("dead_lettered"));
    assertTrue(summary.get("generated_late") > 0, summary.toJson());
    assertEquals(
        summary.get("records_read"),
        summary.get("generated_on_time") + summary.get("generated_late") + summary.get("generated_malformed"));
    // A bounded run: the watermark waits for all input, so nothing is late; all well-formed are scored.
    assertEquals(0, summary.get("late_for_windows"));
    assertEquals(summary.get("generated_on_time") + summary.get("generated_late"), summary.get("readings_scored"));
    long parseDeadLetters =
        Files.readAllLines(out.resolve("dead-letter.jsonl")).stream().filter(l -> l.contains("\"stage\":\"parse\"")).count();
    assertEquals(summary.get("dead_lettered"), parseDeadLetters);
  }

  @Test
  void windowSpecsOfEveryKindRunAndReconcile() throws IOException {
    for (String spec :
        new String[] {"sliding:2h/1h", "session:30m", "tumbling:1d,lateness=1h,early=100,accumulating"}) {
      Path out = dir.resolve("w-" + spec.replaceAll("[^a-z0-9]", "_"));
      Summary summary = run("--output=" + out, "--days=3", "--sensors=2", "--window=" + spec);
      assertTrue(summary.reconciles(), spec + ": " + summary.mismatch());
      assertEquals(2 * 3 * 288, summary.get("parsed"), spec);
      assertTrue(summary.get("windows_emitted") > 0, spec);
      // Which panes a batch run emits with early firings depends on bundling; every pane says.
      assertTrue(
          Files.readAllLines(out.resolve("window-stats.jsonl")).stream()
              .allMatch(l -> l.matches(".*\"timing\":\"(EARLY|ON_TIME|LATE)\",\"pane_index\":\\d+,.*")),
          spec);
    }
  }

  @Test
  void badOptionsFailWithAMessageNamingTheOption() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> run("--window=5 minutes", "--output=" + dir));
    assertTrue(e.getMessage().contains("--window"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> run("--timeZone=Mars/Olympus", "--output=" + dir));
    assertTrue(e.getMessage().contains("--timeZone"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> run("--threshold=2", "--output=" + dir));
    assertTrue(e.getMessage().contains("--threshold"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> run("--lateFraction=0.9", "--output=" + dir));
    assertTrue(e.getMessage().startsWith("--lateFraction=0.9"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> run("--anomalies=spike,blip", "--output=" + dir));
    assertTrue(e.getMessage().contains("--anomalies") && e.getMessage().contains("blip"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> run("--days=0", "--output=" + dir));
    assertTrue(e.getMessage().contains("--days=0"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> run("--input=" + dir.resolve("nothing-*.csv"), "--output=" + dir));
    assertTrue(e.getMessage().contains("matches no file"), e.getMessage());
  }
}
