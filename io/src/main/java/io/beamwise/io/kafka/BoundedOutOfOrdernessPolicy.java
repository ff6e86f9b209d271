package io.beamwise.io.kafka;

import java.util.Optional;
import java.util.function.Supplier;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The event-time policy of one Kafka partition in {@link ReadFromKafka}: element timestamp = the
 * event time from the payload; watermark = the largest event time seen minus a bounded
 * out-of-orderness, never moving back. Like Beam's {@code CustomTimestampPolicyWithLimitedDelay},
 * with two differences that matter for beamwise:
 *
 * <ul>
 *   <li>a record without a readable event time is not dropped and does not move the watermark:
 *       it gets the partition's current watermark as its timestamp (so it is not late) and the
 *       parse step dead-letters it with the reason;
 *   <li>idleness is explicit: when the partition has no backlog and has delivered nothing for
 *       {@code idleTimeout} of processing time, its watermark advances to {@code now −
 *       maxOutOfOrderness}, so an idle partition does not hold back the others. That assumes
 *       event time close to wall-clock time; replays of old data should disable it (null).
 * </ul>
 *
 * <p>The watermark never passes {@code now − maxOutOfOrderness}, so one record with a wildly
 * future timestamp cannot make every later record late. Not thread-safe; KafkaIO creates one per
 * partition reader.
 */
public final class BoundedOutOfOrdernessPolicy extends TimestampPolicy<byte[], byte[]> {

  private final KafkaEventTime eventTime;
  private final Duration maxOutOfOrderness;
  private final @Nullable Duration idleTimeout;
  private final Supplier<Instant> clock;

  private Instant maxEventTime = BoundedWindow.TIMESTAMP_MIN_VALUE;
  private Instant watermark;
  private Instant lastRecordAt;

  /**
   * @param maxOutOfOrderness how far behind the largest event time seen a record may be and still
   *     be on time; at least 0
   * @param idleTimeout processing time without records (and no backlog) after which the
   *     partition counts as idle; null never
   * @param previousWatermark the checkpointed watermark, if any (KafkaIO's resume)
   */
  public BoundedOutOfOrdernessPolicy(
      KafkaEventTime eventTime,
      Duration maxOutOfOrderness,
      @Nullable Duration idleTimeout,
      Optional<Instant> previousWatermark) {
    this(eventTime, maxOutOfOrderness, idleTimeout, previousWatermark, Instant::now);
  }

  BoundedOutOfOrdernessPolicy(
      KafkaEventTime eventTime,
      Duration maxOutOfOrderness,
      @Nullable Duration idleTimeout,
      Optional<Instant> previousWatermark,
      Supplier<Instant> clock) {
    this.eventTime = eventTime;
    this.maxOutOfOrderness = maxOutOfOrderness;
    this.idleTimeout = idleTimeout;
    this.clock = clock;
    this.watermark = previousWatermark.orElse(BoundedWindow.TIMESTAMP_MIN_VALUE);
    this.lastRecordAt = clock.get();
  }

  @Override
  public Instant getTimestampForRecord(PartitionContext ctx, KafkaRecord<byte[], byte[]> record) {
    lastRecordAt = clock.get();
    Instant t = eventTime.of(record);
    if (t == null
        || t.isBefore(BoundedWindow.TIMESTAMP_MIN_VALUE)
        || !t.isBefore(BoundedWindow.TIMESTAMP_MAX_VALUE)) {
      return watermark;
    }
    if (t.isAfter(maxEventTime)) {
      maxEventTime = t;
    }
    return t;
  }

  @Override
  public Instant getWatermark(PartitionContext ctx) {
    Instant now = clock.get();
    Instant cap = now.minus(maxOutOfOrderness);
    Instant candidate =
        maxEventTime.equals(BoundedWindow.TIMESTAMP_MIN_VALUE)
            ? BoundedWindow.TIMESTAMP_MIN_VALUE
            : maxEventTime.minus(maxOutOfOrderness);
    if (candidate.isAfter(cap)) {
      candidate = cap;
    }
    if (idleTimeout != null
        && ctx.getMessageBacklog() == 0
        && !lastRecordAt.plus(idleTimeout).isAfter(now)) {
      candidate = cap;
    }
    if (candidate.isAfter(watermark)) {
      watermark = candidate;
    }
    return watermark;
  }
}
