package io.beamwise.pipelines.sensormonitor;

import io.beamwise.io.kafka.ClientProperties;
import io.beamwise.io.kafka.KafkaUri;
import io.beamwise.io.kafka.WriteResultsToKafka;
import io.beamwise.io.kafka.WriteToKafka;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * {@code --kafkaOutput=kafka://HOST:PORT/PREFIX}: where {@link WriteResultsToKafka} writes the
 * results of {@code sensor-monitor} ({@link #sink}), as JSON record values (the same text as the {@code .jsonl} files) in five topics: {@code
 * PREFIX.window-stats}, {@code PREFIX.scores}, {@code PREFIX.alerts}, {@code PREFIX.episodes}
 * keyed by sensor, and {@code
 * PREFIX.dead-letter} keyed by the failed record's source ({@code kafka:<topic>/<partition>} or a
 * file).
 *
 * <p>Exactly once ({@link #exactlyOnce}, the default for unbounded input): each topic is written
 * through Kafka transactions, with the writers' progress committed under the consumer group
 * {@code SINK_GROUP.<output>}; read the topics with {@code isolation.level=read_committed}.
 */
final class KafkaOutputs implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String bootstrapServers;
  private final String prefix;
  private final ClientProperties properties;
  /** Base of the exactly-once sink groups, or null for at-least-once writes. */
  private final String sinkGroup;

  /** {@code kafka://HOST:PORT/PREFIX}: where the results go, without client properties. */
  String prefix() {
    return "kafka://" + bootstrapServers + "/" + prefix;
  }

  private KafkaOutputs(
      String bootstrapServers, String prefix, ClientProperties properties, String sinkGroup) {
    this.bootstrapServers = bootstrapServers;
    this.prefix = prefix;
    this.properties = properties;
    this.sinkGroup = sinkGroup;
  }

  /**
   * These outputs written exactly once, with the writers' progress under {@code sinkGroup.<output>}
   * ({@code --kafkaSinkGroupId}; default {@code beamwise-sink.PREFIX}).
   */
  KafkaOutputs exactlyOnce(String sinkGroup) {
    String group = sinkGroup == null || sinkGroup.isBlank() ? "beamwise-sink." + prefix : sinkGroup.trim();
    return new KafkaOutputs(bootstrapServers, prefix, properties, group);
  }

  /** The consumer group of one output's exactly-once writer, or empty for at-least-once. */
  java.util.Optional<String> sinkGroup(String output) {
    return sinkGroup == null ? java.util.Optional.empty() : java.util.Optional.of(sinkGroup + "." + output);
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  ClientProperties properties() {
    return properties;
  }

  /**
   * The outputs of {@code --kafkaOutput}, or null when it is not set.
   *
   * @throws IllegalArgumentException when it is not {@code kafka://HOST:PORT/PREFIX}
   */
  static KafkaOutputs from(SensorMonitorKafkaOptions o) {
    String text = o.getKafkaOutput();
    if (text == null || text.isBlank()) {
      return null;
    }
    KafkaUri uri;
    try {
      uri = KafkaUri.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--kafkaOutput: " + e.getMessage(), e);
    }
    if (uri.topics().size() != 1) {
      throw new IllegalArgumentException(
          "--kafkaOutput=" + text + ": give one topic prefix, e.g. kafka://127.0.0.1:9092/sensor-monitor");
    }
    return new KafkaOutputs(
        uri.bootstrapServers(), uri.topics().get(0), KafkaInput.clientProperties(o), null);
  }

  /** The full topic name of one output, e.g. {@code sensor-monitor.scores}. */
  String topic(String output) {
    return WriteResultsToKafka.topic(prefix, output);
  }

  List<String> topics() {
    return outputs().stream().map(this::topic).toList();
  }

  static List<String> outputs() {
    return WriteResultsToKafka.OUTPUTS;
  }

  /**
   * The library's writer of a whole result to these topics, with these client properties, exactly
   * once (one transactional writer per topic) when {@link #exactlyOnce} was called.
   */
  WriteResultsToKafka sink() {
    WriteResultsToKafka write =
        WriteResultsToKafka.to(bootstrapServers, prefix).withProducerProperties(properties);
    return sinkGroup == null ? write : write.withExactlyOnce(sinkGroup, 1);
  }

  /** Records written per topic, from the run's metrics, for the summary. */
  Map<String, Long> written(PipelineResult result) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String topic : topics()) {
      long n = 0;
      for (MetricResult<Long> c :
          result
              .metrics()
              .queryMetrics(
                  MetricsFilter.builder()
                      .addNameFilter(
                          MetricNameFilter.named(
                              WriteToKafka.METRICS_NAMESPACE, WriteToKafka.writtenCounter(topic)))
                      .build())
              .getCounters()) {
        Long v;
        try {
          v = c.getCommittedOrNull() != null ? c.getCommittedOrNull() : c.getAttempted();
        } catch (UnsupportedOperationException e) {
          v = c.getAttempted();
        }
        n += v == null ? 0 : v;
      }
      counts.put(topic, n);
    }
    return counts;
  }
}
