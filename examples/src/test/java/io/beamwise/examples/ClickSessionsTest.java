package io.beamwise.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.beamwise.examples.ClickSessions.Click;
import io.beamwise.failure.Failure;
import io.beamwise.testing.TestPipelineExtension;
import io.beamwise.windows.WindowSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class ClickSessionsTest {

  private static final Instant T = Instant.parse("2024-01-01T10:00:00Z");

  private static TimestampedValue<Click> click(String user, int minute, long line) {
    Instant at = T.plus(Duration.standardMinutes(minute));
    return TimestampedValue.of(Click.of(user, "/p" + line, at, "clicks.jsonl", line), at);
  }

  @Test
  void sessionsPerUserAndALateClickRoutedWithItsLine(TestPipeline p) throws NoSuchSchemaException {
    TestStream<Click> clicks =
        TestStream.create(p.getSchemaRegistry().getSchemaCoder(Click.class))
            .advanceWatermarkTo(T)
            .addElements(click("alice", 0, 1), click("bob", 5, 2), click("alice", 10, 3))
            .advanceWatermarkTo(T.plus(Duration.standardMinutes(60)))
            .addElements(click("alice", 110, 4)) // a new session keeps alice's shard informed
            .advanceWatermarkTo(T.plus(Duration.standardMinutes(120)))
            // Alice's first session expired at 10:50 (10:40 + 10 min lateness) and her shard's timer
            // saw it; a click at 10:05 belongs to it and is routed, not dropped.
            .addElements(click("alice", 5, 5))
            .advanceWatermarkToInfinity();

    ClickSessions.Sessions s =
        ClickSessions.sessionize(p.apply(clicks), WindowSpec.parse("session:30m,lateness=10m"));

    PAssert.that(s.sessions().apply(MapElements.into(TypeDescriptors.strings()).via(ClickSessions::toJson)))
        .containsInAnyOrder(
            "{\"user\":\"alice\",\"start\":\"2024-01-01T10:00:00.000Z\",\"end\":\"2024-01-01T10:40:00.000Z\",\"clicks\":2}",
            "{\"user\":\"bob\",\"start\":\"2024-01-01T10:05:00.000Z\",\"end\":\"2024-01-01T10:35:00.000Z\",\"clicks\":1}",
            "{\"user\":\"alice\",\"start\":\"2024-01-01T11:50:00.000Z\",\"end\":\"2024-01-01T12:20:00.000Z\",\"clicks\":1}");
    PAssert.that(s.lateClicks())
        .satisfies(
            late -> {
              List<String> seen = new ArrayList<>();
              for (Failure f : late) {
                seen.add(f.getReason() + " " + f.getSource() + ":" + f.getLine());
              }
              assertEquals(List.of("late_for_window clicks.jsonl:5"), seen);
              return null;
            });
    p.run();
  }
}
