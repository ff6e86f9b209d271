package io.beamwise.pipelines.sensormonitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beamwise.io.parquet.ParquetFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.values.Row;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sensor-monitor} with Parquet input and output, and dataset names. */
class SensorMonitorParquetTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EC2 = "ec2_request_latency_system_failure";
  private static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

  private static final Schema READINGS =
      SchemaBuilder.record("Reading")
          .fields()
          .requiredString("sensor")
          .name("timestamp")
          .type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG)))
          .noDefault()
          .optionalDouble("value")
          .endRecord();

  @TempDir Path dir;

  private static Summary run(String... args) {
    return SensorMonitor.runAndSummarize(PipelineOptionsFactory.fromArgs(args).as(SensorMonitorOptions.class));
  }

  private static Path nab(String series) {
    Optional<Path> dir = NabData.realKnownCause();
    assumeTrue(dir.isPresent(), NabData.missingMessage());
    return dir.get().resolve(series + ".csv");
  }

  /** NAB's ec2 series as Parquet (timestamps read as UTC), then three bad rows. */
  private Path ec2AsParquet() throws IOException {
    Path parquet = dir.resolve("in/" + EC2 + ".parquet");
    Files.createDirectories(parquet.getParent());
    try (ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(
                HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(parquet.toUri()), new Configuration()))
            .withSchema(READINGS)
            .build()) {
      List<String> lines = Files.readAllLines(nab(EC2), StandardCharsets.UTF_8);
      for (String line : lines.subList(1, lines.size())) {
        String[] parts = line.split(",");
        writer.write(record(LocalDateTime.parse(parts[0], NAB_TIME), Double.parseDouble(parts[1])));
      }
      writer.write(record(LocalDateTime.parse("2014-03-21 04:00:00", NAB_TIME), null));
      writer.write(record(LocalDateTime.parse("2014-03-21 04:05:00", NAB_TIME), Double.NaN));
      writer.write(record(LocalDateTime.parse("2500-01-01 00:00:00", NAB_TIME), 1.0));
    }
    return parquet;
  }

  private static GenericRecord record(LocalDateTime t, Double value) {
    GenericRecord r = new GenericData.Record(READINGS);
    r.put("sensor", EC2);
    r.put("timestamp", t.toInstant(ZoneOffset.UTC).toEpochMilli());
    r.put("value", value);
    return r;
  }

  @Test
  void parquetInAndOutScoresLikeTheCsvAndDeadLettersBadRows() throws IOException {
    Path parquet = ec2AsParquet();
    Path outParquet = dir.resolve("out-parquet");
    Path outCsv = dir.resolve("out-csv");

    Summary fromParquet = run("--input=" + parquet, "--output=" + outParquet, "--outputFormat=parquet");
    Summary fromCsv = run("--input=" + nab(EC2), "--output=" + outCsv);

    assertTrue(fromParquet.reconciles(), fromParquet.mismatch());
    assertEquals(4035, fromParquet.get("records_read"));
    assertEquals(4032, fromParquet.get("parsed"));
    assertEquals(3, fromParquet.get("dead_lettered"));
    assertEquals(fromCsv.get("alerts"), fromParquet.get("alerts"));
    assertEquals(fromCsv.get("windows_emitted"), fromParquet.get("windows_emitted"));

    Map<Long, String> reasonByRow = new HashMap<>();
    for (Row f : ParquetFiles.readRows(outParquet.resolve("dead-letter.parquet"))) {
      assertEquals(parquet.toString(), f.getString("source"));
      reasonByRow.put(f.getInt64("line"), f.getString("reason"));
    }
    assertEquals(
        Map.of(4033L, "missing_field", 4034L, "non_finite_value", 4035L, "timestamp_out_of_range"),
        reasonByRow);

    // Same readings, same detector: the same (timestamp, value, score) triples from both inputs.
    List<String> parquetScores = new ArrayList<>();
    for (Row r : ParquetFiles.readRows(outParquet.resolve("scores.parquet"))) {
      parquetScores.add(
          r.getDateTime("timestamp").toInstant() + " " + r.getDouble("value") + " " + r.getDouble("score"));
    }
    List<String> csvScores = new ArrayList<>();
    for (String line : Files.readAllLines(outCsv.resolve("scores.jsonl"))) {
      JsonNode s = JSON.readTree(line);
      csvScores.add(s.get("timestamp").asText() + " " + s.get("value").asDouble() + " " + s.get("anomaly_score").asDouble());
    }
    parquetScores.sort(null);
    csvScores.sort(null);
    assertEquals(4032, parquetScores.size());
    assertEquals(csvScores, parquetScores);
    assertEquals(
        fromParquet.get("alerts"), ParquetFiles.readRows(outParquet.resolve("alerts.parquet")).size());
    assertEquals(fromParquet.get("windows_emitted"), ParquetFiles.readRows(outParquet.resolve("window-stats.parquet")).size());
  }

  @Test
  void aDatasetNameReadsTheCachedFile() throws IOException {
    Path rogue = nab("rogue_agent_key_hold");
    Path dataDir = rogue.getParent().getParent().getParent().getParent(); // .../datasets
    Summary summary =
        run("--input=nab:realKnownCause/rogue_agent_key_hold", "--dataDir=" + dataDir, "--output=" + dir.resolve("out"));
    assertTrue(summary.reconciles(), summary.mismatch());
    assertEquals(1882, summary.get("records_read"));
    assertEquals(1882, summary.get("parsed"));
    assertTrue(Files.exists(dir.resolve("out/nab/rogue_agent_key_hold.csv")));

    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> run("--input=nab:realKnownCause/nyc", "--dataDir=" + dataDir, "--output=" + dir.resolve("x")));
    assertTrue(unknown.getMessage().startsWith("--input=nab:realKnownCause/nyc: unknown dataset"), unknown.getMessage());
    IllegalArgumentException format =
        assertThrows(IllegalArgumentException.class, () -> run("--input=" + rogue, "--outputFormat=xml"));
    assertTrue(format.getMessage().contains("--outputFormat=xml is not one of jsonl, parquet"), format.getMessage());
  }

  @Test
  void generatorRecallIsTheSameWithParquetOutput() {
    Summary jsonl = run("--output=" + dir.resolve("jsonl"), "--days=4");
    Summary parquet = run("--output=" + dir.resolve("parquet"), "--days=4", "--outputFormat=parquet");
    assertTrue(parquet.reconciles(), parquet.mismatch());
    assertTrue(jsonl.get("injected_anomalies_alerted") > 0);
    assertEquals(jsonl.get("injected_anomalies_alerted"), parquet.get("injected_anomalies_alerted"));
    assertTrue(Files.exists(dir.resolve("parquet/dead-letter.parquet")), "empty outputs are still written");

    // The scores file is itself valid input: sensor, timestamp and value columns (its own
    // source and line columns are ignored).
    Summary again =
        run("--input=" + dir.resolve("parquet/scores.parquet"), "--output=" + dir.resolve("again"), "--outputFormat=parquet");
    assertTrue(again.reconciles(), again.mismatch());
    assertEquals(parquet.get("readings_scored"), again.get("records_read"));
    assertEquals(parquet.get("readings_scored"), again.get("parsed"));
  }
}
