package io.beamwise.pipelines.produce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.beamwise.io.generator.GeneratedRecord;
import io.beamwise.io.generator.GeneratorOptions;
import io.beamwise.io.generator.SensorGenerator;
import io.beamwise.io.kafka.ClientProperties;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code produce}: writes the sensor generator's stream, in arrival order and keyed by sensor, to a
 * Kafka topic ({@code --topic}) and/or a JSON Lines file ({@code --file}), like the producer of
 * the Quix Streams tutorial: one plain Kafka producer, every send acknowledged ({@code acks=all},
 * idempotent) before it exits. Prints a JSON summary: records written, malformed among them,
 * partitions and the event-time range. Not a Beam pipeline: order and pacing matter here.
 */
public final class Produce {

  public static final String NAME = "produce";

  private Produce() {}

  /** Parses options, produces, prints the summary. */
  public static void main(String[] args) {
    PipelineOptionsFactory.register(ProduceOptions.class);
    ProduceOptions options =
        PipelineOptionsFactory.fromArgs(args).withValidation().as(ProduceOptions.class);
    Map<String, Object> summary = run(options);
    try {
      System.out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes the records and returns the summary.
   *
   * @throws IllegalArgumentException for invalid options (naming them)
   * @throws IllegalStateException when Kafka does not acknowledge a record (with the cause)
   */
  public static Map<String, Object> run(ProduceOptions o) {
    String topic = blankToNull(o.getTopic());
    String file = blankToNull(o.getFile());
    if (topic == null && file == null) {
      throw new IllegalArgumentException("give --topic=NAME (Kafka) and/or --file=PATH (JSON Lines)");
    }
    if (o.getRate() < 0 || Double.isNaN(o.getRate())) {
      throw new IllegalArgumentException("--rate must be >= 0 (0 = as fast as possible), got " + o.getRate());
    }
    GeneratorRecords records;
    try {
      records = new GeneratorRecords(SensorGenerator.of(GeneratorOptions.toConfig(o)), o.getMaxRecords());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--maxRecords: " + e.getMessage(), e);
    }

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("records", records.size());
    summary.put("malformed", records.malformedCount());
    summary.put("first_arrival_slot", records.record(0).arrivalSlot().toString());
    summary.put("last_arrival_slot", records.record(records.size() - 1).arrivalSlot().toString());
    long started = System.nanoTime();
    if (file != null) {
      writeFile(records, Paths.get(file));
      summary.put("file", file);
    }
    if (topic != null) {
      Map<Integer, Long> perPartition = writeKafka(records, o, topic, started);
      summary.put("topic", topic);
      summary.put("bootstrap_servers", o.getBootstrapServers());
      summary.put("records_per_partition", perPartition);
    }
    summary.put("seconds", Math.round((System.nanoTime() - started) / 1e7) / 100.0);
    return summary;
  }

  private static void writeFile(GeneratorRecords records, Path file) {
    try {
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        for (long i = 0; i < records.size(); i++) {
          w.write(records.record(i).json());
          w.write('\n');
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("--file=" + file + " cannot be written: " + e, e);
    }
  }

  private static Map<Integer, Long> writeKafka(
      GeneratorRecords records, ProduceOptions o, String topic, long started) {
    ClientProperties properties =
        o.getKafkaConfig() == null || o.getKafkaConfig().isBlank()
            ? ClientProperties.empty()
            : ClientProperties.fromFile(Paths.get(o.getKafkaConfig()));
    Map<String, Object> config = new HashMap<>(properties.plain());
    config.putAll(properties.sensitiveForClient());
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, o.getBootstrapServers());
    config.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    config.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    // One batch in flight per connection: a retry can never overtake the batch before it. With
    // the default 5, a retry right after topic creation sometimes met OutOfOrderSequenceException
    // on the broker forever (seen here with Kafka 3.9).
    config.putIfAbsent(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    Map<Integer, Long> perPartition = new java.util.TreeMap<>();
    double rate = o.getRate();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      List<Future<RecordMetadata>> pending = new ArrayList<>();
      for (long i = 0; i < records.size(); i++) {
        if (rate > 0) {
          pace(started, i, rate);
        }
        GeneratedRecord record = records.record(i);
        pending.add(producer.send(new ProducerRecord<>(topic, record.key(), record.json())));
        if (pending.size() >= 10_000) {
          await(pending, perPartition, topic);
        }
      }
      await(pending, perPartition, topic);
    }
    return perPartition;
  }

  private static void await(List<Future<RecordMetadata>> pending, Map<Integer, Long> perPartition, String topic) {
    try {
      for (Future<RecordMetadata> f : pending) {
        perPartition.merge(f.get(120, TimeUnit.SECONDS).partition(), 1L, Long::sum);
      }
      pending.clear();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka did not acknowledge a record for topic " + topic + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing to " + topic, e);
    }
  }

  /** Sleeps until record {@code i} is due at {@code rate} records per second. */
  private static void pace(long started, long i, double rate) {
    long dueNanos = started + (long) (i / rate * 1e9);
    long wait = dueNanos - System.nanoTime();
    if (wait > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
