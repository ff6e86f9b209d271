package io.beamwise.io.kafka;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kafka location written as {@code kafka://HOST:PORT[,HOST:PORT...]/TOPIC[,TOPIC...]}, e.g.
 * {@code kafka://127.0.0.1:9092/readings}: bootstrap servers and one or more topics.
 */
public final class KafkaUri implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final String SCHEME = "kafka://";

  private static final Pattern SERVER = Pattern.compile("[A-Za-z0-9._\\-\\[\\]:]+:[0-9]{1,5}");
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._\\-]{1,249}");
  private static final Pattern URI = Pattern.compile("kafka://([^/]+)/(.+)");

  private final String bootstrapServers;
  private final List<String> topics;

  private KafkaUri(String bootstrapServers, List<String> topics) {
    this.bootstrapServers = bootstrapServers;
    this.topics = List.copyOf(topics);
  }

  /** True when {@code text} starts with {@code kafka://}. */
  public static boolean isKafka(String text) {
    return text != null && text.startsWith(SCHEME);
  }

  /**
   * Parses a Kafka URI.
   *
   * @throws IllegalArgumentException naming the text and the expected form
   */
  public static KafkaUri parse(String text) {
    Matcher m = text == null ? null : URI.matcher(text.trim());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a Kafka location; expected kafka://HOST:PORT[,HOST:PORT...]/TOPIC[,TOPIC...]"
              + ", e.g. kafka://127.0.0.1:9092/readings");
    }
    for (String server : m.group(1).split(",")) {
      if (!SERVER.matcher(server).matches()) {
        throw new IllegalArgumentException(
            "'" + text + "': bootstrap server '" + server + "' is not HOST:PORT");
      }
    }
    List<String> topics = Arrays.asList(m.group(2).split(","));
    for (String topic : topics) {
      if (!TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
        throw new IllegalArgumentException(
            "'" + text + "': topic '" + topic + "' is not a valid Kafka topic name"
                + " (1-249 characters of A-Z a-z 0-9 . _ -)");
      }
    }
    return new KafkaUri(m.group(1), topics);
  }

  /** {@code host:port[,host:port...]}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  public List<String> topics() {
    return topics;
  }

  @Override
  public String toString() {
    return SCHEME + bootstrapServers + "/" + String.join(",", topics);
  }
}
