package io.beamwise.io.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Consumer and producer factories for KafkaIO that add the sensitive {@link ClientProperties}
 * only when the client is created, so they are not part of KafkaIO's configuration maps (which
 * KafkaIO publishes as display data). Kafka's own config log masks password-type values.
 */
final class ClientFactories {

  private ClientFactories() {}

  static SerializableFunction<Map<String, Object>, Consumer<byte[], byte[]>> consumer(
      ClientProperties properties) {
    return new ConsumerFactory(properties);
  }

  static SerializableFunction<Map<String, Object>, Producer<String, String>> producer(
      ClientProperties properties) {
    return new ProducerFactory(properties);
  }

  private static Map<String, Object> merged(Map<String, Object> config, ClientProperties p) {
    Map<String, Object> all = new HashMap<>(config);
    all.putAll(p.sensitive());
    return all;
  }

  private static final class ConsumerFactory
      implements SerializableFunction<Map<String, Object>, Consumer<byte[], byte[]>> {
    private static final long serialVersionUID = 1L;
    private final ClientProperties properties;

    ConsumerFactory(ClientProperties properties) {
      this.properties = properties;
    }

    @Override
    public Consumer<byte[], byte[]> apply(Map<String, Object> config) {
      return new KafkaConsumer<>(merged(config, properties));
    }

    @Override
    public String toString() {
      return "ConsumerFactory{sensitive=" + properties.sensitiveKeys() + "}";
    }
  }

  private static final class ProducerFactory
      implements SerializableFunction<Map<String, Object>, Producer<String, String>> {
    private static final long serialVersionUID = 1L;
    private final ClientProperties properties;

    ProducerFactory(ClientProperties properties) {
      this.properties = properties;
    }

    @Override
    public Producer<String, String> apply(Map<String, Object> config) {
      return new KafkaProducer<>(merged(config, properties));
    }

    @Override
    public String toString() {
      return "ProducerFactory{sensitive=" + properties.sensitiveKeys() + "}";
    }
  }
}
