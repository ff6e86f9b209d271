package io.beamwise.anomaly;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.anomaly.detectors.MahalanobisDetector;
import io.beamwise.anomaly.detectors.MultivariateDetector;
import io.beamwise.testing.TestPipelineExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ScoreAnomalies#multivariate}: the same event-time ordering contract as the univariate
 * transform, over {@link MultivariateReading}s scored by a {@link MahalanobisDetector}.
 */
@ExtendWith(TestPipelineExtension.class)
class ScoreMultivariateAnomaliesTest {

  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final MahalanobisDetector.Spec SPEC = MahalanobisDetector.spec(2, 0.05).withMinPoints(10);
  private static final double THRESHOLD = 0.6;

  /**
   * Two machines, 120 points each, one a minute: two correlated components (y ≈ 2x), with a point
   * every 40 that breaks the correlation (normal in each component, anomalous jointly).
   */
  private static List<MultivariateReading> points() {
    Random random = new Random(5);
    List<MultivariateReading> out = new ArrayList<>();
    for (String key : new String[] {"m1", "m2"}) {
      for (int i = 0; i < 120; i++) {
        double x = random.nextGaussian();
        double y = 2 * x + 0.1 * random.nextGaussian();
        if (i % 40 == 39) {
          y = -2 * x + (x >= 0 ? -1 : 1);
        }
        out.add(
            MultivariateReading.of(
                key, T0.plus(Duration.standardMinutes(i)), new double[] {x, y}, "/in/" + key, i + 1));
      }
    }
    return out;
  }

  /** The specification: per key, in EVENT_ORDER, score then learn. */
  private static List<AnomalyResult> expected(List<MultivariateReading> input) {
    Map<String, List<MultivariateReading>> byKey = new TreeMap<>();
    for (MultivariateReading r : input) {
      byKey.computeIfAbsent(r.getKey(), k -> new ArrayList<>()).add(r);
    }
    List<AnomalyResult> expected = new ArrayList<>();
    for (List<MultivariateReading> series : byKey.values()) {
      series.sort(MultivariateReading.EVENT_ORDER);
      MultivariateDetector d = SPEC.create();
      for (MultivariateReading r : series) {
        if (!d.isReady()) {
          expected.add(
              AnomalyResult.createMultivariate(
                  r, 0.0, AnomalyResult.WARMING_UP, THRESHOLD, SPEC.describe(), false, Map.of()));
        } else {
          double s = d.score(r.valuesArray());
          expected.add(
              AnomalyResult.createMultivariate(
                  r,
                  s,
                  s > THRESHOLD ? AnomalyResult.ANOMALY : AnomalyResult.NORMAL,
                  THRESHOLD,
                  SPEC.describe(),
                  false,
                  Map.of()));
        }
        d.learn(r.valuesArray());
      }
    }
    return expected;
  }

  private static Coder<MultivariateReading> coder(TestPipeline p) {
    try {
      return p.getSchemaRegistry().getSchemaCoder(MultivariateReading.class);
    } catch (NoSuchSchemaException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void shuffledBoundedInputIsScoredInEventTimeOrderAndWrongDimensionsAreRejected(TestPipeline p) {
    List<MultivariateReading> input = points();
    List<AnomalyResult> expected = expected(input);
    assertTrue(expected.stream().filter(AnomalyResult::getIsAnomaly).count() >= 4, "broken correlations flagged");

    MultivariateReading wrong =
        MultivariateReading.of("m1", T0.plus(Duration.standardMinutes(60)), new double[] {1, 2, 3}, "/in/m1", 999);
    List<TimestampedValue<MultivariateReading>> shuffled = new ArrayList<>();
    for (MultivariateReading r : input) {
      shuffled.add(TimestampedValue.of(r, r.getTimestamp()));
    }
    shuffled.add(TimestampedValue.of(wrong, wrong.getTimestamp()));
    Collections.shuffle(shuffled, new Random(9));

    ScoringResult<MultivariateReading> result =
        p.apply(Create.timestamped(shuffled).withCoder(coder(p)))
            .apply(ScoreAnomalies.multivariate(SPEC).withThreshold(THRESHOLD));
    PAssert.that(result.scores()).containsInAnyOrder(expected);
    PAssert.that(result.late()).empty();
    PAssert.that(result.rejected()).containsInAnyOrder(wrong);
    p.run().waitUntilFinish();
  }

  @ParameterizedTest(name = "seed {0}, disorder {1} min, watermark every {2}")
  @CsvSource({"21, 10, 3", "22, 45, 1", "23, 200, 40"})
  void streamingOutOfOrderInputGivesTheSameScoresAsBatch(
      long seed, int disorderMinutes, int every, TestPipeline p) {
    List<MultivariateReading> input = points();
    Random random = new Random(seed);
    Map<MultivariateReading, Long> arrivalKey = new HashMap<>();
    for (MultivariateReading r : input) {
      arrivalKey.put(r, r.getTimestamp().getMillis() + random.nextInt(disorderMinutes * 60_000));
    }
    List<MultivariateReading> arrival = new ArrayList<>(input);
    arrival.sort(Comparator.comparingLong(arrivalKey::get));
    TestStream.Builder<MultivariateReading> stream = TestStream.create(coder(p)).advanceWatermarkTo(T0);
    Instant maxSeen = T0;
    for (int i = 0; i < arrival.size(); i++) {
      MultivariateReading r = arrival.get(i);
      stream = stream.addElements(TimestampedValue.of(r, r.getTimestamp()));
      maxSeen = r.getTimestamp().isAfter(maxSeen) ? r.getTimestamp() : maxSeen;
      Instant watermark = maxSeen.minus(Duration.standardMinutes(disorderMinutes + 1));
      if (i % every == every - 1 && watermark.isAfter(T0)) {
        stream = stream.advanceWatermarkTo(watermark);
      }
    }
    ScoringResult<MultivariateReading> result =
        p.apply(stream.advanceWatermarkToInfinity())
            .apply(ScoreAnomalies.multivariate(SPEC).withThreshold(THRESHOLD));
    PAssert.that(result.scores()).containsInAnyOrder(expected(input));
    PAssert.that(result.late()).empty();
    PAssert.that(result.rejected()).empty();
    p.run().waitUntilFinish();
  }
}
