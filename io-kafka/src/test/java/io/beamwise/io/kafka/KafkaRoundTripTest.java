package io.beamwise.io.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.beamwise.failure.Failure;
import io.beamwise.io.generator.SensorGenerator;
import io.beamwise.testing.kafka.KafkaBrokerExtension;
import io.beamwise.testing.kafka.LocalKafka;
import io.beamwise.parse.ParseResult;
import io.beamwise.parse.ParseSensorReadings;
import io.beamwise.parse.SensorReading;
import io.beamwise.testing.TestPipelineExtension;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** ReadFromKafka and WriteToKafka against a real broker (started if none runs). */
@ExtendWith({KafkaBrokerExtension.class, TestPipelineExtension.class})
class KafkaRoundTripTest {

  @Test
  void recordsBecomeReadingsAtTheirTopicPartitionOffsetAndBadOnesDeadLetters(
      LocalKafka kafka, TestPipeline p) {
    String topic = kafka.createTopic("readings", 2);
    SensorGenerator generator = SensorGenerator.of(7, 3, 3);
    List<Map.Entry<String, byte[]>> records = new ArrayList<>();
    for (long i = 0; i < 60; i++) {
      records.add(entry(generator.sensorOf(i), generator.jsonLine(i)));
    }
    records.add(entry("sensor-01", "not json"));
    records.add(entry("sensor-02", "{\"sensor\":\"sensor-02\",\"value\":1.0}"));
    records.add(entry("sensor-03", "{\"sensor\":\"sensor-03\",\"ts\":\"yesterday\",\"value\":1.0}"));
    records.add(new SimpleEntry<>("sensor-01", new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}));
    records.add(new SimpleEntry<>("sensor-02", null));
    kafka.produceBytes(topic, records);
    // Where each value landed, to check the positions the reader reports.
    Map<String, String> valueAt = new HashMap<>();
    for (ConsumerRecord<String, String> r : kafka.readAll(topic)) {
      valueAt.put("kafka:" + topic + "/" + r.partition() + "@" + r.offset(), r.value());
    }
    assertEquals(65, valueAt.size());

    ParseResult<SensorReading> parsed =
        p.apply(
                ReadFromKafka.from(kafka.bootstrapServers(), List.of(topic))
                    .withMaxRecords(65)
                    .withMaxReadTime(Duration.standardMinutes(2)))
            .apply(ParseSensorReadings.jsonLines(ZoneOffset.UTC));

    PAssert.that(parsed.output())
        .satisfies(
            readings -> {
              int n = 0;
              for (SensorReading r : readings) {
                String value = valueAt.get(r.getSource() + "@" + r.getLine());
                assertEquals(
                    "{\"sensor\":\"" + r.getSensor() + "\",\"ts\":\"" + r.getTimestamp() + "\",\"value\":"
                        + r.getValue() + "}",
                    value,
                    "the reading at " + r.getSource() + "@" + r.getLine());
                n++;
              }
              assertEquals(60, n);
              return null;
            });
    PAssert.that(parsed.failures())
        .satisfies(
            failures -> {
              Map<String, Long> reasons = new TreeMap<>();
              for (Failure f : failures) {
                reasons.merge(f.getReason(), 1L, Long::sum);
                assertEquals(
                    true, valueAt.containsKey(f.getSource() + "@" + f.getLine()), f.toString());
              }
              assertEquals(
                  Map.of(
                      "malformed_json", 1L,
                      "missing_field", 1L,
                      "bad_timestamp", 1L,
                      "invalid_utf8", 1L,
                      "empty_line", 1L),
                  reasons);
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void resultsAreWrittenKeyedSoOneKeyStaysInOnePartitionInOrder(LocalKafka kafka, TestPipeline p) {
    String topic = kafka.createTopic("results", 3);
    List<KV<String, String>> results = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      results.add(KV.of("sensor-0" + (i % 3), "{\"n\":" + i + "}"));
    }
    p.apply(Create.of(results)).apply(WriteToKafka.to(kafka.bootstrapServers(), topic));
    p.run().waitUntilFinish();

    List<ConsumerRecord<String, String>> written = kafka.readAll(topic);
    assertEquals(
        results.stream().map(kv -> kv.getKey() + "=" + kv.getValue()).sorted().collect(Collectors.toList()),
        written.stream().map(r -> r.key() + "=" + r.value()).sorted().collect(Collectors.toList()));
    Map<String, Long> partitionsPerKey =
        written.stream()
            .collect(
                Collectors.groupingBy(
                    ConsumerRecord::key,
                    Collectors.mapping(ConsumerRecord::partition, Collectors.toSet())))
            .entrySet()
            .stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> (long) e.getValue().size()));
    assertEquals(Map.of("sensor-00", 1L, "sensor-01", 1L, "sensor-02", 1L), partitionsPerKey);
  }

  private static Map.Entry<String, byte[]> entry(String key, String value) {
    return new SimpleEntry<>(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
