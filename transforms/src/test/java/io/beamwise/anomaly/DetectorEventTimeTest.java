package io.beamwise.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.parse.SensorReading;
import io.beamwise.testing.TestPipelineExtension;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Detectors get each point's event time, through wrappers, ensembles and the pipeline. */
@ExtendWith(TestPipelineExtension.class)
class DetectorEventTimeTest {

  private static final long HOUR = 3_600_000L;

  /**
   * Scores the gap since the last learned point's event time, in hours (capped at 1); without a
   * time it scores 0 and learns nothing. Ready after one timed point.
   */
  static final class GapSpec implements DetectorSpec {
    private static final long serialVersionUID = 1L;

    @Override
    public Detector create() {
      return new Gap();
    }

    @Override
    public Coder<Detector> stateCoder() {
      return new CustomCoder<Detector>() {
        @Override
        public void encode(Detector d, OutputStream out) throws IOException {
          new DataOutputStream(out).writeLong(((Gap) d).last);
        }

        @Override
        public Detector decode(InputStream in) throws IOException {
          Gap g = new Gap();
          g.last = new DataInputStream(in).readLong();
          return g;
        }
      };
    }

    @Override
    public String describe() {
      return "gap";
    }
  }

  private static final class Gap implements Detector {
    long last = Long.MIN_VALUE;

    @Override
    public boolean isReady() {
      return last != Long.MIN_VALUE;
    }

    @Override
    public double score(double x) {
      return 0;
    }

    @Override
    public void learn(double x) {}

    @Override
    public double score(long eventTimeMillis, double x) {
      return Math.min(1.0, (eventTimeMillis - last) / (double) HOUR);
    }

    @Override
    public void learn(long eventTimeMillis, double x) {
      last = eventTimeMillis;
    }
  }

  @Test
  void untimedCallsIgnoreTheTimeByDefault() {
    Detector z = RollingZScore.spec(5).withMinPoints(3).create();
    Detector timed = RollingZScore.spec(5).withMinPoints(3).create();
    double[] xs = {1, 2, 1, 3, 2, 8};
    for (int i = 0; i < xs.length; i++) {
      if (z.isReady()) {
        assertEquals(z.score(xs[i]), timed.score(i * HOUR, xs[i]), 0.0);
      }
      z.learn(xs[i]);
      timed.learn(i * HOUR, xs[i]);
    }
  }

  @Test
  void wrappersAndEnsemblesPassTheTimeOn() {
    GapSpec gap = new GapSpec();
    DetectorSpec[] specs = {
      gap,
      AlignedScore.of(gap, 0.5),
      Ensemble.of(Ensemble.Combiner.MAX, gap, gap),
      AnomalyLikelihood.of(gap).withProbation(2)
    };
    for (DetectorSpec spec : specs) {
      Detector d = spec.create();
      d.learn(0, 1.0);
      d.learn(HOUR / 4, 1.0);
      d.learn(HOUR / 2, 1.0);
      Detector expected = gap.create();
      expected.learn(HOUR / 2, 1.0);
      double raw = expected.score(HOUR, 1.0); // half an hour after the last learned point
      assertEquals(0.5, raw, 0.0);
      if (spec instanceof AlignedScore.Spec) {
        assertEquals(0.75, d.score(HOUR, 1.0), 0.0, spec.describe());
      } else if (spec instanceof AnomalyLikelihood.Spec) {
        // the fitted raw scores are the timed ones (0.25): a raw 0.5 is unusual, an untimed 0 is not
        assertTrue(d.score(HOUR, 1.0) > d.score(1.0), spec.describe());
      } else {
        assertEquals(0.5, d.score(HOUR, 1.0), 0.0, spec.describe());
        assertEquals(0.0, d.score(1.0), 0.0, spec.describe());
      }
    }
  }

  @Test
  void scoreAnomaliesGivesDetectorsTheEventTimeInAnyArrivalOrder(TestPipeline p) {
    Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
    List<TimestampedValue<SensorReading>> input = new ArrayList<>();
    Instant t = t0;
    for (int i = 0; i < 40; i++) {
      t = t.plus(Duration.standardMinutes(i == 25 ? 45 : 5)); // one 45-minute gap
      SensorReading r = SensorReading.create("s", t, 1.0, "/in/s.csv", i + 2);
      input.add(TimestampedValue.of(r, r.getTimestamp()));
    }
    Collections.shuffle(input, new Random(5));
    ScoringResult<SensorReading> result =
        p.apply(Create.timestamped(input))
            .apply(ScoreAnomalies.with(new GapSpec()).withThreshold(0.5));
    PAssert.that(
            result
                .scores()
                .apply(Filter.by(AnomalyResult::getIsAnomaly))
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(r -> r.getTimestamp() + " " + r.getScore())))
        .containsInAnyOrder(t0.plus(Duration.standardMinutes(5 * 25 + 45)) + " 0.75");
    p.run().waitUntilFinish();
  }
}
