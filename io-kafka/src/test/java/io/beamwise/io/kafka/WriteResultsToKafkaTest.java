package io.beamwise.io.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.beamwise.anomaly.ScoreAnomalies;
import io.beamwise.anomaly.detectors.RollingZScore;
import io.beamwise.io.files.WriteResultFiles;
import io.beamwise.monitor.MonitorResult;
import io.beamwise.monitor.MonitorResult.Part;
import io.beamwise.monitor.MonitorSensors;
import io.beamwise.parse.EventTime;
import io.beamwise.parse.ParseJson;
import io.beamwise.parse.SourceLine;
import io.beamwise.testing.TestPipelineExtension;
import io.beamwise.testing.kafka.KafkaBrokerExtension;
import io.beamwise.testing.kafka.LocalKafka;
import io.beamwise.windows.WindowSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.Row;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole {@code MonitorResult} written to a real broker (started if none runs): each topic holds
 * the same JSON as {@code WriteResultFiles}' file of that name, keyed by key (dead letters by
 * source), at least once and exactly once; a part left out gets no writer.
 */
@ExtendWith({KafkaBrokerExtension.class, TestPipelineExtension.class})
class WriteResultsToKafkaTest {

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
  void everyPartGoesToItsTopicAsTheFilesJsonKeyedByKey(LocalKafka kafka, TestPipeline p) throws IOException {
    writeAndCompare(kafka, p, "h14b-results-" + UUID.randomUUID().toString().substring(0, 8), false);
  }

  @Test
  void exactlyOnceWritesTheSameRecords(LocalKafka kafka, TestPipeline p) throws IOException {
    writeAndCompare(kafka, p, "h14b-results-eo-" + UUID.randomUUID().toString().substring(0, 8), true);
  }

  @Test
  void exactlyOnceNeedsAGroupAndShardsInRange() {
    WriteResultsToKafka write = WriteResultsToKafka.to("127.0.0.1:9092", "monitor");
    assertThrows(IllegalArgumentException.class, () -> write.withExactlyOnce(" ", 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> write.withExactlyOnce("g", 0));
    assertEquals("shards must be in [1, 1024], got 0", e.getMessage());
    assertEquals("monitor.scores", WriteResultsToKafka.topic("monitor", "scores"));
  }

  @Test
  void partsLeftOutGetNoWriter(TestPipeline p) {
    p.enableAbandonedNodeEnforcement(false); // the graph is inspected, not run
    MonitorResult r = result(p);
    r.apply("To Kafka", WriteResultsToKafka.to("127.0.0.1:9092", "monitor").without(Part.EPISODES)
        .withExactlyOnce("monitor-sink", 1));
    Set<String> writes = new TreeSet<>();
    p.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            String name = node.getFullName();
            if (name.startsWith("To Kafka/Write ") && name.indexOf('/', "To Kafka/".length()) < 0) {
              writes.add(name.substring("To Kafka/".length()));
            }
            return CompositeBehavior.ENTER_TRANSFORM;
          }
        });
    assertEquals(Set.of("Write alerts", "Write dead-letter", "Write scores", "Write window-stats"), writes);
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

  private void writeAndCompare(LocalKafka kafka, TestPipeline p, String prefix, boolean exactlyOnce)
      throws IOException {
    MonitorResult r = result(p);
    WriteResultsToKafka write = WriteResultsToKafka.to(kafka.bootstrapServers(), prefix);
    r.apply(exactlyOnce ? write.withExactlyOnce(prefix + "-sink", 1) : write);
    r.apply(WriteResultFiles.to(dir.toString()));
    p.run().waitUntilFinish();

    int[] counts = {3, 61, 1, 1, 2};
    for (int i = 0; i < WriteResultsToKafka.OUTPUTS.size(); i++) {
      String output = WriteResultsToKafka.OUTPUTS.get(i);
      List<ConsumerRecord<String, String>> records = kafka.readAll(WriteResultsToKafka.topic(prefix, output));
      List<String> expected = sorted(Files.readAllLines(dir.resolve(output + ".jsonl"), StandardCharsets.UTF_8));
      assertEquals(counts[i], expected.size(), output + " in the files");
      assertEquals(expected, sorted(records.stream().map(ConsumerRecord::value).collect(Collectors.toList())), output);
      for (ConsumerRecord<String, String> record : records) {
        String keyedBy = output.equals("dead-letter") ? "\"source\":\"" : "\"device\":\"";
        assertEquals(true, record.value().contains(keyedBy + record.key() + "\""), output + ": " + record.key() + " " + record.value());
      }
    }
  }

  private static List<String> sorted(List<String> lines) {
    List<String> copy = new ArrayList<>(lines);
    copy.sort(null);
    return copy;
  }
}
