package io.beamwise.io.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.beamwise.anomaly.AnomalyResult;
import io.beamwise.anomaly.ScoreAnomalies;
import io.beamwise.anomaly.ScoringResult;
import io.beamwise.anomaly.Threshold;
import io.beamwise.anomaly.detectors.Detectors;
import io.beamwise.failure.Failure;
import io.beamwise.io.files.ReadLinesWithPosition;
import io.beamwise.io.files.WriteLines;
import io.beamwise.io.json.JsonRecords;
import io.beamwise.parse.ParseResult;
import io.beamwise.parse.ParseSensorReadings;
import io.beamwise.parse.SensorReading;
import io.beamwise.testing.NabFiles;
import io.beamwise.testing.TestPipelineExtension;
import io.beamwise.windows.ComputeWindowStats;
import io.beamwise.windows.WindowSpec;
import io.beamwise.windows.WindowStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every output type of beamwise (scores, window statistics, dead letters), computed from real NAB
 * data, survives a Parquet write and read: read back into their Java types they format to exactly
 * the JSON Lines written from the originals.
 */
@ExtendWith(TestPipelineExtension.class)
class ParquetRoundTripTest {

  @TempDir Path dir;

  @Test
  void scoresWindowStatsAndDeadLettersRoundTrip(TestPipeline p) throws IOException {
    Optional<Path> taxi = NabFiles.realKnownCause("nyc_taxi");
    assumeTrue(taxi.isPresent(), NabFiles.missingMessage());
    // The first 600 rows of nyc_taxi and three bad lines, so that there are dead letters too.
    List<String> lines = new ArrayList<>(Files.readAllLines(taxi.get()).subList(0, 601));
    lines.add("2014-07-13 12:30:00,not-a-number");
    lines.add("garbage");
    lines.add("2014-07-13 13:00:00,NaN");
    Path input = dir.resolve("nyc_taxi.csv");
    Files.write(input, lines, StandardCharsets.UTF_8);
    String parquet = dir.resolve("parquet").toString();
    String jsonl = dir.resolve("jsonl").toString();

    ParseResult<SensorReading> parsed =
        p.apply(ReadLinesWithPosition.from(input.toString()))
            .apply(ParseSensorReadings.nabCsv(ZoneId.of("UTC")));
    ScoringResult scoring =
        parsed
            .output()
            .apply(ScoreAnomalies.with(Detectors.parse("zscore:48")).withThreshold(Threshold.fixed(0.6)));
    PCollection<WindowStats> stats =
        parsed
            .output()
            .apply(
                MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.doubles()))
                    .via((SensorReading r) -> KV.of(r.getSensor(), r.getValue())))
            .apply(ComputeWindowStats.of(WindowSpec.parse("tumbling:1d")))
            .stats();
    writeBoth(scoring.scores(), "scores", JsonRecords::score, parquet, jsonl);
    writeBoth(stats, "window-stats", JsonRecords::windowStats, parquet, jsonl);
    writeBoth(parsed.failures(), "dead-letter", JsonRecords::failure, parquet, jsonl);
    p.run().waitUntilFinish();

    // Read back in a second pipeline, into the Java types, and format the same way.
    String again = dir.resolve("again").toString();
    Pipeline read = Pipeline.create();
    readBack(read, parquet, "scores", AnomalyResult.class, JsonRecords::score, again);
    readBack(read, parquet, "window-stats", WindowStats.class, JsonRecords::windowStats, again);
    readBack(read, parquet, "dead-letter", Failure.class, JsonRecords::failure, again);
    read.run().waitUntilFinish();

    assertSameLines(jsonl, again, "scores", 600);
    assertSameLines(jsonl, again, "window-stats", 13);
    assertSameLines(jsonl, again, "dead-letter", 3);

    Schema scores = ParquetSchemas.beamSchemaOfFirst(parquet + "/scores.parquet");
    assertEquals(Schema.FieldType.DATETIME, scores.getField("timestamp").getType());
    assertEquals(Schema.FieldType.DOUBLE, scores.getField("score").getType());
    assertEquals(Schema.FieldType.INT64, scores.getField("line").getType());
  }

  private static <T> void writeBoth(
      PCollection<T> records,
      String name,
      SerializableFunction<T, String> json,
      String parquet,
      String jsonl) {
    records.apply("Parquet " + name, WriteParquet.<T>to(parquet, name));
    records
        .apply("Format " + name, MapElements.into(TypeDescriptors.strings()).via(json))
        .apply("JSONL " + name, WriteLines.to(jsonl, name).withSuffix(".jsonl"));
  }

  private static <T> void readBack(
      Pipeline p, String parquet, String name, Class<T> type, SerializableFunction<T, String> json, String out) {
    p.apply("Read " + name, ReadParquetRows.from(parquet + "/" + name + ".parquet"))
        .apply("To " + type.getSimpleName(), Convert.fromRows(TypeDescriptor.of(type)))
        .apply("Format " + name, MapElements.into(TypeDescriptors.strings()).via(json))
        .apply("Write " + name, WriteLines.to(out, name).withSuffix(".jsonl"));
  }

  private static void assertSameLines(String expectedDir, String actualDir, String name, int count)
      throws IOException {
    List<String> expected = sorted(Path.of(expectedDir, name + ".jsonl"));
    List<String> actual = sorted(Path.of(actualDir, name + ".jsonl"));
    assertEquals(count, expected.size(), name + " written");
    assertEquals(expected, actual, name + " after the Parquet round trip");
    assertTrue(expected.stream().allMatch(l -> l.startsWith("{")), name);
  }

  private static List<String> sorted(Path file) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    lines.sort(null);
    return lines;
  }
}
