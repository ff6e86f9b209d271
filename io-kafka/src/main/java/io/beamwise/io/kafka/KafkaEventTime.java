package io.beamwise.io.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beamwise.parse.EventTime;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Where the {@link ReadFromKafka} timestamp policy finds a record's event time: in a field of a
 * JSON value ({@link #jsonField}) or in Kafka's own record timestamp ({@link #kafkaTimestamp}, for
 * raw string values).
 *
 * <p>{@link #of} returns null, never throws, when the record has no usable event time (not JSON,
 * field missing, bad timestamp): such a record still goes on to the parse step, which
 * dead-letters it with the exact reason.
 */
public abstract class KafkaEventTime implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The event time of {@code record}, or null when it has none that can be read. */
  public abstract @Nullable Instant of(KafkaRecord<byte[], byte[]> record);

  /** A one-line description for display data and docs. */
  public abstract String describe();

  /**
   * The event time in a field of a JSON object value, read as {@code eventTime} says (e.g. {@code
   * EventTime.isoOrEpoch("ts", TimeUnit.MILLISECONDS)}, what {@code ParseSensorReadings.jsonLines}
   * reads).
   */
  public static KafkaEventTime jsonField(EventTime eventTime) {
    if (eventTime == null) {
      throw new IllegalArgumentException("eventTime must not be null");
    }
    return new JsonField(eventTime);
  }

  /** The {@code ts} field of sensor readings: ISO-8601 or epoch milliseconds, UTC by default. */
  public static KafkaEventTime sensorReadings() {
    return jsonField(EventTime.isoOrEpoch("ts", TimeUnit.MILLISECONDS));
  }

  /** Kafka's record timestamp (create time or log-append time, as the topic is configured). */
  public static KafkaEventTime kafkaTimestamp() {
    return new KafkaTimestamp();
  }

  private static final class JsonField extends KafkaEventTime {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final EventTime eventTime;

    JsonField(EventTime eventTime) {
      this.eventTime = eventTime;
    }

    @Override
    public @Nullable Instant of(KafkaRecord<byte[], byte[]> record) {
      byte[] value = record.getKV().getValue();
      if (value == null || value.length == 0) {
        return null;
      }
      try {
        JsonNode node = MAPPER.readTree(new String(value, StandardCharsets.UTF_8));
        JsonNode field = node == null ? null : node.get(eventTime.getField());
        return field == null || field.isNull() ? null : eventTime.parse(field);
      } catch (Exception e) { // any unreadable value: the parse step reports why
        return null;
      }
    }

    @Override
    public String describe() {
      return "json field " + eventTime;
    }
  }

  private static final class KafkaTimestamp extends KafkaEventTime {
    private static final long serialVersionUID = 1L;

    @Override
    public @Nullable Instant of(KafkaRecord<byte[], byte[]> record) {
      long t = record.getTimestamp();
      return t < 0 ? null : new Instant(t);
    }

    @Override
    public String describe() {
      return "kafka record timestamp";
    }
  }
}
