package io.beamwise.io.kafka;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkState;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exactly-once writer behind {@link WriteToKafka#withExactlyOnce}: one Kafka transaction per
 * shard per bundle. Shape: {@code PCollection<KV<String, String>> → PDone}.
 *
 * <p>How (the scheme of Beam's {@code KafkaExactlyOnceSink}, with transactions per bundle instead
 * of per element, and shards by key so each key keeps its order):
 *
 * <ol>
 *   <li>Each record goes to shard {@code hash(key) mod shards}.
 *   <li>A stateful step per shard numbers the records 0, 1, 2, ... in arrival order.
 *   <li>The writer per shard has {@code @RequiresStableInput}: the runner hands it only records
 *       whose numbers are durable (on Flink: part of a completed checkpoint; they are then replayed
 *       identically after a failure). It collects the bundle's records of each shard and, at the
 *       end of the bundle, writes them in one transaction that also commits the last number to
 *       the consumer group {@code sinkGroupId} (offset metadata of partition {@code shard} of the
 *       topic). A writer that starts reads that number and skips the records up to it, so a
 *       retried bundle writes nothing twice; its transactional id ({@code sinkGroupId-shard})
 *       fences older writers of the same shard, aborting their open transactions. Records that
 *       arrive ahead of a gap (a runner may replay the buffers of several checkpoints in another
 *       order after a restore) wait in state until the gap is filled.
 * </ol>
 *
 * <p>On Flink the bundle of a writer is everything buffered up to a checkpoint: one transaction per
 * shard per checkpoint, so results appear about one {@code --checkpointingInterval} late. The
 * topic needs at least {@code shards} partitions (the progress is stored against partition {@code
 * shard}). A transaction stays open only while one bundle is written; Kafka's producer default
 * {@code transaction.timeout.ms} (60 s) must not exceed the broker's {@code
 * transaction.max.timeout.ms} (default 15 min). Kafka drops a group's committed metadata after
 * {@code offsets.retention.minutes} (default 7 days) without commits: a job resumed after that
 * writes the records of its first replayed bundle again (logged).
 */
final class ExactlyOnceKafkaSink extends PTransform<PCollection<KV<String, String>>, PDone> {

  private final String topic;
  private final String sinkGroupId;
  private final int shards;
  private final Map<String, Object> producerConfig;
  private final ClientProperties properties;

  ExactlyOnceKafkaSink(
      String topic,
      String sinkGroupId,
      int shards,
      Map<String, Object> producerConfig,
      ClientProperties properties) {
    this.topic = topic;
    this.sinkGroupId = sinkGroupId;
    this.shards = shards;
    this.producerConfig = new HashMap<>(producerConfig);
    this.properties = properties;
  }

