package io.beamwise.io.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.anomaly.ScoreAnomalies;
import io.beamwise.anomaly.detectors.RollingZScore;
import io.beamwise.monitor.MonitorResult;
import io.beamwise.monitor.MonitorResult.Part;
import io.beamwise.monitor.MonitorSensors;
import io.beamwise.parse.EventTime;
import io.beamwise.parse.ParseJson;
import io.beamwise.parse.SourceLine;
import io.beamwise.testing.TestPipelineExtension;
import io.beamwise.windows.WindowSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole {@code MonitorResult} as JSON Lines files: one file per part, keyed under the input's
 * key field name; parts left out with {@code without} get no file, the others are still written.
 */
@ExtendWith(TestPipelineExtension.class)
class WriteResultFilesTest {

  private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");
  private static final Schema SCHEMA =
      Schema.builder()
          .addStringField("device")
          .addDateTimeField("time")
          .addNullableField("temp", Schema.FieldType.DOUBLE)
          .addStringField("source")
          .addInt64Field("line")
          .build();

  @TempDir Path dir;

  @Test
  void writesEveryPartKeyedUnderTheInputsKeyName(TestPipeline p) throws IOException {
    result(p, true).apply(WriteResultFiles.to(dir.toString()));
    p.run().waitUntilFinish();

    assertEquals(
        List.of("alerts.jsonl", "dead-letter.jsonl", "episodes.jsonl", "scores.jsonl", "window-stats.jsonl"),
        files());
    assertEquals(3, lines("window-stats").size());
    assertEquals(61, lines("scores").size());
    assertEquals(1, lines("alerts").size());
    assertEquals(1, lines("episodes").size());
    assertEquals(2, lines("dead-letter").size());
    for (String part : List.of("window-stats", "scores", "alerts", "episodes")) {
      assertTrue(lines(part).stream().allMatch(l -> l.startsWith("{\"device\":\"d")), part + ": " + lines(part));
    }
  }

  @Test
  void partsLeftOutGetNoFileAndTheOthersAreWritten(TestPipeline p) throws IOException {
    // Episodes off in the result and left out by the writer; dead letters are still written.
    result(p, false).apply(WriteResultFiles.to(dir.toString()).without(Part.EPISODES).without(Part.WINDOW_STATS));
    p.run().waitUntilFinish();

    assertEquals(List.of("alerts.jsonl", "dead-letter.jsonl", "scores.jsonl"), files());
    assertEquals(61, lines("scores").size());
    assertEquals(2, lines("dead-letter").size());
  }

  @Test
  void leavingEveryPartOutOrANullPartIsAnError() {
    WriteResultFiles write = WriteResultFiles.to("out").without(Part.WINDOW_STATS, Part.SCORES, Part.ALERTS);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> write.without(Part.EPISODES, Part.DEAD_LETTER));
    assertEquals(
        "without([WINDOW_STATS, SCORES, ALERTS, EPISODES, DEAD_LETTER]) leaves out every part of the result;"
            + " a writer must write at least one",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> write.without((Part) null));
    assertThrows(IllegalArgumentException.class, () -> WriteResultFiles.to(" "));
  }

  /** 61 readings of two devices (the last one an outlier), one without a value, one bad line. */
  private static MonitorResult result(TestPipeline p, boolean episodes) {
    List<SourceLine> lines = new ArrayList<>();
    for (int i = 0; i < 61; i++) {
      double temp = i == 60 ? 1000.0 : 20.0 + i % 3;
      lines.add(SourceLine.of("r.jsonl", i + 1, "{\"device\":\"d" + (i % 2) + "\",\"time\":\""
          + T.plus(Duration.standardMinutes(i)) + "\",\"temp\":" + temp + "}"));
    }
    lines.add(SourceLine.of("r.jsonl", 62, "{\"device\":\"d9\",\"time\":\"" + T + "\"}"));
    lines.add(SourceLine.of("r.jsonl", 63, "{oops"));
    MonitorSensors<Row> monitor =
        MonitorSensors.<Row>byFields("device", "temp")
            .withTimeField("time")
            .withPositionFields("source", "line")
            .withWindows(WindowSpec.parse("tumbling:1h"))
            .withScoring(ScoreAnomalies.with(RollingZScore.spec(20)).withThreshold(0.7));
    return p.apply(Create.of(lines))
        .apply(ParseJson.rows(SCHEMA).withEventTime(EventTime.iso("time")).withPositionFields("source", "line"))
        .apply(episodes ? monitor : monitor.withoutEpisodes());
  }

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  private List<String> lines(String part) throws IOException {
    return Files.readAllLines(dir.resolve(part + ".jsonl"), StandardCharsets.UTF_8);
  }
}
