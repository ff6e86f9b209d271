package io.beamwise.io.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.beamwise.anomaly.AlertEpisode;
import io.beamwise.anomaly.AnomalyResult;
import io.beamwise.anomaly.ScoreAnomalies;
import io.beamwise.anomaly.detectors.RollingZScore;
import io.beamwise.failure.Failure;
import io.beamwise.io.files.WriteLines;
import io.beamwise.io.files.WriteResultFiles;
import io.beamwise.io.json.JsonRecords;
import io.beamwise.monitor.MonitorResult;
import io.beamwise.monitor.MonitorResult.Part;
import io.beamwise.monitor.MonitorSensors;
import io.beamwise.parse.EventTime;
import io.beamwise.parse.ParseJson;
import io.beamwise.parse.SourceLine;
import io.beamwise.testing.TestPipelineExtension;
import io.beamwise.windows.WindowSpec;
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
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
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
  void everyPartOfTheResultRoundTrips(TestPipeline p) throws IOException {
    MonitorResult r = result(p);
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

    assertSameLines(jsonl, again, "window-stats", 3);
    assertSameLines(jsonl, again, "scores", 61);
    assertSameLines(jsonl, again, "alerts", 1);
    assertSameLines(jsonl, again, "episodes", 1);
    assertSameLines(jsonl, again, "dead-letter", 2);
  }

  @Test
  void partsLeftOutGetNoFile(TestPipeline p) throws IOException {
    result(p).apply(WriteResultParquet.to(dir.toString()).without(Part.EPISODES, Part.ALERTS));
    p.run().waitUntilFinish();
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(
          List.of("dead-letter.parquet", "scores.parquet", "window-stats.parquet"),
          files.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList()));
    }
  }

  /** 61 readings of two devices (the last one an outlier), one without a value, one bad line. */
  private static MonitorResult result(TestPipeline p) {
    List<SourceLine> lines = new ArrayList<>();
    for (int i = 0; i < 61; i++) {
      double temp = i == 60 ? 1000.0 : 20.0 + i % 3;
      lines.add(SourceLine.of("r.jsonl", i + 1, "{\"device\":\"d" + (i % 2) + "\",\"time\":\""
          + T.plus(Duration.standardMinutes(i)) + "\",\"temp\":" + temp + "}"));
    }
    lines.add(SourceLine.of("r.jsonl", 62, "{\"device\":\"d9\",\"time\":\"" + T + "\"}"));
    lines.add(SourceLine.of("r.jsonl", 63, "{oops"));
    return p.apply(Create.of(lines))
        .apply(ParseJson.rows(SCHEMA).withEventTime(EventTime.iso("time")).withPositionFields("source", "line"))
        .apply(MonitorSensors.<Row>byFields("device", "temp")
            .withTimeField("time")
            .withPositionFields("source", "line")
            .withWindows(WindowSpec.parse("tumbling:1h"))
            .withScoring(ScoreAnomalies.with(RollingZScore.spec(20)).withThreshold(0.7)));
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
