package io.beamwise.pipelines.sensormonitor;

import io.beamwise.io.kafka.ClientProperties;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Checks made before {@code sensor-monitor} builds a Kafka job, so that misuse ends at once with
 * one line naming the option and the fix ({@link IllegalArgumentException}, exit 2) instead of
 * minutes of client retries: the broker answers within {@link #TIMEOUT_SECONDS} s, the input
 * topics exist, and the exactly-once sink groups of a new job hold no other job's progress.
 */
final class KafkaPreflight implements AutoCloseable {

  /** How long the broker has to answer (the whole refusal, JVM start included, stays under 10 s). */
  static final int TIMEOUT_SECONDS = 8;

  private final String option;
  private final String bootstrapServers;
  private final Admin admin;

  private KafkaPreflight(String option, String bootstrapServers, ClientProperties properties) {
    this.option = option;
    this.bootstrapServers = bootstrapServers;
    Map<String, Object> config = new HashMap<>(properties.plain());
    config.putAll(properties.sensitiveForClient());
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    int ms = TIMEOUT_SECONDS * 1000;
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    this.admin = Admin.create(config);
  }

  /**
   * Connects to the brokers of {@code option} ({@code --input} or {@code --kafkaOutput}).
   *
   * @throws IllegalArgumentException when no broker answers within the timeout
   */
  static KafkaPreflight connect(String option, String bootstrapServers, ClientProperties properties) {
    KafkaPreflight check = new KafkaPreflight(option, bootstrapServers, properties);
    try {
      check.admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      check.close();
      throw new IllegalArgumentException(
          option + ": no Kafka broker answers at " + bootstrapServers + " within " + TIMEOUT_SECONDS
              + " s" + (timedOut(e) ? "" : " (" + rootMessage(e) + ")")
              + "; start one (scripts/kafka start) or correct the address");
    } catch (InterruptedException e) {
      check.close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while connecting to " + bootstrapServers, e);
    }
    return check;
  }

  /** @throws IllegalArgumentException naming the topics that do not exist */
  void requireTopics(Collection<String> topics) {
    Set<String> existing;
    try {
      existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalArgumentException(
          option + ": cannot list the topics at " + bootstrapServers + ": " + rootMessage(e));
    }
    List<String> missing = topics.stream().filter(t -> !existing.contains(t)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          option + ": no topic " + String.join(", ", missing) + " at " + bootstrapServers
              + "; create it first (e.g. scripts/kafka create-topic " + missing.get(0) + " 3)");
    }
  }

  /**
   * For a new job (not resumed from a savepoint), each exactly-once sink group must be unused:
   * KafkaIO's sink refuses, only once records flow, a group holding another job's progress.
   *
   * @throws IllegalArgumentException naming the group and the ways out
   */
  void requireUnusedSinkGroups(Collection<String> groups, Optional<String> resumedFrom) {
    if (resumedFrom.isPresent()) {
      return; // the restored writers carry on with their own progress
    }
    for (String group : groups) {
      Map<TopicPartition, OffsetAndMetadata> committed;
      try {
        committed =
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalArgumentException(
            option + ": cannot read the consumer group " + group + ": " + rootMessage(e));
      }
      if (committed != null && !committed.isEmpty()) {
        throw new IllegalArgumentException(
            option + ": the exactly-once sink group " + group + " holds the progress of an earlier"
                + " job; resume that job with --savepointPath, or give this new job its own group"
                + " with --kafkaSinkGroupId=NAME (or --kafkaOutput to a new prefix)");
      }
    }
  }

  /** Our wait ran out, or the client's own (under load it can give up first): both mean no answer. */
  private static boolean timedOut(Exception e) {
    return e instanceof TimeoutException
        || e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  @Override
  public void close() {
    admin.close(java.time.Duration.ofSeconds(2));
  }
}
