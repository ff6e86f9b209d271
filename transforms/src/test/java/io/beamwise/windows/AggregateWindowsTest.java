package io.beamwise.windows;

import io.beamwise.testing.TestPipelineExtension;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.beam.sdk.transforms.windowing.PaneInfo.Timing;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Event-time behaviour of {@link AggregateWindows} with {@link TestStream}: early, on-time, late
 * and droppably late data, accumulation modes, session merging and sliding overlaps (in the style
 * of Beam's LeaderBoardTest).
 */
@ExtendWith(TestPipelineExtension.class)
class AggregateWindowsTest {

  private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");

  private static TimestampedValue<KV<String, Double>> at(int minutes, double value) {
    return TimestampedValue.of(KV.of("a", value), T.plus(Duration.standardMinutes(minutes)));
  }

  private static Instant min(int minutes) {
    return T.plus(Duration.standardMinutes(minutes));
  }

  private static WindowResult<String, Double> pane(
      int start, int end, Timing timing, long index, boolean last, double value) {
    return new WindowResult<>("a", min(start), min(end), timing, index, last, value);
  }

  /** 1 and 2 early, 4 on time, 8 late within lateness, 16 after the window expired. */
  private static TestStream<KV<String, Double>> lateStory() {
    return TestStream.create(KvCoder.of(StringUtf8Coder.of(), DoubleCoder.of()))
        .advanceWatermarkTo(T)
        .addElements(at(10, 1), at(20, 2))
        .addElements(at(30, 4))
        .advanceWatermarkTo(min(60))
        .addElements(at(40, 8))
        .advanceWatermarkTo(min(120))
        .addElements(at(50, 16))
        .advanceWatermarkToInfinity();
  }

  @Test
  void discardingPanesPartitionTheDataAndTooLateDataIsRouted(TestPipeline p) {
    WindowSpec spec = WindowSpec.parse("tumbling:1h,lateness=30m,early=2");
    WindowedAggregation<String, Double, Double> agg =
        p.apply(lateStory()).apply(AggregateWindows.perKey(spec, Sum.ofDoubles()));
    PAssert.that(agg.results())
        .containsInAnyOrder(
            pane(0, 60, Timing.EARLY, 0, false, 3),
            pane(0, 60, Timing.ON_TIME, 1, false, 4),
            pane(0, 60, Timing.LATE, 2, false, 8));
    PAssert.that(agg.late()).containsInAnyOrder(KV.of("a", 16.0));
    p.run().waitUntilFinish();
  }

  @Test
  void accumulatingPanesGrow(TestPipeline p) {
    WindowSpec spec = WindowSpec.parse("tumbling:1h,lateness=30m,early=2,accumulating");
    WindowedAggregation<String, Double, Double> agg =
        p.apply(lateStory()).apply(AggregateWindows.perKey(spec, Sum.ofDoubles()));
    PAssert.that(agg.results())
        .containsInAnyOrder(
            pane(0, 60, Timing.EARLY, 0, false, 3),
            pane(0, 60, Timing.ON_TIME, 1, false, 7),
            pane(0, 60, Timing.LATE, 2, false, 15));
    PAssert.that(agg.late()).containsInAnyOrder(KV.of("a", 16.0));
    p.run().waitUntilFinish();
  }

  @Test
  void withoutLatenessEverythingBehindTheWatermarkIsLateAndTheOnTimePaneIsFinal(TestPipeline p) {
    TestStream<KV<String, Double>> stream =
        TestStream.create(KvCoder.of(StringUtf8Coder.of(), DoubleCoder.of()))
            .advanceWatermarkTo(T)
            .addElements(at(10, 1), at(70, 2))
            .advanceWatermarkTo(min(65))
            .addElements(at(20, 4), at(61, 8))
            .advanceWatermarkToInfinity();
    WindowedAggregation<String, Double, Double> agg =
        p.apply(stream).apply(AggregateWindows.perKey(WindowSpec.parse("tumbling:1h"), Sum.ofDoubles()));
    PAssert.that(agg.results())
        .containsInAnyOrder(
            pane(0, 60, Timing.ON_TIME, 0, true, 1), pane(60, 120, Timing.ON_TIME, 0, true, 10));
    PAssert.that(agg.late()).containsInAnyOrder(KV.of("a", 4.0));
    p.run().waitUntilFinish();
  }

  @Test
  void lateDataForAWindowTheShardNeverSawIsRoutedNotDropped(TestPipeline p) {
    // The split's shard saw only the first hour and, later, the fourth; the watermark passes the
    // second and third hours with no element in them. A reading of the third hour that arrives
    // then must reach late() or, if the step had not yet caught up with the watermark (its grid
    // timers fire one step at a time), a pane that its watermark hold keeps open; the runner must
    // not drop it. Which of the two depends on when the runner fires those timers.
    TestStream<KV<String, Double>> stream =
        TestStream.create(KvCoder.of(StringUtf8Coder.of(), DoubleCoder.of()))
            .advanceWatermarkTo(T)
            .addElements(at(10, 1), at(230, 2))
            .advanceWatermarkTo(min(210))
            .addElements(at(130, 4))
            .advanceWatermarkToInfinity();
    WindowedAggregation<String, Double, Double> agg =
        p.apply(stream)
            .apply(AggregateWindows.<String, Double, Double>perKey(WindowSpec.parse("tumbling:1h"), Sum.ofDoubles()).withLateDataShards(1));
    PAssert.that(everyValue(agg)).containsInAnyOrder(1.0, 2.0, 4.0);
    p.run().waitUntilFinish();
  }

  private static Window<Double> inOneWindow() {
    return Window.<Double>into(new GlobalWindows())
        .triggering(DefaultTrigger.of())
        .withAllowedLateness(Duration.ZERO)
        .discardingFiredPanes();
  }

  /** The values of every result pane and every late element, in one collection. */
  private static PCollection<Double> everyValue(WindowedAggregation<String, Double, Double> agg) {
    PCollection<Double> inPanes =
        agg.results()
            .apply("Pane values", MapElements.into(TypeDescriptors.doubles()).via(WindowResult::getValue))
            .apply("Panes in one window", inOneWindow());
    PCollection<Double> late =
        agg.late()
            .apply("Late values", Values.create())
            .apply("Late in one window", inOneWindow());
    return PCollectionList.of(inPanes).and(late).apply(Flatten.pCollections());
  }

  @Test
  void lateDataAfterTheShardWentQuietIsRoutedNotDropped(TestPipeline p) {
    // No window open in the shard when the late reading comes (the case Flink used to drop); as
    // above, it must be in late() or in a pane, never dropped.
    TestStream<KV<String, Double>> stream =
        TestStream.create(KvCoder.of(StringUtf8Coder.of(), DoubleCoder.of()))
            .advanceWatermarkTo(T)
            .addElements(at(10, 1))
            .advanceWatermarkTo(min(210))
            .addElements(at(130, 4), at(215, 8))
            .advanceWatermarkToInfinity();
    WindowedAggregation<String, Double, Double> agg =
        p.apply(stream)
            .apply(
                AggregateWindows.<String, Double, Double>perKey(WindowSpec.parse("tumbling:1h,lateness=10m"), Sum.ofDoubles())
                    .withLateDataShards(1));
    PAssert.that(everyValue(agg)).containsInAnyOrder(1.0, 4.0, 8.0);
    p.run().waitUntilFinish();
  }

  @Test
  void processingTimeEarlyFirings(TestPipeline p) {
    TestStream<KV<String, Double>> stream =
        TestStream.create(KvCoder.of(StringUtf8Coder.of(), DoubleCoder.of()))
            .advanceWatermarkTo(T)
            .addElements(at(5, 1))
            .advanceProcessingTime(Duration.standardMinutes(2))
            .addElements(at(6, 2))
            .advanceWatermarkToInfinity();
    WindowedAggregation<String, Double, Double> agg =
        p.apply(stream)
            .apply(AggregateWindows.perKey(WindowSpec.parse("tumbling:1h,early=1m"), Sum.ofDoubles()));
    PAssert.that(agg.results())
        .containsInAnyOrder(
            pane(0, 60, Timing.EARLY, 0, false, 1), pane(0, 60, Timing.ON_TIME, 1, true, 2));
    p.run().waitUntilFinish();
  }

  @Test
  void sessionsMergeWhenALateArrivalBridgesTheGap(TestPipeline p) {
    TestStream<KV<String, Double>> stream =
        TestStream.create(KvCoder.of(StringUtf8Coder.of(), DoubleCoder.of()))
            .advanceWatermarkTo(T)
            .addElements(at(0, 1), at(5, 2), at(30, 4))
            .addElements(at(12, 8))
            .advanceWatermarkToInfinity();
    WindowedAggregation<String, Double, Double> agg =
        p.apply(stream).apply(AggregateWindows.perKey(WindowSpec.parse("session:10m"), Sum.ofDoubles()));
    PAssert.that(agg.results())
        .containsInAnyOrder(
            pane(0, 22, Timing.ON_TIME, 0, true, 11), pane(30, 40, Timing.ON_TIME, 0, true, 4));
    p.run().waitUntilFinish();
  }

  @Test
  void slidingWindowsCountAnElementInEveryWindowItFallsIn(TestPipeline p) {
    TestStream<KV<String, Double>> stream =
        TestStream.create(KvCoder.of(StringUtf8Coder.of(), DoubleCoder.of()))
            .advanceWatermarkTo(T)
            .addElements(at(45, 1), at(75, 2))
            .advanceWatermarkToInfinity();
    WindowedAggregation<String, Double, Double> agg =
        p.apply(stream).apply(AggregateWindows.perKey(WindowSpec.parse("sliding:1h/30m"), Sum.ofDoubles()));
    PAssert.that(agg.results())
        .containsInAnyOrder(
            pane(0, 60, Timing.ON_TIME, 0, true, 1),
            pane(30, 90, Timing.ON_TIME, 0, true, 3),
            pane(60, 120, Timing.ON_TIME, 0, true, 2));
    PAssert.that(agg.late()).empty();
    p.run().waitUntilFinish();
  }

  @Test
  void globalAggregationHasNoKeyAndStillRoutesLateData(TestPipeline p) {
    TestStream<Double> stream =
        TestStream.create(DoubleCoder.of())
            .advanceWatermarkTo(T)
            .addElements(
                TimestampedValue.of(1.0, min(10)),
                TimestampedValue.of(2.0, min(20)),
                TimestampedValue.of(4.0, min(70)))
            .advanceWatermarkTo(min(90))
            .addElements(TimestampedValue.of(8.0, min(30)))
            .advanceWatermarkToInfinity();
    WindowedAggregation<Void, Double, Long> agg =
        p.apply(stream)
            .apply(
                AggregateWindows.globally(
                    WindowSpec.parse("tumbling:1h"), org.apache.beam.sdk.transforms.Count.<Double>combineFn()));
    PAssert.that(agg.results())
        .containsInAnyOrder(
            new WindowResult<Void, Long>(null, min(0), min(60), Timing.ON_TIME, 0, true, 2L),
            new WindowResult<Void, Long>(null, min(60), min(120), Timing.ON_TIME, 0, true, 1L));
    PAssert.that(agg.late()).containsInAnyOrder(KV.of((Void) null, 8.0));
    p.run().waitUntilFinish();
  }
}
