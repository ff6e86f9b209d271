package io.beamwise.io.kafka;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes {@code KV<key, value>} strings (e.g. a sensor id and a JSON result) as Kafka records to
 * one topic, key and value UTF-8 encoded. Records with the same key go to the same partition, so
 * each sensor's results stay in order there. Shape: {@code PCollection<KV<String, String>> →
 * PDone}.
 *
 * <p>The Kafka record timestamp is the time of writing (Kafka's default), not the event time: old
 * event times would make the broker's time-based retention delete the records at once. Producer
 * defaults: {@code acks=all}, idempotence on. Producer properties pass through as for {@link
 * ReadFromKafka} (sensitive ones never shown). Metrics: {@code beamwise.io/kafka_written_<topic>}.
 * A record the broker rejects fails the bundle (KafkaIO's behaviour), so nothing is lost silently.
 */
public final class WriteToKafka extends PTransform<PCollection<KV<String, String>>, PDone> {

  public static final String METRICS_NAMESPACE = "beamwise.io";

  private final String bootstrapServers;
  private final String topic;
  private final ClientProperties producerProperties;

  private WriteToKafka(String bootstrapServers, String topic, ClientProperties producerProperties) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.producerProperties = producerProperties;
  }

  /**
   * Writes to {@code topic} on the brokers at {@code bootstrapServers}.
   *
   * @throws IllegalArgumentException if either is blank
   */
  public static WriteToKafka to(String bootstrapServers, String topic) {
    checkArgument(
        bootstrapServers != null && !bootstrapServers.isBlank(),
        "bootstrapServers must be host:port[,host:port...], got '%s'",
        bootstrapServers);
    checkArgument(topic != null && !topic.isBlank(), "topic must be a non-blank name, got '%s'", topic);
    return new WriteToKafka(bootstrapServers, topic, ClientProperties.empty());
  }

  /** Producer properties passed to the Kafka producer (security settings included). */
  public WriteToKafka withProducerProperties(ClientProperties properties) {
    checkArgument(properties != null, "producer properties must not be null");
    return new WriteToKafka(bootstrapServers, topic, properties);
  }

  /** The counter name of the records written to {@code topic}. */
  public static String writtenCounter(String topic) {
    return "kafka_written_" + topic;
  }

  @Override
  public PDone expand(PCollection<KV<String, String>> input) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.putAll(producerProperties.plain());
    return input
        .apply("Count", ParDo.of(new CountFn(topic)))
        .apply(
            "KafkaIO",
            KafkaIO.<String, String>write()
                .withBootstrapServers(bootstrapServers)
                .withTopic(topic)
                .withKeySerializer(StringSerializer.class)
                .withValueSerializer(StringSerializer.class)
                .withProducerConfigUpdates(config)
                .withProducerFactoryFn(ClientFactories.producer(producerProperties)));
  }

  private static final class CountFn extends DoFn<KV<String, String>, KV<String, String>> {
    private final Counter written;

    CountFn(String topic) {
      this.written = Metrics.counter(METRICS_NAMESPACE, writtenCounter(topic));
    }

    @ProcessElement
    public void process(@Element KV<String, String> kv, OutputReceiver<KV<String, String>> out) {
      written.inc();
      out.output(kv);
    }
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("bootstrapServers", bootstrapServers))
        .add(DisplayData.item("topic", topic))
        .add(DisplayData.item("sensitiveProperties", String.join(",", producerProperties.sensitiveKeys())));
  }
}
