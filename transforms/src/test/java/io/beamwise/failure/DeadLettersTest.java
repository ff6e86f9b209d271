package io.beamwise.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.beamwise.testing.TestPipelineExtension;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class DeadLettersTest {

  private static Failure failure(String stage, String reason, long line) {
    return Failure.of(stage, reason, "m", null, "/in/x", line, "payload", Instant.EPOCH);
  }

  @Test
  void flattensEveryStageAndCountsByStageAndReason(TestPipeline p) {
    PCollection<Failure> parse =
        p.apply("Parse failures", Create.of(failure("parse", "bad_value", 1), failure("parse", "bad_value", 2)));
    PCollection<Failure> score =
        p.apply("Score failures", Create.of(failure("score", "late_for_scoring", 3)));
    PCollection<Failure> all = DeadLetters.of(parse, score);
    PAssert.that(
            all.apply(MapElements.into(TypeDescriptors.strings()).via(f -> f.getStage() + ":" + f.getLine())))
        .containsInAnyOrder("parse:1", "parse:2", "score:3");
    PipelineResult result = p.run();
    result.waitUntilFinish();

    long total = 0;
    long badValue = 0;
    for (MetricResult<Long> c :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.inNamespace(DeadLetters.METRICS_NAMESPACE))
                    .build())
            .getCounters()) {
      if (c.getName().getName().equals("dead_letters")) {
        total += c.getAttempted();
      } else if (c.getName().getName().equals("parse.bad_value")) {
        badValue += c.getAttempted();
      }
    }
    assertEquals(3, total);
    assertEquals(2, badValue);
  }

  @Test
  void payloadIsTruncatedAndItsSizeKept() {
    String big = "é".repeat(Failure.MAX_PAYLOAD_CHARS + 10);
    Failure f = Failure.of("parse", "bad_value", "m", new IllegalStateException(), "s", 4, big, Instant.EPOCH);
    assertEquals(Failure.MAX_PAYLOAD_CHARS, f.getPayload().length());
    assertEquals(2 * (Failure.MAX_PAYLOAD_CHARS + 10), f.getPayloadBytes());
    assertEquals("java.lang.IllegalStateException", f.getErrorClass());
  }
}
