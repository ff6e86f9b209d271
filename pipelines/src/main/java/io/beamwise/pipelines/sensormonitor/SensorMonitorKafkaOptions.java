package io.beamwise.pipelines.sensormonitor;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** The Kafka options of {@code sensor-monitor} (input {@code kafka://...}, outputs to topics). */
public interface SensorMonitorKafkaOptions extends PipelineOptions {

  @Description(
      "Kafka input only: stop after this many records (bounded run with a summary). Without it"
          + " (and without --maxReadTime) a Kafka input is read unbounded in streaming mode until"
          + " the job is stopped; results then go only to --kafkaOutput.")
  Long getMaxRecords();

  void setMaxRecords(Long value);

  @Description(
      "Kafka input only: stop reading after this much processing time, e.g. 30s, 5m (bounded"
          + " run). With --maxRecords, whichever comes first.")
  String getMaxReadTime();

  void setMaxReadTime(String value);

  @Description(
      "Kafka input only: bounded out-of-orderness of event times per partition: the watermark"
          + " trails the latest event time by this much, e.g. 30s, 1m, 10m.")
  @Default.String("1m")
  String getMaxOutOfOrderness();

  void setMaxOutOfOrderness(String value);

  @Description(
      "Kafka input only: a partition counts as idle when, for this long, it delivered nothing and"
          + " the broker confirmed (end-offset checks every second) that it has no backlog; its"
          + " watermark then advances to now minus --maxOutOfOrderness, so it does not stall the"
          + " others. An unreachable broker is never idleness. Assumes event time close to wall-clock"
          + " time: 'never' for replays of old data in streaming mode.")
  @Default.String("1m")
  String getKafkaIdleTimeout();

  void setKafkaIdleTimeout(String value);

  @Description(
      "A Java properties file of Kafka client settings for the consumer and the producers"
          + " (security.protocol, sasl.*, ssl.*, group.id, ...). Security settings are never"
          + " logged or shown in the pipeline's display data.")
  String getKafkaConfig();

  void setKafkaConfig(String value);

  @Description(
      "Kafka input only: the consumer group. Offsets are then committed to the group when the"
          + " runner finalizes a checkpoint, and a new job reads from the group's committed offsets"
          + " instead of the earliest ones: restart a stopped job with the same group to carry on"
          + " (a job resumed from a savepoint reads from its savepoint's offsets). Same as group.id"
          + " in --kafkaConfig (giving both with different values is an error).")
  String getKafkaGroupId();

  void setKafkaGroupId(String value);

  @Description(
      "Also write the results to Kafka: kafka://HOST:PORT/PREFIX writes the topics"
          + " PREFIX.window-stats, PREFIX.scores, PREFIX.alerts (keyed by sensor) and"
          + " PREFIX.dead-letter (keyed by source), JSON values as in the .jsonl files.")
  String getKafkaOutput();

  void setKafkaOutput(String value);

  @Description(
      "Unbounded Kafka input only: write --kafkaOutput through Kafka transactions, so consumers"
          + " with isolation.level=read_committed see each result exactly once through restarts,"
          + " crashes and resumes (results appear when a checkpoint completes). false: at least"
          + " once, as bounded runs always write.")
  @Default.Boolean(true)
  boolean getKafkaExactlyOnce();

  void setKafkaExactlyOnce(boolean value);

  @Description(
      "With --kafkaExactlyOnce: the consumer group under which the transactional writers commit"
          + " their progress (one group per output topic: this name plus .window-stats, .scores,"
          + " ...). Default beamwise-sink.PREFIX. A job resumed with --savepointPath needs the group"
          + " of the job it resumes; a new job to the same output needs a new group.")
  String getKafkaSinkGroupId();

  void setKafkaSinkGroupId(String value);
}
