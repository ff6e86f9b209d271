package io.beamwise.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.testing.TestPipelineExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class ComputeWindowStatsTest {

  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final Duration HOUR = Duration.standardHours(1);

  @Test
  void tumblingStatsEqualAStraightforwardComputation(TestPipeline p) {
    Random random = new Random(5);
    List<TimestampedValue<KV<String, Double>>> input = new ArrayList<>();
    // key -> window start millis -> values
    Map<String, Map<Long, List<Double>>> byWindow = new HashMap<>();
    for (int i = 0; i < 2000; i++) {
      String key = "k" + random.nextInt(4);
      Instant t = T0.plus((long) random.nextInt(10 * 3_600_000));
      double v = 1e6 + random.nextGaussian() * 3;
      input.add(TimestampedValue.of(KV.of(key, v), t));
      long start = t.getMillis() - Math.floorMod(t.getMillis(), HOUR.getMillis());
      byWindow.computeIfAbsent(key, k -> new HashMap<>()).computeIfAbsent(start, s -> new ArrayList<>()).add(v);
    }
    PCollection<WindowStats> stats =
        p.apply(Create.timestamped(input)).apply(ComputeWindowStats.tumbling(HOUR)).stats();

    PAssert.that(stats)
        .satisfies(
            results -> {
              int n = 0;
              for (WindowStats s : results) {
                n++;
                List<Double> values = byWindow.get(s.getKey()).get(s.getWindowStart().getMillis());
                assertEquals(s.getWindowStart().plus(HOUR), s.getWindowEnd());
                assertEquals(values.size(), s.getCount());
                double min = Double.MAX_VALUE, max = -Double.MAX_VALUE, sum = 0;
                for (double v : values) {
                  min = Math.min(min, v);
                  max = Math.max(max, v);
                  sum += v;
                }
                double mean = sum / values.size();
                double squares = 0;
                for (double v : values) {
                  squares += (v - mean) * (v - mean);
                }
                assertEquals(min, s.getMin(), 0.0);
                assertEquals(max, s.getMax(), 0.0);
                assertEquals(mean, s.getMean(), Math.abs(mean) * 1e-12);
                assertEquals(Math.sqrt(squares / (values.size() - 1)), s.getStdDev(), 1e-6);
              }
              int windows = byWindow.values().stream().mapToInt(Map::size).sum();
              assertEquals(windows, n, "one result per key and non-empty window");
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void windowsAreAlignedToTheEpochInUtc(TestPipeline p) {
    Instant t = Instant.parse("2024-03-10T07:59:59.999Z");
    PCollection<WindowStats> stats =
        p.apply(Create.timestamped(TimestampedValue.of(KV.of("a", 2.0), t)))
            .apply(ComputeWindowStats.tumbling(HOUR)).stats();
    PAssert.thatSingleton(stats)
        .satisfies(
            s -> {
              assertEquals(Instant.parse("2024-03-10T07:00:00Z"), s.getWindowStart());
              assertEquals(Instant.parse("2024-03-10T08:00:00Z"), s.getWindowEnd());
              assertEquals(1, s.getCount());
              assertTrue(Double.isNaN(s.getStdDev()), "one value has no sample deviation");
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void dataBehindTheWatermarkIsNotCountedInAFiredWindow(TestPipeline p) {
    // Current behaviour (zero allowed lateness): the late value is dropped by the runner.
    TestStream<KV<String, Double>> stream =
        TestStream.create(KvCoder.of(StringUtf8Coder.of(), DoubleCoder.of()))
            .addElements(TimestampedValue.of(KV.of("a", 1.0), T0.plus(Duration.standardMinutes(10))))
            .advanceWatermarkTo(T0.plus(Duration.standardMinutes(70)))
            .addElements(TimestampedValue.of(KV.of("a", 5.0), T0.plus(Duration.standardMinutes(20))))
            .advanceWatermarkToInfinity();
    PCollection<WindowStats> stats = p.apply(stream).apply(ComputeWindowStats.tumbling(HOUR)).stats();
    PAssert.thatSingleton(stats)
        .satisfies(
            s -> {
              assertEquals(1, s.getCount());
              assertEquals(1.0, s.getMax(), 0.0);
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void sizeMustBePositive() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ComputeWindowStats.tumbling(Duration.ZERO));
    assertTrue(e.getMessage().contains("window size"), e.getMessage());
  }
}
