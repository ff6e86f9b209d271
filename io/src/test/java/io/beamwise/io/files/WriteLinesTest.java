package io.beamwise.io.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.testing.TestPipelineExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TestPipelineExtension.class)
class WriteLinesTest {

  @TempDir Path dir;

  private static List<String> lines(int n) {
    return IntStream.range(0, n).mapToObj(i -> "{\"i\":" + i + "}").collect(Collectors.toList());
  }

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList());
      // Nothing else: no temporary directory left behind either.
    }
  }

  private List<String> sortedLinesOf(List<String> names) throws IOException {
    List<String> all = new ArrayList<>();
    for (String name : names) {
      all.addAll(Files.readAllLines(dir.resolve(name), StandardCharsets.UTF_8));
    }
    all.sort(null);
    return all;
  }

  @Test
  void writesOneFileByDefaultEvenFromWindowedInput(TestPipeline p) throws IOException {
    p.apply(Create.timestamped(lines(50), IntStream.range(0, 50).mapToObj(i -> (long) i * 60_000).collect(Collectors.toList())))
        .apply(Window.into(FixedWindows.of(Duration.standardMinutes(10))))
        .apply(WriteLines.to(dir.toString(), "scores").withSuffix(".jsonl"));
    p.run().waitUntilFinish();
    assertEquals(List.of("scores.jsonl"), files());
    List<String> expected = lines(50);
    expected.sort(null);
    assertEquals(expected, sortedLinesOf(files()));
  }

  @Test
  void writesExactlyTheShardsAskedFor(TestPipeline p) throws IOException {
    p.apply(Create.of(lines(100))).apply(WriteLines.to(dir.toString(), "part").withSuffix(".jsonl").withNumShards(3));
    p.run().waitUntilFinish();
    assertEquals(
        List.of("part-00000-of-00003.jsonl", "part-00001-of-00003.jsonl", "part-00002-of-00003.jsonl"),
        files());
    List<String> expected = lines(100);
    expected.sort(null);
    assertEquals(expected, sortedLinesOf(files()));
  }

  @Test
  void anEmptyInputStillGivesTheFile(TestPipeline p) throws IOException {
    p.apply(Create.empty(StringUtf8Coder.of())).apply(WriteLines.to(dir.toString(), "dead-letter").withSuffix(".jsonl"));
    p.run().waitUntilFinish();
    assertEquals(List.of("dead-letter.jsonl"), files());
    assertEquals(0, Files.size(dir.resolve("dead-letter.jsonl")));
  }

  @Test
  void badParametersAreRejectedWithTheirValue(TestPipeline p) {
    IllegalArgumentException shards =
        assertThrows(IllegalArgumentException.class, () -> WriteLines.to("out", "x").withNumShards(0));
    assertTrue(shards.getMessage().contains("numShards=0 must be in [1, 10000]"), shards.getMessage());
    IllegalArgumentException name =
        assertThrows(IllegalArgumentException.class, () -> WriteLines.to("out", "a/b"));
    assertTrue(name.getMessage().contains("name=a/b"), name.getMessage());
    p.run();
  }
}
