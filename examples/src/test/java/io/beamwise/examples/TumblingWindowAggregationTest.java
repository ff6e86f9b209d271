package io.beamwise.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.beamwise.failure.Failure;
import io.beamwise.monitor.MonitorResult;
import io.beamwise.parse.SourceLine;
import io.beamwise.testing.TestPipelineExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class TumblingWindowAggregationTest {

  private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");

  private static TimestampedValue<SourceLine> line(long n, String text) {
    // As Kafka lines arrive: the element timestamp is before the event time in the payload.
    return TimestampedValue.of(SourceLine.of("kafka:raw/0", n, text), BoundedWindow.TIMESTAMP_MIN_VALUE);
  }

  private static String reading(String sensor, int second, double value) {
    return "{\"sensor\":\"" + sensor + "\",\"ts\":\"" + T.plus(second * 1000L) + "\",\"value\":" + value + "}";
  }

  @Test
  void tenSecondWindowsPerSensorAndTheRestAsDeadLetters(TestPipeline p) throws NoSuchSchemaException {
    TestStream<SourceLine> lines =
        TestStream.create(p.getSchemaRegistry().getSchemaCoder(SourceLine.class))
            .advanceWatermarkTo(T)
            .addElements(
                line(1, reading("a", 1, 1.0)),
                line(2, reading("a", 5, 3.0)),
                line(3, reading("b", 7, 5.0)),
                line(4, reading("a", 12, 10.0)),
                line(5, "not json"))
            .advanceWatermarkTo(T.plus(30_000))
            .addElements(line(6, reading("a", 2, 100.0))) // its window [0 s, 10 s) has closed
            .advanceWatermarkToInfinity();

    MonitorResult r = p.apply(lines).apply(TumblingWindowAggregation.aggregate());

    PAssert.that(r.windowStats().apply(MapElements.into(TypeDescriptors.strings()).via(TumblingWindowAggregation::toJson)))
        .containsInAnyOrder(
            "{\"sensor\":\"a\",\"window_start\":\"2024-01-01T00:00:00.000Z\",\"window_end\":\"2024-01-01T00:00:10.000Z\",\"count\":2,\"min\":1.0,\"max\":3.0,\"mean\":2.0}",
            "{\"sensor\":\"b\",\"window_start\":\"2024-01-01T00:00:00.000Z\",\"window_end\":\"2024-01-01T00:00:10.000Z\",\"count\":1,\"min\":5.0,\"max\":5.0,\"mean\":5.0}",
            "{\"sensor\":\"a\",\"window_start\":\"2024-01-01T00:00:10.000Z\",\"window_end\":\"2024-01-01T00:00:20.000Z\",\"count\":1,\"min\":10.0,\"max\":10.0,\"mean\":10.0}");
    PAssert.that(r.scores()).empty();
    PAssert.that(r.failures())
        .satisfies(
            failures -> {
              List<String> seen = new ArrayList<>();
              for (Failure f : failures) {
                seen.add(f.getReason() + " " + f.getSource() + ":" + f.getLine());
              }
              Collections.sort(seen);
              assertEquals(List.of("late_for_window kafka:raw/0:6", "malformed_json kafka:raw/0:5"), seen);
              return null;
            });
    p.run();
  }
}
