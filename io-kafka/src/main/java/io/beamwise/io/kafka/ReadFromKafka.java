package io.beamwise.io.kafka;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.io.files.ReadLinesWithPosition;
import io.beamwise.parse.SourceLine;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * Reads the values of Kafka records as {@link SourceLine}s, for the parse transforms ({@code
 * ParseSensorReadings}, {@code ParseJson}, {@code ParseCsv}). Shape: {@code PBegin →
 * PCollection<SourceLine>}, one element per record.
 *
 * <ul>
 *   <li>Position: source {@code kafka:<topic>/<partition>}, line = the record's offset; it travels
 *       into scores and dead letters. A value that is not valid UTF-8 is flagged so the parser
 *       dead-letters it ({@code invalid_utf8}); a null value (tombstone) becomes an empty line
 *       ({@code empty_line}).
 *   <li>Event time: {@link BoundedOutOfOrdernessPolicy} per partition, with the event time found
 *       by {@link #withEventTime} (default {@link KafkaEventTime#sensorReadings()}), {@link
 *       #withMaxOutOfOrderness} (default 1 minute) and {@link #withIdleTimeout} (default 1
 *       minute). Records without a readable event time are kept (see the policy).
 *   <li>Bounds: unbounded unless {@link #withMaxRecords} or {@link #withMaxReadTime} is set (then
 *       bounded, as tests and batch replays use).
 *   <li>Consumer properties ({@link #withConsumerProperties}) pass through to the Kafka consumer;
 *       sensitive ones (SASL, SSL, passwords) are added only when the consumer is created, never
 *       shown (see {@link ClientProperties}). Default {@code auto.offset.reset=earliest}: a new
 *       consumer reads the topic from its beginning.
 * </ul>
 *
 * <p>Metrics: {@code beamwise.io/lines_read} (as the file reader, so summaries reconcile the same
 * way). Errors: invalid configuration throws {@link IllegalArgumentException} naming the parameter.
 */
public final class ReadFromKafka extends PTransform<PBegin, PCollection<SourceLine>> {

  private final String bootstrapServers;
  private final List<String> topics;
  private final ClientProperties consumerProperties;
  private final KafkaEventTime eventTime;
  private final Duration maxOutOfOrderness;
  private final @Nullable Duration idleTimeout;
  private final long maxRecords;
  private final @Nullable Duration maxReadTime;
  private final boolean readCommitted;
  private final boolean commitOffsets;

  private ReadFromKafka(
      String bootstrapServers,
      List<String> topics,
      ClientProperties consumerProperties,
      KafkaEventTime eventTime,
      Duration maxOutOfOrderness,
      @Nullable Duration idleTimeout,
      long maxRecords,
      @Nullable Duration maxReadTime,
      boolean readCommitted,
      boolean commitOffsets) {
    this.bootstrapServers = bootstrapServers;
    this.topics = List.copyOf(topics);
    this.consumerProperties = consumerProperties;
    this.eventTime = eventTime;
    this.maxOutOfOrderness = maxOutOfOrderness;
    this.idleTimeout = idleTimeout;
    this.maxRecords = maxRecords;
    this.maxReadTime = maxReadTime;
    this.readCommitted = readCommitted;
    this.commitOffsets = commitOffsets;
  }

  /**
   * Reads {@code topics} from the brokers at {@code bootstrapServers} ({@code host:port[,...]}).
   *
   * @throws IllegalArgumentException if the servers are blank or no topic is given
   */
  public static ReadFromKafka from(String bootstrapServers, List<String> topics) {
    checkArgument(
        bootstrapServers != null && !bootstrapServers.isBlank(),
        "bootstrapServers must be host:port[,host:port...], got '%s'",
        bootstrapServers);
    checkArgument(
        topics != null && !topics.isEmpty() && topics.stream().noneMatch(t -> t == null || t.isBlank()),
        "topics must be one or more non-blank topic names, got %s",
        topics);
    return new ReadFromKafka(
        bootstrapServers,
        topics,
        ClientProperties.empty(),
        KafkaEventTime.sensorReadings(),
        Duration.standardMinutes(1),
        Duration.standardMinutes(1),
        Long.MAX_VALUE,
        null,
        false,
        false);
  }

  /** Reads the topics of a {@link KafkaUri} such as {@code kafka://127.0.0.1:9092/readings}. */
  public static ReadFromKafka from(KafkaUri uri) {
    return from(uri.bootstrapServers(), uri.topics());
  }

  /** Consumer properties passed to the Kafka consumer (security settings included). */
  public ReadFromKafka withConsumerProperties(ClientProperties properties) {
    checkArgument(properties != null, "consumer properties must not be null");
    return new ReadFromKafka(bootstrapServers, topics, properties, eventTime, maxOutOfOrderness,
        idleTimeout, maxRecords, maxReadTime, readCommitted, commitOffsets);
  }

  /** The consumer properties this reader passes to its Kafka consumers. */
  public ClientProperties consumerProperties() {
    return consumerProperties;
  }

  /** Where the event time of a record is (default {@link KafkaEventTime#sensorReadings()}). */
  public ReadFromKafka withEventTime(KafkaEventTime eventTime) {
    checkArgument(eventTime != null, "eventTime must not be null");
    return new ReadFromKafka(bootstrapServers, topics, consumerProperties, eventTime,
        maxOutOfOrderness, idleTimeout, maxRecords, maxReadTime, readCommitted, commitOffsets);
  }

  /**
   * How far (event time) a record may be behind the latest one of its partition and still be on
   * time; the watermark trails the largest event time by this much. At least 0; default 1 min.
   */
  public ReadFromKafka withMaxOutOfOrderness(Duration maxOutOfOrderness) {
    checkArgument(
        maxOutOfOrderness != null && !maxOutOfOrderness.isShorterThan(Duration.ZERO),
        "maxOutOfOrderness must be a duration >= 0, got %s",
        maxOutOfOrderness);
    return new ReadFromKafka(bootstrapServers, topics, consumerProperties, eventTime,
        maxOutOfOrderness, idleTimeout, maxRecords, maxReadTime, readCommitted, commitOffsets);
  }

  /**
   * Processing time without records (and no backlog) after which a partition's watermark
   * advances to {@code now − maxOutOfOrderness}; {@code null} never (for replays of old data).
   * Must be > 0 when given; default 1 min.
   */
  public ReadFromKafka withIdleTimeout(@Nullable Duration idleTimeout) {
    checkArgument(
        idleTimeout == null || idleTimeout.isLongerThan(Duration.ZERO),
        "idleTimeout must be a duration > 0 or null (never idle), got %s",
        idleTimeout);
    return new ReadFromKafka(bootstrapServers, topics, consumerProperties, eventTime,
        maxOutOfOrderness, idleTimeout, maxRecords, maxReadTime, readCommitted, commitOffsets);
  }

  /**
   * Stops after this many records (then the output is bounded). Must be >= 1.
   *
   * <p>Caveat (Beam's {@code BoundedReadFromUnboundedSource}): from 10,000 records on, the read is
   * split, up to one split per partition, and each split stops after an equal share of {@code
   * maxRecords}. With partitions of unequal size that reads the wrong records, and a split whose
   * partition has too few records waits for more (forever without {@link #withMaxReadTime}).
   * Below 10,000 one reader takes the first {@code maxRecords} from all partitions.
   */
  public ReadFromKafka withMaxRecords(long maxRecords) {
    checkArgument(maxRecords >= 1, "maxRecords must be >= 1, got %s", maxRecords);
    return new ReadFromKafka(bootstrapServers, topics, consumerProperties, eventTime,
        maxOutOfOrderness, idleTimeout, maxRecords, maxReadTime, readCommitted, commitOffsets);
  }

  /** Stops reading after this much processing time (then the output is bounded). Must be > 0. */
  public ReadFromKafka withMaxReadTime(Duration maxReadTime) {
    checkArgument(
        maxReadTime != null && maxReadTime.isLongerThan(Duration.ZERO),
        "maxReadTime must be a duration > 0, got %s",
        maxReadTime);
    return new ReadFromKafka(bootstrapServers, topics, consumerProperties, eventTime,
        maxOutOfOrderness, idleTimeout, maxRecords, maxReadTime, readCommitted, commitOffsets);
  }

  /** Reads only committed records of transactional producers ({@code isolation.level}). */
  public ReadFromKafka withReadCommitted() {
    return new ReadFromKafka(bootstrapServers, topics, consumerProperties, eventTime,
        maxOutOfOrderness, idleTimeout, maxRecords, maxReadTime, true, commitOffsets);
  }

  /**
   * Commits the consumed offsets to Kafka when the runner finalizes a checkpoint, so a restarted
   * job resumes there. Needs a {@code group.id} consumer property.
   */
  public ReadFromKafka withCommitOffsetsInFinalize() {
    checkArgument(
        consumerProperties.plain().containsKey(ConsumerConfig.GROUP_ID_CONFIG),
        "commitOffsetsInFinalize needs the consumer property group.id; set it with withConsumerProperties first");
    return new ReadFromKafka(bootstrapServers, topics, consumerProperties, eventTime,
        maxOutOfOrderness, idleTimeout, maxRecords, maxReadTime, readCommitted, true);
  }

  @Override
  public PCollection<SourceLine> expand(PBegin input) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.putAll(consumerProperties.plain());
    KafkaEventTime et = eventTime;
    Duration delay = maxOutOfOrderness;
    Duration idle = idleTimeout;
    KafkaIO.Read<byte[], byte[]> read =
        KafkaIO.<byte[], byte[]>read()
            .withBootstrapServers(bootstrapServers)
            .withTopics(topics)
            .withKeyDeserializer(ByteArrayDeserializer.class)
            .withValueDeserializer(ByteArrayDeserializer.class)
            .withConsumerConfigUpdates(config)
            .withConsumerFactoryFn(ClientFactories.consumer(consumerProperties))
            .withTimestampPolicyFactory(
                (partition, previous) -> new BoundedOutOfOrdernessPolicy(et, delay, idle, previous));
    if (maxRecords != Long.MAX_VALUE) {
      read = read.withMaxNumRecords(maxRecords);
    }
    if (maxReadTime != null) {
      read = read.withMaxReadTime(maxReadTime);
    }
    if (readCommitted) {
      read = read.withReadCommitted();
    }
    if (commitOffsets) {
      read = read.commitOffsetsInFinalize();
    }
    return input.apply("KafkaIO", read).apply("To source lines", ParDo.of(new ToSourceLineFn()));
  }

  /** The record's value as a line positioned at topic/partition/offset. */
  static SourceLine toSourceLine(KafkaRecord<byte[], byte[]> record) {
    byte[] value = record.getKV().getValue();
    String source = "kafka:" + record.getTopic() + "/" + record.getPartition();
    if (value == null) {
      return SourceLine.create(source, record.getOffset(), "", false);
    }
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(value))
              .toString();
      return SourceLine.ofKafka(record.getTopic(), record.getPartition(), record.getOffset(), text);
    } catch (CharacterCodingException e) {
      return SourceLine.create(
          source, record.getOffset(), new String(value, StandardCharsets.UTF_8), true);
    }
  }

  private static final class ToSourceLineFn extends DoFn<KafkaRecord<byte[], byte[]>, SourceLine> {
    private final Counter linesRead =
        Metrics.counter(ReadLinesWithPosition.METRICS_NAMESPACE, ReadLinesWithPosition.LINES_READ);

    @ProcessElement
    public void process(@Element KafkaRecord<byte[], byte[]> record, OutputReceiver<SourceLine> out) {
      linesRead.inc();
      out.output(toSourceLine(record));
    }
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("bootstrapServers", bootstrapServers))
        .add(DisplayData.item("topics", String.join(",", topics)))
        .add(DisplayData.item("eventTime", eventTime.describe()))
        .add(DisplayData.item("maxOutOfOrderness", maxOutOfOrderness.toString()))
        .add(DisplayData.item("idleTimeout", String.valueOf(idleTimeout)))
        .add(DisplayData.item("sensitiveProperties", String.join(",", consumerProperties.sensitiveKeys())));
  }
}
