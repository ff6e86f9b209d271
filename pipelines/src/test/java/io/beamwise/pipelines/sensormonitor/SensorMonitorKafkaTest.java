package io.beamwise.pipelines.sensormonitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beamwise.io.generator.GeneratedRecord;
import io.beamwise.io.generator.GeneratorConfig;
import io.beamwise.io.generator.SensorGenerator;
import io.beamwise.testing.kafka.KafkaBrokerExtension;
import io.beamwise.testing.kafka.LocalKafka;
import io.beamwise.pipelines.produce.GeneratorRecords;
import io.beamwise.pipelines.produce.Produce;
import io.beamwise.pipelines.produce.ProduceOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code produce} → Kafka → {@code sensor-monitor --input=kafka://...} → result topics, on a real
 * broker: every record produced comes out as a score or a dead letter, on the topics and in the
 * files alike.
 */
@ExtendWith(KafkaBrokerExtension.class)
class SensorMonitorKafkaTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void producedStreamIsScoredFromTheTopicAndMalformedRecordsReachTheDeadLetterTopic(LocalKafka kafka)
      throws IOException {
    String input = kafka.createTopic("readings", 3);
    String prefix = "monitor-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> produced =
        Produce.run(
            PipelineOptionsFactory.fromArgs(
                    "--topic=" + input, "--bootstrapServers=" + kafka.bootstrapServers(),
                    "--seed=42", "--sensors=3", "--days=3", "--malformedFraction=0.02")
                .as(ProduceOptions.class));
    SensorGenerator generator =
        SensorGenerator.of(GeneratorConfig.defaults().withSeed(42).withSensors(3).withDays(3).withMalformedFraction(0.02));
    GeneratorRecords expected = new GeneratorRecords(generator, null);
    long n = expected.size();
    long malformed = expected.malformedCount();
    assertEquals(n, ((Number) produced.get("records")).longValue());

    Path out = dir.resolve("out");
    Summary summary =
        SensorMonitor.runAndSummarize(
            PipelineOptionsFactory.fromArgs(
                    "--input=" + kafka.uri(input),
                    "--maxRecords=" + n,
                    "--maxReadTime=5m", // a safety net: fewer records than expected fails below
                    "--output=" + out,
                    "--kafkaOutput=" + kafka.uri(prefix))
                .as(SensorMonitorOptions.class));

    assertTrue(summary.reconciles(), summary.mismatch());
    assertEquals(n, summary.get("records_read"));
    assertEquals(n - malformed, summary.get("parsed"));
    assertEquals(malformed, summary.get("dead_lettered"));

    // The input as it is on the broker: position -> value.
    Map<String, String> valueAt = new HashMap<>();
    for (ConsumerRecord<String, String> r : kafka.readAll(input)) {
      valueAt.put("kafka:" + input + "/" + r.partition() + "#" + r.offset(), r.value());
    }

    List<ConsumerRecord<String, String>> deadLetters = kafka.readAll(prefix + ".dead-letter");
    List<ConsumerRecord<String, String>> scores = kafka.readAll(prefix + ".scores");
    assertEquals(n, scores.size() + deadLetters.size(), "N in == scores out + dead letters");
    assertEquals(malformed, deadLetters.size());

    Map<String, Integer> reasons = new TreeMap<>();
    for (ConsumerRecord<String, String> r : deadLetters) {
      JsonNode f = JSON.readTree(r.value());
      assertEquals("parse", f.get("stage").asText());
      String position = f.get("source").asText() + "#" + f.get("line").asLong();
      assertEquals(valueAt.get(position), f.get("payload").asText(), "payload of " + position);
      assertEquals(f.get("source").asText(), r.key());
      reasons.merge(f.get("reason").asText(), 1, Integer::sum);
    }
    Map<String, Integer> expectedReasons = new TreeMap<>();
    for (long i = 0; i < n; i++) {
      GeneratedRecord record = expected.record(i);
      if (record.fate() == GeneratedRecord.Fate.MALFORMED) {
        expectedReasons.merge(record.malformedShape().parseReason(), 1, Integer::sum);
      }
    }
    assertEquals(expectedReasons, reasons);

    // Every well-formed reading is scored once, under its sensor's key, at its source position.
    Set<String> expectedReadings = new HashSet<>();
    for (long i = 0; i < n; i++) {
      GeneratedRecord record = expected.record(i);
      if (record.fate() != GeneratedRecord.Fate.MALFORMED) {
        expectedReadings.add(record.sensor() + "@" + record.eventTime() + "=" + record.reading());
      }
    }
    Set<String> scoredReadings = new HashSet<>();
    for (ConsumerRecord<String, String> r : scores) {
      JsonNode s = JSON.readTree(r.value());
      assertEquals(s.get("sensor").asText(), r.key());
      String position = s.get("source").asText() + "#" + s.get("line").asLong();
      assertTrue(valueAt.get(position).contains("\"ts\":\"" + s.get("timestamp").asText() + "\""), position);
      scoredReadings.add(s.get("sensor").asText() + "@" + s.get("timestamp").asText() + "=" + s.get("value").asDouble());
    }
    assertEquals(expectedReadings, scoredReadings);

    // Window stats: 3 sensors x 72 hourly windows holding every parsed reading.
    List<ConsumerRecord<String, String>> stats = kafka.readAll(prefix + ".window-stats");
    assertEquals(3 * 72, stats.size());
    long inWindows = 0;
    for (ConsumerRecord<String, String> r : stats) {
      JsonNode w = JSON.readTree(r.value());
      assertEquals(w.get("sensor").asText(), r.key());
      inWindows += w.get("count").asLong();
    }
    assertEquals(n - malformed, inWindows);

    // The topics hold exactly what the files hold.
    assertEquals(sorted(Files.readAllLines(out.resolve("scores.jsonl"))), sortedValues(scores));
    assertEquals(sorted(Files.readAllLines(out.resolve("window-stats.jsonl"))), sortedValues(stats));
    assertEquals(
        sorted(Files.readAllLines(out.resolve("alerts.jsonl"))), sortedValues(kafka.readAll(prefix + ".alerts")));
    assertEquals(summary.get("alerts"), kafka.readAll(prefix + ".alerts").size());
    assertEquals(malformed, Files.readAllLines(out.resolve("dead-letter.jsonl")).size());
  }

  @Test
  void unboundedInputStreamsEveryRecordToTheOutputTopicsOnceIdlePartitionsReleaseTheWatermark(
      LocalKafka kafka) throws Exception {
    String input = kafka.createTopic("live-readings", 3);
    String prefix = "live-" + UUID.randomUUID().toString().substring(0, 8);
    Produce.run(
        PipelineOptionsFactory.fromArgs(
                "--topic=" + input, "--bootstrapServers=" + kafka.bootstrapServers(),
                "--sensors=3", "--days=3", "--malformedFraction=0.01")
            .as(ProduceOptions.class));
    GeneratorRecords expected =
        new GeneratorRecords(
            SensorGenerator.of(
                GeneratorConfig.defaults().withSeed(42).withSensors(3).withDays(3).withMalformedFraction(0.01)),
            null);

    SensorMonitorOptions options =
        PipelineOptionsFactory.fromArgs(
                "--input=" + kafka.uri(input),
                "--kafkaOutput=" + kafka.uri(prefix),
                "--kafkaIdleTimeout=5s",
                "--blockOnRun=false")
            .as(SensorMonitorOptions.class);
    SensorMonitor.Settings settings = SensorMonitor.Settings.from(options);
    options.as(org.apache.beam.sdk.options.StreamingOptions.class).setStreaming(true);
    org.apache.beam.sdk.Pipeline pipeline = org.apache.beam.sdk.Pipeline.create(options);
    SensorMonitor.build(pipeline, settings);
    org.apache.beam.sdk.PipelineResult result = pipeline.run();
    long scores = 0;
    long deadLetters = 0;
    try {
      // Unbounded: poll the output topics until everything is out (or give up after 5 minutes;
      // then the counts below fail).
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(5);
      while (System.nanoTime() < deadline && scores + deadLetters < expected.size()) {
        result.waitUntilFinish(org.joda.time.Duration.standardSeconds(5));
        scores = kafka.readAll(prefix + ".scores").size();
        deadLetters = kafka.readAll(prefix + ".dead-letter").size();
      }
    } finally {
      result.cancel();
    }
    assertEquals(expected.malformedCount(), deadLetters);
    assertEquals(expected.size() - expected.malformedCount(), scores);
    long inWindows = 0;
    for (ConsumerRecord<String, String> r : kafka.readAll(prefix + ".window-stats")) {
      inWindows += JSON.readTree(r.value()).get("count").asLong();
    }
    assertEquals(expected.size() - expected.malformedCount(), inWindows);
  }

  @Test
  void aSecondRunInTheSameConsumerGroupStartsWhereTheFirstCommitted(LocalKafka kafka)
      throws IOException {
    String input = kafka.createTopic("grouped", 1);
    Produce.run(
        PipelineOptionsFactory.fromArgs(
                "--topic=" + input, "--bootstrapServers=" + kafka.bootstrapServers(),
                "--sensors=2", "--days=1")
            .as(ProduceOptions.class));
    int n = 2 * 288;
    int first = 200;
    String group = "monitor-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> positions = new ArrayList<>();
    for (int[] run : new int[][] {{1, first}, {2, n - first}}) {
      Path out = dir.resolve("group-run-" + run[0]);
      Summary summary =
          SensorMonitor.runAndSummarize(
              PipelineOptionsFactory.fromArgs(
                      "--input=" + kafka.uri(input),
                      "--kafkaGroupId=" + group,
                      "--maxRecords=" + run[1],
                      "--maxReadTime=2m",
                      "--output=" + out)
                  .as(SensorMonitorOptions.class));
      assertTrue(summary.reconciles(), summary.mismatch());
      assertEquals(run[1], summary.get("records_read"), "records read by run " + run[0]);
      for (String line : Files.readAllLines(out.resolve("scores.jsonl"))) {
        positions.add(JSON.readTree(line).get("line").asText());
      }
    }
    // Each offset of the topic read exactly once over the two runs: the second run started at
    // the offsets the first committed, not at the earliest ones.
    assertEquals(n, positions.size());
    assertEquals(n, new HashSet<>(positions).size(), "an offset was read twice");
  }

  @Test
  void groupIdOptionMustAgreeWithKafkaConfig(LocalKafka kafka) throws IOException {
    Path config = dir.resolve("client.properties");
    Files.writeString(config, "group.id=alpha\n");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SensorMonitor.runAndSummarize(
                    PipelineOptionsFactory.fromArgs(
                            "--input=" + kafka.uri("x"), "--maxRecords=1",
                            "--kafkaConfig=" + config, "--kafkaGroupId=beta")
                        .as(SensorMonitorOptions.class)));
    assertTrue(e.getMessage().contains("--kafkaGroupId=beta differs from group.id=alpha"), e.getMessage());
  }

  @Test
  void unboundedKafkaInputNeedsKafkaOutputAndOptionsAreValidated(LocalKafka kafka) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SensorMonitor.runAndSummarize(
                    PipelineOptionsFactory.fromArgs("--input=" + kafka.uri("x"), "--output=" + dir)
                        .as(SensorMonitorOptions.class)));
    assertTrue(e.getMessage().contains("--kafkaOutput"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SensorMonitor.runAndSummarize(
                    PipelineOptionsFactory.fromArgs("--input=kafka://127.0.0.1/x", "--maxRecords=1")
                        .as(SensorMonitorOptions.class)));
    assertTrue(e.getMessage().startsWith("--input:"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SensorMonitor.runAndSummarize(
                    PipelineOptionsFactory.fromArgs(
                            "--input=" + kafka.uri("x"), "--maxRecords=1", "--maxOutOfOrderness=soon")
                        .as(SensorMonitorOptions.class)));
    assertTrue(e.getMessage().contains("--maxOutOfOrderness"), e.getMessage());
  }

  private static List<String> sorted(List<String> lines) {
    List<String> copy = new ArrayList<>(lines);
    copy.sort(null);
    return copy;
  }

  private static List<String> sortedValues(List<ConsumerRecord<String, String>> records) {
    return records.stream().map(ConsumerRecord::value).sorted().collect(Collectors.toList());
  }
}
