package io.beamwise.testing.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A running Kafka broker for tests (see {@link KafkaBrokerExtension}): creates uniquely named
 * topics, writes records, and reads a topic completely (up to its end offsets at the time of the
 * call, so the result does not depend on timing).
 */
public final class LocalKafka {

  private static final long CALL_TIMEOUT_S = 60;

  private final String bootstrapServers;

  LocalKafka(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  /** {@code host:port}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** {@code kafka://host:port/topic}. */
  public String uri(String topic) {
    return "kafka://" + bootstrapServers + "/" + topic;
  }

  /** Creates a topic named {@code prefix-<random>} with {@code partitions} partitions. */
  public String createTopic(String prefix, int partitions) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
          .all()
          .get(CALL_TIMEOUT_S, TimeUnit.SECONDS);
      // Creation returns before every partition has a leader; writing earlier means retries.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CALL_TIMEOUT_S);
      while (!allPartitionsLed(admin, name, partitions)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("topic " + name + " has partitions without a leader");
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topic " + name + " on " + bootstrapServers, e);
    }
    return name;
  }

  private static boolean allPartitionsLed(Admin admin, String topic, int partitions)
      throws InterruptedException, ExecutionException, TimeoutException {
    try {
      var description =
          admin.describeTopics(List.of(topic)).allTopicNames().get(CALL_TIMEOUT_S, TimeUnit.SECONDS).get(topic);
      return description.partitions().size() == partitions
          && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
    } catch (ExecutionException e) {
      return false; // not known to the broker yet
    }
  }

  /**
   * Writes {@code (key, value)} string records in list order and waits for every ack; a null key
   * lets Kafka choose the partition, a null value is a tombstone.
   */
  public void produce(String topic, List<Map.Entry<String, String>> records) {
    List<Map.Entry<String, byte[]>> bytes = new ArrayList<>();
    for (Map.Entry<String, String> e : records) {
      byte[] value = e.getValue() == null ? null : e.getValue().getBytes(StandardCharsets.UTF_8);
      bytes.add(new AbstractMap.SimpleEntry<>(e.getKey(), value));
    }
    produceBytes(topic, bytes);
  }

  /** Writes raw values (e.g. invalid UTF-8, or null) under string keys; waits for every ack. */
  public void produceBytes(String topic, List<Map.Entry<String, byte[]>> records) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
      for (Map.Entry<String, byte[]> r : records) {
        acks.add(producer.send(new ProducerRecord<>(topic, r.getKey(), r.getValue())));
      }
      for (java.util.concurrent.Future<?> ack : acks) {
        ack.get(CALL_TIMEOUT_S, TimeUnit.SECONDS);
      }
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot write to topic " + topic, e);
    }
  }

  /**
   * Every record of {@code topic} from the beginning up to its current end offsets, in partition
   * then offset order, keys and values as UTF-8 strings.
   */
  public List<ConsumerRecord<String, String>> readAll(String topic) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(CALL_TIMEOUT_S)).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .sorted(java.util.Comparator.comparingInt(TopicPartition::partition))
              .collect(Collectors.toList());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(CALL_TIMEOUT_S));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CALL_TIMEOUT_S);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("reading " + topic + " did not reach its end offsets " + end);
        }
        consumer.poll(Duration.ofMillis(500)).forEach(out::add);
      }
    }
    out.sort(
        java.util.Comparator.<ConsumerRecord<String, String>>comparingInt(ConsumerRecord::partition)
            .thenComparingLong(ConsumerRecord::offset));
    return out;
  }

  /** True when a broker answers at {@code bootstrapServers} within {@code timeout}. */
  static boolean answers(String bootstrapServers, Duration timeout) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    try (Admin admin = Admin.create(p)) {
      admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private Admin admin() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return Admin.create(p);
  }

}
