package io.beamwise.pipelines.sensormonitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --keyField --valueField --timeField --timeFormat}: users' own JSON without code. */
class SensorMonitorFieldsTest {

  @TempDir Path dir;

  private static Summary run(String... args) {
    return SensorMonitor.runAndSummarize(PipelineOptionsFactory.fromArgs(args).as(SensorMonitorOptions.class));
  }

  @Test
  void ownFieldNamesGiveTheSameResultsAsTheDefaultNames() throws IOException {
    List<String> standard = new ArrayList<>();
    List<String> own = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      long millis = 1404172800000L + i * 300_000L; // 2014-07-01T00:00Z, every 5 minutes
      double v = i == 50 ? 90.0 : 20 + i % 3;
      standard.add("{\"sensor\":\"pump\",\"ts\":" + millis + ",\"value\":" + v + "}");
      own.add("{\"device\":\"pump\",\"at\":" + millis / 1000 + ",\"temp\":" + v + ",\"sensor\":\"x\"}");
    }
    own.add("{\"device\":\"pump\",\"at\":\"noon\",\"temp\":1}");
    Files.write(dir.resolve("standard.jsonl"), standard);
    Files.write(dir.resolve("own.jsonl"), own);

    Summary a = run("--input=" + dir.resolve("standard.jsonl"), "--output=" + dir.resolve("a"));
    Summary b =
        run(
            "--input=" + dir.resolve("own.jsonl"),
            "--output=" + dir.resolve("b"),
            "--keyField=device",
            "--valueField=temp",
            "--timeField=at",
            "--timeFormat=epoch-seconds");

    assertTrue(b.reconciles(), b.mismatch());
    assertEquals(60, b.get("parsed"));
    assertEquals(1, b.get("dead_lettered"));
    assertEquals(a.get("alerts"), b.get("alerts"));
    assertEquals(
        withoutSource(Files.readAllLines(dir.resolve("a/scores.jsonl"))),
        withoutSource(Files.readAllLines(dir.resolve("b/scores.jsonl"))));
    assertEquals(
        Files.readAllLines(dir.resolve("a/window-stats.jsonl")).stream().sorted().toList(),
        Files.readAllLines(dir.resolve("b/window-stats.jsonl")).stream().sorted().toList());
  }

  @Test
  void runReturnsThePipelineResultAndTheSummaryIsBuiltBesideIt() {
    SensorMonitorOptions options =
        PipelineOptionsFactory.fromArgs("--days=1", "--sensors=2", "--output=" + dir.resolve("g"), "--quiet")
            .as(SensorMonitorOptions.class);
    PipelineResult result = SensorMonitor.run(options);
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    Summary summary = Summary.of(result, true);
    assertEquals(2 * 288, summary.get("records_read"));
    assertTrue(summary.reconciles(), summary.mismatch());
    assertTrue(Files.exists(dir.resolve("g/scores.jsonl")));
    assertTrue(!Files.exists(dir.resolve("g/_SUCCESS")), "run() alone writes no _SUCCESS");
  }

  @Test
  void aBadTimeFormatNamesTheOption() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> run("--timeFormat=yyyy-MM-dd'T", "--output=" + dir));
    assertTrue(e.getMessage().startsWith("--timeFormat="), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> run("--keyField=value", "--output=" + dir));
    assertTrue(e.getMessage().contains("--keyField"), e.getMessage());
  }

  private static List<String> withoutSource(List<String> lines) {
    return lines.stream()
        .map(l -> l.replaceAll("\"source\":\"[^\"]*\",", ""))
        .sorted()
        .toList();
  }
}
