package io.beamwise.io.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaTimestampType;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-partition event-time policy, without a pipeline: a fake clock and backlog. */
class BoundedOutOfOrdernessPolicyTest {

  private static final Duration DELAY = Duration.standardMinutes(1);
  private static final Duration IDLE = Duration.standardSeconds(30);
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  private final AtomicReference<Instant> clock = new AtomicReference<>(NOW);
  private final Context ctx = new Context();
  private BoundedOutOfOrdernessPolicy policy;

  @BeforeEach
  void create() {
    policy =
        new BoundedOutOfOrdernessPolicy(
            KafkaEventTime.sensorReadings(), DELAY, IDLE, Optional.empty(), clock::get);
  }

  private static KafkaRecord<byte[], byte[]> record(String value) {
    return new KafkaRecord<>(
        "t", 0, 0L, NOW.getMillis(), KafkaTimestampType.CREATE_TIME, new RecordHeaders(),
        "k".getBytes(StandardCharsets.UTF_8),
        value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  private static String reading(String ts) {
    return "{\"sensor\":\"s\",\"ts\":\"" + ts + "\",\"value\":1}";
  }

  @Test
  void watermarkTrailsTheLargestEventTimeByTheBoundAndNeverMovesBack() {
    ctx.backlog = 10;
    assertEquals(BoundedWindow.TIMESTAMP_MIN_VALUE, policy.getWatermark(ctx));
    assertEquals(
        Instant.parse("2024-01-01T00:10:00Z"),
        policy.getTimestampForRecord(ctx, record(reading("2024-01-01T00:10:00Z"))));
    assertEquals(Instant.parse("2024-01-01T00:09:00Z"), policy.getWatermark(ctx));
    // An out-of-order record keeps its own event time and does not pull the watermark back.
    assertEquals(
        Instant.parse("2024-01-01T00:09:30Z"),
        policy.getTimestampForRecord(ctx, record(reading("2024-01-01T00:09:30Z"))));
    assertEquals(Instant.parse("2024-01-01T00:09:00Z"), policy.getWatermark(ctx));
    policy.getTimestampForRecord(ctx, record(reading("1704067800000"))); // 00:10:00 as epoch ms
    policy.getTimestampForRecord(ctx, record(reading("2024-01-01T00:20:00Z")));
    assertEquals(Instant.parse("2024-01-01T00:19:00Z"), policy.getWatermark(ctx));
  }

  @Test
  void recordsWithoutEventTimeGetTheWatermarkAndDoNotMoveIt() {
    ctx.backlog = 10;
    policy.getTimestampForRecord(ctx, record(reading("2024-01-01T00:10:00Z")));
    policy.getWatermark(ctx);
    for (String bad : new String[] {"not json", "{\"sensor\":\"s\",\"value\":1}", reading("yesterday"), "", null}) {
      assertEquals(Instant.parse("2024-01-01T00:09:00Z"), policy.getTimestampForRecord(ctx, record(bad)), bad);
    }
    assertEquals(Instant.parse("2024-01-01T00:09:00Z"), policy.getWatermark(ctx));
  }

  @Test
  void anIdlePartitionAdvancesToNowMinusTheBoundOnlyAfterTheIdleTimeout() {
    policy.getTimestampForRecord(ctx, record(reading("2024-01-01T00:10:00Z")));
    ctx.backlog = 0;
    clock.set(NOW.plus(Duration.standardSeconds(29)));
    assertEquals(Instant.parse("2024-01-01T00:09:00Z"), policy.getWatermark(ctx));
    ctx.backlog = 5; // backlog: not idle however long it has been quiet
    clock.set(NOW.plus(Duration.standardSeconds(300)));
    assertEquals(Instant.parse("2024-01-01T00:09:00Z"), policy.getWatermark(ctx));
    ctx.backlog = 0; // the quiet period starts again with this confirmation
    assertEquals(Instant.parse("2024-01-01T00:09:00Z"), policy.getWatermark(ctx));
    clock.set(NOW.plus(Duration.standardSeconds(330)));
    assertEquals(clock.get().minus(DELAY), policy.getWatermark(ctx));
  }

  @Test
  void aBrokerThatCannotBeReachedIsNotAnIdlePartition() {
    policy.getTimestampForRecord(ctx, record(reading("2024-01-01T00:10:00Z")));
    ctx.backlog = 0;
    clock.set(NOW.plus(Duration.standardSeconds(10)));
    assertEquals(Instant.parse("2024-01-01T00:09:00Z"), policy.getWatermark(ctx)); // quiet from +10 s
    // The broker goes away: the last end-offset check stays at +12 s however long it lasts.
    clock.set(NOW.plus(Duration.standardSeconds(12)));
    policy.getWatermark(ctx);
    ctx.checkedAt = clock.get();
    for (int s = 13; s <= 300; s++) {
      clock.set(NOW.plus(Duration.standardSeconds(s)));
      assertEquals(Instant.parse("2024-01-01T00:09:00Z"), policy.getWatermark(ctx), "at +" + s + " s");
    }
    // Back: the broker must confirm a whole idle timeout of quiet again.
    ctx.checkedAt = null;
    clock.set(NOW.plus(Duration.standardSeconds(301)));
    assertEquals(Instant.parse("2024-01-01T00:09:00Z"), policy.getWatermark(ctx));
    clock.set(NOW.plus(Duration.standardSeconds(330)));
    assertEquals(Instant.parse("2024-01-01T00:09:00Z"), policy.getWatermark(ctx));
    clock.set(NOW.plus(Duration.standardSeconds(331)));
    assertEquals(clock.get().minus(DELAY), policy.getWatermark(ctx));
  }

  @Test
  void aBacklogCheckFromBeforeTheLastRecordDoesNotStartTheQuietPeriod() {
    ctx.backlog = 0;
    ctx.checkedAt = NOW.minus(Duration.standardSeconds(1));
    policy.getTimestampForRecord(ctx, record(reading("2024-01-01T00:10:00Z")));
    clock.set(NOW.plus(Duration.standardSeconds(4)));
    assertEquals(Instant.parse("2024-01-01T00:09:00Z"), policy.getWatermark(ctx));
    ctx.checkedAt = null;
    clock.set(NOW.plus(Duration.standardSeconds(33)));
    assertEquals(Instant.parse("2024-01-01T00:09:00Z"), policy.getWatermark(ctx)); // quiet from +33 s
    clock.set(NOW.plus(Duration.standardSeconds(63)));
    assertEquals(clock.get().minus(DELAY), policy.getWatermark(ctx));
  }

  @Test
  void withoutIdleTimeoutAQuietPartitionHoldsItsWatermark() {
    policy =
        new BoundedOutOfOrdernessPolicy(
            KafkaEventTime.sensorReadings(), DELAY, null, Optional.empty(), clock::get);
    policy.getTimestampForRecord(ctx, record(reading("2024-01-01T00:10:00Z")));
    ctx.backlog = 0;
    clock.set(NOW.plus(Duration.standardDays(1)));
    assertEquals(Instant.parse("2024-01-01T00:09:00Z"), policy.getWatermark(ctx));
  }

  @Test
  void aFutureEventTimeCannotPushTheWatermarkPastNow() {
    ctx.backlog = 1;
    policy.getTimestampForRecord(ctx, record(reading("2190-01-01T00:00:00Z")));
    assertEquals(NOW.minus(DELAY), policy.getWatermark(ctx));
  }

  @Test
  void resumesFromTheCheckpointedWatermark() {
    Instant previous = Instant.parse("2024-01-02T00:00:00Z");
    policy =
        new BoundedOutOfOrdernessPolicy(
            KafkaEventTime.sensorReadings(), DELAY, IDLE, Optional.of(previous), clock::get);
    ctx.backlog = 1;
    assertEquals(previous, policy.getTimestampForRecord(ctx, record("garbage")));
    policy.getTimestampForRecord(ctx, record(reading("2024-01-01T00:10:00Z")));
    assertEquals(previous, policy.getWatermark(ctx));
  }

  private final class Context extends TimestampPolicy.PartitionContext {
    long backlog;
    /** Time of the last successful end-offset check; null: just now (a reachable broker). */
    Instant checkedAt;

    @Override
    public long getMessageBacklog() {
      return backlog;
    }

    @Override
    public Instant getBacklogCheckTime() {
      return checkedAt == null ? clock.get() : checkedAt;
    }
  }
}
