package io.beamwise.io.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.monitor.MonitorResult.Part;
import io.beamwise.monitor.SampleMonitorResult;
import io.beamwise.testing.TestPipelineExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole {@code MonitorResult} as JSON Lines files: one file per part, keyed under the input's
 * key field name; parts left out with {@code without} get no file, the others are still written.
 */
@ExtendWith(TestPipelineExtension.class)
class WriteResultFilesTest {

  @TempDir Path dir;

  @Test
  void writesEveryPartKeyedUnderTheInputsKeyName(TestPipeline p) throws IOException {
    SampleMonitorResult.in(p).apply(WriteResultFiles.to(dir.toString()));
    p.run().waitUntilFinish();

    assertEquals(
        List.of("alerts.jsonl", "dead-letter.jsonl", "episodes.jsonl", "scores.jsonl", "window-stats.jsonl"),
        files());
    for (Part part : Part.values()) {
      assertEquals(SampleMonitorResult.SIZES.get(part), lines(part.outputName()).size(), part.outputName());
    }
    for (String part : List.of("window-stats", "scores", "alerts", "episodes")) {
      assertTrue(lines(part).stream().allMatch(l -> l.startsWith("{\"device\":\"d")), part + ": " + lines(part));
    }
  }

  @Test
  void partsLeftOutGetNoFileAndTheOthersAreWritten(TestPipeline p) throws IOException {
    // Episodes off in the result and left out by the writer; dead letters are still written.
    SampleMonitorResult.in(p, SampleMonitorResult.monitor().withoutEpisodes())
        .apply(WriteResultFiles.to(dir.toString()).without(Part.EPISODES).without(Part.WINDOW_STATS));
    p.run().waitUntilFinish();

    assertEquals(List.of("alerts.jsonl", "dead-letter.jsonl", "scores.jsonl"), files());
    assertEquals(SampleMonitorResult.SIZES.get(Part.SCORES), lines("scores").size());
    assertEquals(SampleMonitorResult.SIZES.get(Part.DEAD_LETTER), lines("dead-letter").size());
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

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  private List<String> lines(String part) throws IOException {
    return Files.readAllLines(dir.resolve(part + ".jsonl"), StandardCharsets.UTF_8);
  }
}
