package io.beamwise.io.kafka;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.anomaly.AlertEpisode;
import io.beamwise.anomaly.AnomalyResult;
import io.beamwise.failure.Failure;
import io.beamwise.io.json.JsonRecords;
import io.beamwise.monitor.MonitorResult;
import io.beamwise.monitor.MonitorResult.Part;
import io.beamwise.windows.WindowStats;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Writes a {@link MonitorResult} to five Kafka topics with {@link WriteToKafka}, values as the
 * JSON text of {@link JsonRecords} (the same as {@code WriteResultFiles}' lines, the key under the
 * input's key field name, {@link MonitorResult#keyName()}):
 *
 * <ul>
 *   <li>{@code PREFIX.window-stats}: one record per window statistics, keyed by key;
 *   <li>{@code PREFIX.scores} and {@code PREFIX.alerts}: one per score / alert, keyed by key;
 *   <li>{@code PREFIX.episodes}: one per alert episode, keyed by key;
 *   <li>{@code PREFIX.dead-letter}: one per failure, keyed by the failed record's source (a file,
 *       or {@code kafka:<topic>/<partition>}; empty when unknown).
 * </ul>
 *
 * <p>Each key's records go to one partition of a topic. The topics must exist or the broker must
 * create them ({@code auto.create.topics.enable}). Delivery is at least once by default; {@link
 * #withExactlyOnce} writes each topic through Kafka transactions as {@link
 * WriteToKafka#withExactlyOnce} does (read with {@code isolation.level=read_committed}). Records
 * written per topic: the counters {@link WriteToKafka#writtenCounter}. {@link #without} leaves
 * parts out: no writer is built for their topics (so no exactly-once sink group either).
 *
 * <pre>{@code
 * MonitorResult r = parsed.apply(MonitorSensors.byFields("device", "temp"));
 * r.apply(WriteResultsToKafka.to("127.0.0.1:9092", "monitor"));
 * }</pre>
 */
public final class WriteResultsToKafka extends PTransform<MonitorResult, PDone> {

  /** The outputs, each written to the topic {@code PREFIX.<output>}. */
  public static final List<String> OUTPUTS =
      Arrays.stream(Part.values()).map(Part::outputName).toList();

  private final String bootstrapServers;
  private final String prefix;
  private final ClientProperties producerProperties;
  private final @Nullable String sinkGroup;
  private final int shards;
  private final EnumSet<Part> leftOut;

  private WriteResultsToKafka(
      String bootstrapServers,
      String prefix,
      ClientProperties producerProperties,
      @Nullable String sinkGroup,
      int shards,
      EnumSet<Part> leftOut) {
    this.bootstrapServers = bootstrapServers;
    this.prefix = prefix;
    this.producerProperties = producerProperties;
    this.sinkGroup = sinkGroup;
    this.shards = shards;
    this.leftOut = leftOut;
  }

  /**
   * Writes to the topics {@code prefix.<output>} on the brokers at {@code bootstrapServers}.
   *
   * @throws IllegalArgumentException if either is blank
   */
  public static WriteResultsToKafka to(String bootstrapServers, String prefix) {
    checkArgument(
        bootstrapServers != null && !bootstrapServers.isBlank(),
        "bootstrapServers must be host:port[,host:port...], got '%s'",
        bootstrapServers);
    checkArgument(prefix != null && !prefix.isBlank(), "prefix must be a non-blank topic prefix, got '%s'", prefix);
    return new WriteResultsToKafka(
        bootstrapServers, prefix, ClientProperties.empty(), null, 0, EnumSet.noneOf(Part.class));
  }

  /** Producer properties passed to every topic's producer (security settings included). */
  public WriteResultsToKafka withProducerProperties(ClientProperties properties) {
    checkArgument(properties != null, "producer properties must not be null");
    return new WriteResultsToKafka(bootstrapServers, prefix, properties, sinkGroup, shards, leftOut);
  }

  /**
   * Writes every topic exactly once ({@link WriteToKafka#withExactlyOnce}), the progress of one
   * output's writer committed under the consumer group {@code sinkGroup.<output>}; {@code shards}
   * transactional writers per topic, in [1, 1024] (each topic needs at least as many partitions).
   *
   * @throws IllegalArgumentException for a blank group or a shard count out of range
   */
  public WriteResultsToKafka withExactlyOnce(String sinkGroup, int shards) {
    checkArgument(
        sinkGroup != null && !sinkGroup.isBlank(),
        "sinkGroup must be a non-blank consumer group name, got '%s'",
        sinkGroup);
    checkArgument(shards >= 1 && shards <= 1024, "shards must be in [1, 1024], got %s", shards);
    return new WriteResultsToKafka(bootstrapServers, prefix, producerProperties, sinkGroup, shards, leftOut);
  }

  /**
   * Leaves these parts out (added to those of earlier calls): no writer for their topics, e.g.
   * {@code without(Part.EPISODES)} for a result computed {@code withoutEpisodes()}.
   *
   * @throws IllegalArgumentException for a null part, or if every part would be left out
   */
  public WriteResultsToKafka without(Part... parts) {
    return new WriteResultsToKafka(
        bootstrapServers, prefix, producerProperties, sinkGroup, shards, Part.leaveOut(leftOut, parts));
  }

  /** The topic of one output, e.g. {@code topic("monitor", "scores")} is {@code monitor.scores}. */
  public static String topic(String prefix, String output) {
    return prefix + "." + output;
  }

  @Override
  public PDone expand(MonitorResult r) {
    String key = r.keyName();
    write(r.windowStats(), Part.WINDOW_STATS, (WindowStats s) -> KV.of(s.getKey(), JsonRecords.windowStatsKeyedAs(s, key)));
    write(r.scores(), Part.SCORES, (AnomalyResult s) -> KV.of(s.getSensor(), JsonRecords.scoreKeyedAs(s, key)));
    write(r.alerts(), Part.ALERTS, (AnomalyResult s) -> KV.of(s.getSensor(), JsonRecords.scoreKeyedAs(s, key)));
    write(r.episodes(), Part.EPISODES, (AlertEpisode e) -> KV.of(e.getKey(), JsonRecords.episodeKeyedAs(e, key)));
    write(r.failures(), Part.DEAD_LETTER, (Failure f) -> KV.of(f.getSource(), JsonRecords.failure(f)));
    return PDone.in(r.getPipeline());
  }

  private <T> void write(PCollection<T> records, Part part, SerializableFunction<T, KV<String, String>> toRecord) {
    if (leftOut.contains(part)) {
      return;
    }
    String output = part.outputName();
    WriteToKafka write =
        WriteToKafka.to(bootstrapServers, topic(prefix, output)).withProducerProperties(producerProperties);
    if (sinkGroup != null) {
      write = write.withExactlyOnce(sinkGroup + "." + output, shards);
    }
    records
        .apply(
            output + " as Kafka records",
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings())).via(toRecord))
        .apply("Write " + output, write);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("bootstrapServers", bootstrapServers))
        .add(DisplayData.item("topicPrefix", prefix))
        .add(DisplayData.item("exactlyOnce", sinkGroup != null))
        .addIfNotNull(DisplayData.item("sinkGroup", sinkGroup))
        .add(DisplayData.item("leftOut", leftOut.toString()));
  }
}
