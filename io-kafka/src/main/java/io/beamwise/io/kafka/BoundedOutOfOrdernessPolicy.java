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
 *   <li>idleness is explicit and needs the broker's word: a partition is idle when, for {@code
 *       idleTimeout} of processing time, it has delivered nothing and every check of its end
 *       offset (KafkaIO checks once a second) found no backlog. Its watermark then advances to
 *       {@code now − maxOutOfOrderness}, so an idle partition does not hold back the others. A
 *       broker that cannot be reached is not an idle partition: when the last successful end-offset
 *       check is older than {@link #BROKER_CHECK_MAX_AGE}, the quiet period starts again, so an
 *       outage never moves the watermark. Advancing to wall-clock time assumes event time close to
 *       wall-clock time; replays of old data should disable it (null).
 * </ul>
 *
 * <p>The watermark never passes {@code now − maxOutOfOrderness}, so one record with a wildly
 * future timestamp cannot make every later record late. Not thread-safe; KafkaIO creates one per
 * partition reader.
 */
public final class BoundedOutOfOrdernessPolicy extends TimestampPolicy<byte[], byte[]> {

  /**
   * How old the last successful end-offset check of the partition may be for its "no backlog" to
   * count towards idleness (KafkaIO checks every second; a failing check is retried).
   */
  public static final Duration BROKER_CHECK_MAX_AGE = Duration.standardSeconds(5);

  private final KafkaEventTime eventTime;
  private final Duration maxOutOfOrderness;
  private final @Nullable Duration idleTimeout;
  private final Supplier<Instant> clock;

  private Instant maxEventTime = BoundedWindow.TIMESTAMP_MIN_VALUE;
  private Instant watermark;
  private Instant lastRecordAt;
  /** Start of the current broker-confirmed quiet period, or null when there is none. */
  private @Nullable Instant quietSince;

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
    quietSince = null;
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
    if (idleTimeout != null && isIdle(ctx, now)) {
      candidate = cap;
    }
    if (candidate.isAfter(watermark)) {
      watermark = candidate;
    }
    return watermark;
  }

  /**
   * True once the broker has confirmed, with fresh end-offset checks and no record in between,
   * that the partition had no backlog for {@code idleTimeout}.
   */
  private boolean isIdle(PartitionContext ctx, Instant now) {
    Instant checked = ctx.getBacklogCheckTime();
    boolean fresh = checked != null && !checked.plus(BROKER_CHECK_MAX_AGE).isBefore(now);
    if (!fresh || ctx.getMessageBacklog() != 0) {
      quietSince = null; // a backlog, or no word from the broker (an outage is not idleness)
      return false;
    }
    if (quietSince == null) {
      // The first confirmation after the last record starts the quiet period; one taken before
      // that record says nothing about the time since.
      if (checked.isBefore(lastRecordAt)) {
        return false;
      }
      quietSince = checked;
    }
    return !quietSince.plus(idleTimeout).isAfter(now);
  }
}
