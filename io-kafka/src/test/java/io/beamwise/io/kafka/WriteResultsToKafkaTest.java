package io.beamwise.io.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.beamwise.io.files.WriteResultFiles;
import io.beamwise.monitor.MonitorResult;
import io.beamwise.monitor.MonitorResult.Part;
import io.beamwise.monitor.SampleMonitorResult;
import io.beamwise.testing.TestPipelineExtension;
import io.beamwise.testing.kafka.KafkaBrokerExtension;
import io.beamwise.testing.kafka.LocalKafka;
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
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
    MonitorResult r = SampleMonitorResult.in(p);
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

  private void writeAndCompare(LocalKafka kafka, TestPipeline p, String prefix, boolean exactlyOnce)
      throws IOException {
    MonitorResult r = SampleMonitorResult.in(p);
    WriteResultsToKafka write = WriteResultsToKafka.to(kafka.bootstrapServers(), prefix);
    r.apply(exactlyOnce ? write.withExactlyOnce(prefix + "-sink", 1) : write);
    r.apply(WriteResultFiles.to(dir.toString()));
    p.run().waitUntilFinish();

    for (Part part : Part.values()) {
      String output = part.outputName();
      List<ConsumerRecord<String, String>> records = kafka.readAll(WriteResultsToKafka.topic(prefix, output));
      List<String> expected = sorted(Files.readAllLines(dir.resolve(output + ".jsonl"), StandardCharsets.UTF_8));
      assertEquals(SampleMonitorResult.SIZES.get(part), expected.size(), output + " in the files");
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
