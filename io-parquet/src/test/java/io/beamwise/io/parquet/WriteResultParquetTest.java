package io.beamwise.io.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.beamwise.anomaly.AlertEpisode;
import io.beamwise.anomaly.AnomalyResult;
import io.beamwise.failure.Failure;
import io.beamwise.io.files.WriteLines;
import io.beamwise.io.files.WriteResultFiles;
import io.beamwise.io.json.JsonRecords;
import io.beamwise.monitor.MonitorResult;
import io.beamwise.monitor.MonitorResult.Part;
import io.beamwise.monitor.SampleMonitorResult;
import io.beamwise.testing.TestPipelineExtension;
import io.beamwise.windows.WindowStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole {@code MonitorResult} written as Parquet and read back into its Java types formats to
 * exactly the JSON Lines that {@code WriteResultFiles} writes from the same result; parts left out
 * get no file.
 */
@ExtendWith(TestPipelineExtension.class)
class WriteResultParquetTest {

  @TempDir Path dir;

  @Test
  void everyPartOfTheResultRoundTrips(TestPipeline p) throws IOException {
    MonitorResult r = SampleMonitorResult.in(p);
    String parquet = dir.resolve("parquet").toString();
    String jsonl = dir.resolve("jsonl").toString();
    r.apply(WriteResultParquet.to(parquet));
    r.apply(WriteResultFiles.to(jsonl));
    p.run().waitUntilFinish();

    String key = r.keyName();
    String again = dir.resolve("again").toString();
    Pipeline read = Pipeline.create();
    readBack(read, parquet, "window-stats", WindowStats.class, s -> JsonRecords.windowStatsKeyedAs(s, key), again);
    readBack(read, parquet, "scores", AnomalyResult.class, s -> JsonRecords.scoreKeyedAs(s, key), again);
    readBack(read, parquet, "alerts", AnomalyResult.class, s -> JsonRecords.scoreKeyedAs(s, key), again);
    readBack(read, parquet, "episodes", AlertEpisode.class, e -> JsonRecords.episodeKeyedAs(e, key), again);
    readBack(read, parquet, "dead-letter", Failure.class, JsonRecords::failure, again);
    read.run().waitUntilFinish();

    for (Part part : Part.values()) {
      assertSameLines(jsonl, again, part.outputName(), SampleMonitorResult.SIZES.get(part));
    }
  }

  @Test
  void partsLeftOutGetNoFile(TestPipeline p) throws IOException {
    SampleMonitorResult.in(p).apply(WriteResultParquet.to(dir.toString()).without(Part.EPISODES, Part.ALERTS));
    p.run().waitUntilFinish();
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(
          List.of("dead-letter.parquet", "scores.parquet", "window-stats.parquet"),
          files.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList()));
    }
  }

  private static <T> void readBack(
      Pipeline p, String parquet, String name, Class<T> type, SerializableFunction<T, String> json, String out) {
    p.apply("Read " + name, ReadParquetRows.from(parquet + "/" + name + ".parquet"))
        .apply("To " + name, Convert.fromRows(TypeDescriptor.of(type)))
        .apply("Format " + name, MapElements.into(TypeDescriptors.strings()).via(json))
        .apply("Write " + name, WriteLines.to(out, name).withSuffix(".jsonl"));
  }

  private static void assertSameLines(String expectedDir, String actualDir, String name, int count)
      throws IOException {
    List<String> expected = sorted(Path.of(expectedDir, name + ".jsonl"));
    assertEquals(count, expected.size(), name + " written");
    assertEquals(expected, sorted(Path.of(actualDir, name + ".jsonl")), name + " after the Parquet round trip");
  }

  private static List<String> sorted(Path file) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    lines.sort(null);
    return lines;
  }
}