  @Override
  public PDone expand(PCollection<KV<String, String>> input) {
    KvCoder<String, String> record = KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of());
    int n = shards;
    input
        // Per-key state in one window: the numbering must not start again in each window.
        .apply("Into one window", Window.<KV<String, String>>into(new GlobalWindows()))
        .apply(
            "Shard by key",
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.integers(), input.getTypeDescriptor()))
                .via((KV<String, String> kv) -> KV.of(shardOf(kv.getKey(), n), kv)))
        .setCoder(KvCoder.of(VarIntCoder.of(), record))
        .apply("Number records", ParDo.of(new SequenceFn()))
        .setCoder(KvCoder.of(VarIntCoder.of(), KvCoder.of(VarLongCoder.of(), record)))
        .apply(
            "Write transactions",
            ParDo.of(new TransactionalWriteFn(topic, sinkGroupId, producerConfig, properties)));
    return PDone.in(input.getPipeline());
  }

  static int shardOf(String key, int shards) {
    return Math.floorMod(key == null ? 0 : key.hashCode(), shards);
  }

  /** Numbers each shard's records in arrival order. */
  static final class SequenceFn
      extends DoFn<KV<Integer, KV<String, String>>, KV<Integer, KV<Long, KV<String, String>>>> {

    @StateId("next")
    private final StateSpec<ValueState<Long>> nextSpec = StateSpecs.value(VarLongCoder.of());

    @ProcessElement
    public void process(
        @Element KV<Integer, KV<String, String>> element,
        @StateId("next") ValueState<Long> next,
        OutputReceiver<KV<Integer, KV<Long, KV<String, String>>>> out) {
      Long n = next.read();
      long id = n == null ? 0 : n;
      next.write(id + 1);
      out.output(KV.of(element.getKey(), KV.of(id, element.getValue())));
    }
  }

  /**
   * One shard's transactional producer and what it knows: the last number Kafka has and the
   * sink's writer id. Used by one DoFn instance at a time (see {@link TransactionalWriteFn#IDLE}).
   */
  private static final class ShardWriter {
    final Producer<String, String> producer;
    final String writerId;
    long committed;

    ShardWriter(Producer<String, String> producer, String writerId, long committed) {
      this.producer = producer;
      this.writerId = writerId;
      this.committed = committed;
    }
  }

  /** Writes each shard's records of a bundle in one transaction; see the class comment. */
  static final class TransactionalWriteFn
      extends DoFn<KV<Integer, KV<Long, KV<String, String>>>, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalWriteFn.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Shard writers not in use, by transactional id, shared by the DoFn instances of this JVM: a
     * runner may process a shard's key in different instances over time (the DirectRunner does),
     * and two producers with one transactional id would fence each other. A writer is taken for a
     * bundle and put back after its transaction committed; one that failed is closed instead.
     */
    private static final ConcurrentHashMap<String, ShardWriter> IDLE = new ConcurrentHashMap<>();

    private final String topic;
    private final String sinkGroupId;
    private final Map<String, Object> producerConfig;
    private final ClientProperties properties;

    /** The next record number this shard writes (everything before it is in Kafka). */
    @StateId("next")
    private final StateSpec<ValueState<Long>> nextSpec = StateSpecs.value(VarLongCoder.of());

    /** Records numbered beyond {@code next} that arrived before it, and their smallest number. */
    @StateId("ahead")
    private final StateSpec<BagState<KV<Long, KV<String, String>>>> aheadSpec =
        StateSpecs.bag(KvCoder.of(VarLongCoder.of(), KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())));

    @StateId("aheadMin")
    private final StateSpec<ValueState<Long>> aheadMinSpec = StateSpecs.value(VarLongCoder.of());

    /** A random id of this sink's lineage, also stored in Kafka: a foreign group is refused. */
    @StateId("writer")
    private final StateSpec<ValueState<String>> writerSpec = StateSpecs.value(StringUtf8Coder.of());

    private final Counter written = Metrics.counter(WriteToKafka.METRICS_NAMESPACE, "eos_records_written");
    private final Counter skipped = Metrics.counter(WriteToKafka.METRICS_NAMESPACE, "eos_records_skipped");
    private final Counter transactions = Metrics.counter(WriteToKafka.METRICS_NAMESPACE, "eos_transactions");

    /** The shard writers this instance holds during the bundle. */
    private transient Map<Integer, ShardWriter> held;
    /** This bundle's records per shard, in number order, and the last number of each. */
    private transient Map<Integer, List<KV<String, String>>> batches;
    private transient Map<Integer, Long> lastIds;

    TransactionalWriteFn(
        String topic, String sinkGroupId, Map<String, Object> producerConfig, ClientProperties properties) {
      this.topic = topic;
      this.sinkGroupId = sinkGroupId;
      this.producerConfig = producerConfig;
      this.properties = properties;
    }

    @StartBundle
    public void startBundle() {
      held = new HashMap<>();
      batches = new TreeMap<>();
      lastIds = new HashMap<>();
    }

    @RequiresStableInput
    @ProcessElement
    public void process(
        @Element KV<Integer, KV<Long, KV<String, String>>> element,
        @StateId("next") ValueState<Long> nextState,
        @StateId("ahead") BagState<KV<Long, KV<String, String>>> ahead,
        @StateId("aheadMin") ValueState<Long> aheadMin,
        @StateId("writer") ValueState<String> writerState) {
      int shard = element.getKey();
      long id = element.getValue().getKey();
      Long stored = nextState.read();
      long next = stored == null ? 0 : stored;
      ShardWriter writer = held.get(shard);
      if (writer == null) {
        writer = take(shard, next, writerState);
        held.put(shard, writer);
      }
      long inKafka = writer.committed;
      Long min = aheadMin.read();
      List<KV<Long, KV<String, String>>> waiting = new ArrayList<>();
      if (min != null && id == Math.max(next, inKafka + 1)) {
        ahead.read().forEach(waiting::add); // read the waiting records only when they may follow
      }
      InOrderRelease.Step<KV<String, String>> step =
          InOrderRelease.arrive(id, element.getValue().getValue(), next, inKafka, waiting);
      skipped.inc(step.skipped());
      if (step.release().isEmpty()) {
        if (step.skipped() == 0) { // ahead of a gap: wait
          ahead.add(element.getValue());
          aheadMin.write(min == null ? id : Math.min(min, id));
        }
        return;
      }
      long first = step.next() - step.release().size();
      for (int i = 0; i < step.release().size(); i++) {
        batches.computeIfAbsent(shard, x -> new ArrayList<>()).add(step.release().get(i));
        lastIds.put(shard, first + i);
      }
      if (!waiting.isEmpty()) {
        ahead.clear();
        aheadMin.clear();
        Long m = null;
        for (KV<Long, KV<String, String>> w : step.waiting()) {
          ahead.add(w);
          m = m == null ? w.getKey() : Math.min(m, w.getKey());
        }
        if (m != null) {
          aheadMin.write(m);
        }
      }
      nextState.write(step.next());
    }

    @FinishBundle
    public void finishBundle() {
      try {
        for (Map.Entry<Integer, List<KV<String, String>>> batch : batches.entrySet()) {
          int shard = batch.getKey();
          commit(shard, held.get(shard), batch.getValue(), lastIds.get(shard));
        }
      } finally {
        // Writers that committed (or had nothing to write) go back for the next bundle.
        held.forEach((shard, w) -> IDLE.put(transactionalId(shard), w));
        held.clear();
        batches.clear();
      }
    }

    private void commit(int shard, ShardWriter w, List<KV<String, String>> records, long last) {
      try {
        w.producer.beginTransaction();
        for (KV<String, String> kv : records) {
          w.producer.send(new ProducerRecord<>(topic, kv.getKey(), kv.getValue()));
        }
        w.producer.sendOffsetsToTransaction(
            Map.of(new TopicPartition(topic, shard), new OffsetAndMetadata(0L, metadata(last, w.writerId))),
            new ConsumerGroupMetadata(sinkGroupId));
        w.producer.commitTransaction();
      } catch (RuntimeException e) {
        // Unrecoverable for this producer (fenced, timed out, broker gone): close it; the runner
        // retries the bundle with a new writer, which starts from what Kafka has.
        LOG.warn("{} shard {}: transaction of records up to {} failed: {}", topic, shard, last, e.toString());
        held.remove(shard);
        close(w);
        throw e;
      }
      w.committed = last;
      written.inc(records.size());
      transactions.inc();
    }

    private String transactionalId(int shard) {
      return sinkGroupId + "-" + shard;
    }

    /** The shard's idle writer of this JVM, or a new one that reads what Kafka has of the shard. */
    private ShardWriter take(int shard, long next, ValueState<String> writerState) {
      ShardWriter idle = IDLE.remove(transactionalId(shard));
      String writer = writerState.read();
      if (idle != null && (writer == null || writer.equals(idle.writerId))) {
        if (writer == null) {
          writerState.write(idle.writerId);
        }
        return idle;
      }
      if (idle != null) {
        close(idle);
      }
      Map<String, Object> config = new HashMap<>(producerConfig);
      config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(shard));
      config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      config.put(ProducerConfig.ACKS_CONFIG, "all");
      config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      Producer<String, String> producer = ClientFactories.producer(properties).apply(config);
      try {
        producer.initTransactions(); // fences older writers of this shard, aborting their transaction
        JsonNode stored = committedMetadata(shard);
        long inKafka = -1;
        if (stored == null) {
          if (writer != null && next > 0) {
            LOG.warn(
                "{} shard {}: the group {} has no committed progress although records up to {} were"
                    + " written (expired after offsets.retention.minutes?); the first replayed bundle"
                    + " may be written again",
                topic, shard, sinkGroupId, next - 1);
          }
        } else {
          String kafkaWriter = stored.path("writer").asText();
          checkState(
              writer != null && writer.equals(kafkaWriter),
              "the consumer group %s holds the progress of another job's writer (%s) for %s shard %s;"
                  + " give this job its own sink group",
              sinkGroupId, kafkaWriter, topic, shard);
          inKafka = stored.path("last").asLong();
        }
        if (writer == null) {
          writer = UUID.randomUUID().toString();
          writerState.write(writer);
        }
        LOG.info("{} shard {}: transactional writer started; Kafka has records up to {}", topic, shard, inKafka);
        return new ShardWriter(producer, writer, inKafka);
      } catch (RuntimeException e) {
        producer.close();
        throw e;
      }
    }

    private JsonNode committedMetadata(int shard) {
      Map<String, Object> config = new HashMap<>();
      config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, producerConfig.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
      properties.plain().forEach(config::put);
      config.put(ConsumerConfig.GROUP_ID_CONFIG, sinkGroupId);
      config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArrayDeserializer");
      config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArrayDeserializer");
      TopicPartition partition = new TopicPartition(topic, shard);
      try (Consumer<byte[], byte[]> consumer = ClientFactories.consumer(properties).apply(config)) {
        OffsetAndMetadata offset = consumer.committed(Set.of(partition)).get(partition);
        if (offset == null || offset.metadata() == null || offset.metadata().isEmpty()) {
          return null;
        }
        return JSON.readTree(offset.metadata());
      } catch (IOException e) {
        throw new UncheckedIOException("unreadable progress of " + sinkGroupId + " for " + partition, e);
      }
    }

    private static String metadata(long last, String writer) {
      return JSON.createObjectNode().put("last", last).put("writer", writer).toString();
    }

    private void close(ShardWriter w) {
      try {
        w.producer.close(java.time.Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        LOG.warn("{}: closing a transactional producer failed: {}", topic, e.toString());
      }
    }

    @Teardown
    public void teardown() {
      // Idle writers of this sink may still serve other instances; a later instance makes new ones.
      IDLE.entrySet().removeIf(e -> {
        if (e.getKey().startsWith(sinkGroupId + "-")) {
          close(e.getValue());
          return true;
        }
        return false;
      });
    }
  }
}
