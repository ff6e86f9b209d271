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
import org.checkerframework.checker.nullness.qual.Nullable;

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
 *
 * <p>Delivery: at least once by default (a retried bundle writes its records again). {@link
 * #withExactlyOnce} writes through Kafka transactions ({@link ExactlyOnceKafkaSink}: one
 * transaction per shard per bundle), so that consumers with {@code isolation.level=read_committed}
 * see each record once, even when the runner retries or restores from a checkpoint; the records of
 * one key keep their order. Its costs: records reach the topic only when the runner's checkpoint
 * completes (on Flink: every {@code --checkpointingInterval}) and one extra shuffle. Needs a
 * runner with {@code @RequiresStableInput} (Flink with checkpointing, Dataflow, Direct).
 */
public final class WriteToKafka extends PTransform<PCollection<KV<String, String>>, PDone> {

  public static final String METRICS_NAMESPACE = "beamwise.io";

  private final String bootstrapServers;
  private final String topic;
  private final ClientProperties producerProperties;
  private final @Nullable String sinkGroupId;
  private final int shards;

  private WriteToKafka(
      String bootstrapServers,
      String topic,
      ClientProperties producerProperties,
      @Nullable String sinkGroupId,
      int shards) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.producerProperties = producerProperties;
    this.sinkGroupId = sinkGroupId;
    this.shards = shards;
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
    return new WriteToKafka(bootstrapServers, topic, ClientProperties.empty(), null, 0);
  }

  /** Producer properties passed to the Kafka producer (security settings included). */
  public WriteToKafka withProducerProperties(ClientProperties properties) {
    checkArgument(properties != null, "producer properties must not be null");
    return new WriteToKafka(bootstrapServers, topic, properties, sinkGroupId, shards);
  }

  /**
   * Writes exactly once through Kafka transactions (see the class comment). {@code sinkGroupId}
   * names the consumer group under which the sink commits its progress with each transaction: a
   * job resumed from a savepoint or checkpoint must use the same one, a new job a new one (the sink
   * refuses a group that holds another job's progress). {@code shards}: transactional writers, in
   * [1, 1024]; the topic needs at least as many partitions.
   *
   * @throws IllegalArgumentException for a blank group or a shard count out of range
   */
  public WriteToKafka withExactlyOnce(String sinkGroupId, int shards) {
    checkArgument(
        sinkGroupId != null && !sinkGroupId.isBlank(),
        "sinkGroupId must be a non-blank consumer group name, got '%s'",
        sinkGroupId);
    checkArgument(shards >= 1 && shards <= 1024, "shards must be in [1, 1024], got %s", shards);
    return new WriteToKafka(bootstrapServers, topic, producerProperties, sinkGroupId, shards);
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
    PCollection<KV<String, String>> counted = input.apply("Count", ParDo.of(new CountFn(topic)));
    if (sinkGroupId != null) {
      config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      return counted.apply(
          "Exactly once",
          new ExactlyOnceKafkaSink(topic, sinkGroupId, shards, config, producerProperties));
    }
    return counted.apply(
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
        .add(DisplayData.item("exactlyOnce", sinkGroupId != null))
        .addIfNotNull(DisplayData.item("sinkGroupId", sinkGroupId))
        .add(DisplayData.item("sensitiveProperties", String.join(",", producerProperties.sensitiveKeys())));
  }
}
