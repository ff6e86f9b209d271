package io.beamwise.pipelines.sensormonitor;

import io.beamwise.io.kafka.ClientProperties;
import io.beamwise.io.kafka.KafkaEventTime;
import io.beamwise.io.kafka.KafkaUri;
import io.beamwise.io.kafka.ReadFromKafka;
import io.beamwise.parse.EventTime;
import io.beamwise.windows.Durations;
import java.io.Serializable;
import java.nio.file.Paths;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import org.joda.time.Duration;

/**
 * {@code --input=kafka://HOST:PORT/TOPIC[,TOPIC]} of {@code sensor-monitor}: JSON Lines sensor
 * readings as record values, event time from their {@code ts} field, bounded by {@code
 * --maxRecords} / {@code --maxReadTime} or unbounded (streaming).
 */
final class KafkaInput implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final String GROUP_ID = "group.id";

  final KafkaUri uri;
  private final ReadFromKafka read;
  final boolean bounded;

  private KafkaInput(KafkaUri uri, ReadFromKafka read, boolean bounded) {
    this.uri = uri;
    this.read = read;
    this.bounded = bounded;
  }

  static boolean isKafka(String input) {
    return KafkaUri.isKafka(input);
  }

  /**
   * The reader configured by the options.
   *
   * @throws IllegalArgumentException naming the option that is invalid
   */
  static KafkaInput from(String input, EventTime eventTime, SensorMonitorKafkaOptions o) {
    KafkaUri uri;
    try {
      uri = KafkaUri.parse(input);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--input: " + e.getMessage(), e);
    }
    ClientProperties consumer = withGroupId(clientProperties(o), o.getKafkaGroupId());
    ReadFromKafka read =
        ReadFromKafka.from(uri)
            .withConsumerProperties(consumer)
            .withEventTime(KafkaEventTime.jsonField(eventTime))
            .withMaxOutOfOrderness(duration("--maxOutOfOrderness", o.getMaxOutOfOrderness()))
            .withIdleTimeout(
                "never".equalsIgnoreCase(String.valueOf(o.getKafkaIdleTimeout()).trim())
                    ? null
                    : Durations.parse("--kafkaIdleTimeout", o.getKafkaIdleTimeout()));
    if (consumer.plain().containsKey(GROUP_ID)) {
      // A new job in the group starts at the offsets committed here (docs/runners.md: restart).
      read = read.withCommitOffsetsInFinalize();
    }
    boolean bounded = false;
    if (o.getMaxRecords() != null) {
      if (o.getMaxRecords() < 1) {
        throw new IllegalArgumentException("--maxRecords must be >= 1, got " + o.getMaxRecords());
      }
      read = read.withMaxRecords(o.getMaxRecords());
      bounded = true;
      if (o.getMaxRecords() >= 10_000) {
        System.err.println(
            "sensor-monitor: --maxRecords >= 10000 is split evenly over the topic's partitions"
                + " (Beam's bounded read); exact only when they hold equal shares. Give"
                + " --maxReadTime as well so an uneven split cannot wait forever.");
      }
    }
    if (o.getMaxReadTime() != null) {
      read = read.withMaxReadTime(Durations.parse("--maxReadTime", o.getMaxReadTime()));
      bounded = true;
    }
    return new KafkaInput(uri, read, bounded);
  }

  ReadFromKafka read() {
    return read;
  }

  /**
   * {@code properties} with {@code group.id} from {@code --kafkaGroupId}, when given.
   *
   * @throws IllegalArgumentException if the group id is blank or differs from the {@code
   *     group.id} of {@code --kafkaConfig}
   */
  static ClientProperties withGroupId(ClientProperties properties, String groupId) {
    if (groupId == null) {
      return properties;
    }
    if (groupId.isBlank()) {
      throw new IllegalArgumentException("--kafkaGroupId must not be blank");
    }
    Object configured = properties.plain().get(GROUP_ID);
    if (configured != null && !configured.equals(groupId)) {
      throw new IllegalArgumentException(
          "--kafkaGroupId=" + groupId + " differs from group.id=" + configured + " in --kafkaConfig");
    }
    return properties.with(GROUP_ID, groupId.trim());
  }

  /** The properties of {@code --kafkaConfig}, or none. */
  static ClientProperties clientProperties(SensorMonitorKafkaOptions o) {
    String file = o.getKafkaConfig();
    if (file == null || file.isBlank()) {
      return ClientProperties.empty();
    }
    try {
      return ClientProperties.fromFile(Paths.get(file));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--kafkaConfig: " + e.getMessage(), e);
    }
  }

  private static Duration duration(String option, String text) {
    if (text != null && text.trim().matches("0+(ms|s|m|h|d)?")) {
      return Duration.ZERO;
    }
    return Durations.parse(option, text);
  }
}
