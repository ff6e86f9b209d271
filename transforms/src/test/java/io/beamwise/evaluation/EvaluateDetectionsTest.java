package io.beamwise.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beamwise.anomaly.AnomalyResult;
import io.beamwise.parse.SensorReading;
import io.beamwise.testing.TestPipelineExtension;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.Pipeline.PipelineExecutionException;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class EvaluateDetectionsTest {

  private static final Instant T0 = Instant.parse("2014-01-01T00:00:00Z");
  private static final String LABELS =
      "{\"realKnownCause/machine.csv\": [[\"2014-01-01 02:30:00.000000\", \"2014-01-01 02:45:00.000000\"]]}";

  /** 40 five-minute rows of /data/machine.csv, shuffled; row {@code detectAt} scores 1. */
  private static List<AnomalyResult> scores(String file, int detectAt) {
    List<AnomalyResult> out = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      SensorReading r =
          SensorReading.create("machine", T0.plus(Duration.standardMinutes(5L * i)), 1.0, file, i + 2);
      double s = i == detectAt ? 1.0 : 0.0;
      out.add(AnomalyResult.of(r, s, s > 0.5 ? AnomalyResult.ANOMALY : AnomalyResult.NORMAL, 0.5, "test"));
    }
    Collections.shuffle(out, new java.util.Random(1));
    return out;
  }

  @Test
  void aDetectionAtTheWindowStartIsAPerfectNabScore(TestPipeline p) {
    PAssert.thatSingleton(
            p.apply(Create.of(scores("/data/machine.csv", 30)))
                .apply(EvaluateDetections.against(LABELS, ZoneOffset.UTC)))
        .satisfies(
            json -> {
              try {
                JsonNode report = new ObjectMapper().readTree(json);
                assertEquals(1, report.get("files").asInt());
                for (JsonNode profile : report.get("profiles")) {
                  assertEquals(100.0, profile.get("score").asDouble(), 1e-9, profile.toString());
                }
                assertEquals(1.0, report.get("at_standard_threshold").get("window_recall").asDouble());
              } catch (java.io.IOException e) {
                throw new AssertionError(e);
              }
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void scoresOfAnUnlabelledFileFailThePipeline(TestPipeline p) {
    p.apply(Create.of(scores("/data/other.csv", 30)))
        .apply(EvaluateDetections.against(LABELS, ZoneOffset.UTC));
    PipelineExecutionException e =
        assertThrows(PipelineExecutionException.class, () -> p.run().waitUntilFinish());
    assertEquals(true, String.valueOf(e.getCause().getMessage()).contains("other.csv"), e.toString());
  }

  @Test
  void badLabelsFailAtConstruction() {
    assertThrows(IllegalArgumentException.class, () -> EvaluateDetections.against("{", ZoneOffset.UTC));
  }
}
