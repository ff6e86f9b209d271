package io.beamwise.pipelines.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beamwise.evaluation.AnomalyWindows;
import io.beamwise.io.generator.GeneratorConfig;
import io.beamwise.io.generator.SensorGenerator;
import io.beamwise.pipelines.evaluate.Evaluate;
import io.beamwise.pipelines.evaluate.EvaluateOptions;
import io.beamwise.pipelines.sensormonitor.SensorMonitor;
import io.beamwise.pipelines.sensormonitor.SensorMonitorOptions;
import io.beamwise.pipelines.sensormonitor.Summary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate}: the file is the generator's stream, byte for byte, and sensor-monitor reads it. */
class GenerateTest {

  @TempDir Path dir;

  private static Map<String, Object> generate(String... args) {
    return Generate.run(PipelineOptionsFactory.fromArgs(args).as(GenerateOptions.class));
  }

  @Test
  void writesTheStreamInArrivalOrderAndItsLabels() throws IOException {
    Path file = dir.resolve("a/stream.jsonl");
    Path labels = dir.resolve("a/labels.json");
    Map<String, Object> summary =
        generate(
            "--output=" + file, "--labels=" + labels, "--seed=11", "--sensors=2", "--days=4",
            "--maxDelay=2m", "--lateFraction=0.02", "--malformedFraction=0.02");
    SensorGenerator g =
        SensorGenerator.of(
            GeneratorConfig.defaults().withSeed(11).withSensors(2).withDays(4)
                .withMaxDelay(Duration.standardMinutes(2)).withLateFraction(0.02).withMalformedFraction(0.02));
    List<String> lines = Files.readAllLines(file);
    assertEquals(g.size(), lines.size());
    for (int i = 0; i < lines.size(); i++) {
      assertEquals(g.jsonLine(i), lines.get(i), "line " + (i + 1));
    }
    SensorGenerator.Census census = g.census();
    assertEquals(census.records, summary.get("records"));
    assertEquals(census.late, summary.get("late"));
    assertEquals(census.malformed, summary.get("malformed"));
    AnomalyWindows windows = AnomalyWindows.read(labels);
    assertEquals(g.anomalies().size(), windows.windowCount());
    assertEquals(2, windows.fileCount());
    // Same options, same bytes; another seed, other bytes.
    Path again = dir.resolve("again.jsonl");
    generate("--output=" + again, "--seed=11", "--sensors=2", "--days=4", "--maxDelay=2m", "--lateFraction=0.02", "--malformedFraction=0.02");
    assertEquals(Files.readString(file), Files.readString(again));
    Path other = dir.resolve("other.jsonl");
    generate("--output=" + other, "--seed=12", "--sensors=2", "--days=4", "--maxDelay=2m", "--lateFraction=0.02", "--malformedFraction=0.02");
    assertNotEquals(Files.readString(file), Files.readString(other));
  }

  @Test
  void sensorMonitorReadsTheFileAndDeadLettersExactlyTheMalformedRecords() {
    Path file = dir.resolve("stream.jsonl");
    Map<String, Object> generated =
        generate("--output=" + file, "--seed=3", "--sensors=2", "--days=3", "--malformedFraction=0.05", "--maxDelay=5m");
    Summary summary =
        SensorMonitor.runAndSummarize(
            PipelineOptionsFactory.fromArgs("--input=" + file, "--output=" + dir.resolve("out"))
                .as(SensorMonitorOptions.class));
    assertTrue(summary.reconciles(), summary.mismatch());
    assertEquals(((Number) generated.get("records")).longValue(), summary.get("records_read"));
    assertEquals(((Number) generated.get("malformed")).longValue(), summary.get("dead_lettered"));
  }

  /** generate → sensor-monitor on the per-sensor NAB files → evaluate against the labels. */
  @Test
  void evaluateScoresSensorMonitorAgainstTheGeneratedLabels() {
    Path data = dir.resolve("nab-data");
    Path labels = dir.resolve("labels.json");
    Map<String, Object> generated =
        generate(
            "--output=" + dir.resolve("s.jsonl"), "--nabData=" + data, "--labels=" + labels,
            "--anomalies=spike,level_shift", "--malformedFraction=0.01");
    long malformed = ((Number) generated.get("malformed")).longValue();
    assertEquals(((Number) generated.get("records")).longValue() - malformed, ((Number) generated.get("nab_data_rows")).longValue());
    Path out = dir.resolve("monitor");
    Summary summary =
        SensorMonitor.runAndSummarize(
            PipelineOptionsFactory.fromArgs("--input=" + data.resolve("*.csv"), "--output=" + out)
                .as(SensorMonitorOptions.class));
    assertTrue(summary.reconciles(), summary.mismatch());
    ObjectNode report =
        Evaluate.run(
            PipelineOptionsFactory.fromArgs(
                    "--results=" + out.resolve("nab"), "--labelsFile=" + labels, "--output=" + dir.resolve("evaluation.json"))
                .as(EvaluateOptions.class));
    JsonNode standard = report.get("profiles").get(0);
    assertEquals("standard", standard.get("profile").asText());
    // 9 labelled spikes and level shifts; the rolling z-score finds most of them.
    assertEquals(9, standard.get("tp_windows").asInt() + standard.get("missed_windows").asInt(), standard.toString());
    assertTrue(standard.get("tp_windows").asInt() >= 7, standard.toString());
  }

  @Test
  void anUnboundedStreamCannotBeWrittenToAFile() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> generate("--output=" + dir.resolve("x"), "--days=0"));
    assertTrue(e.getMessage().contains("--days=0"), e.getMessage());
  }
}
