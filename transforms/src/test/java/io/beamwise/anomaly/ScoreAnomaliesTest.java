package io.beamwise.anomaly;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.anomaly.detectors.Detector;
import io.beamwise.anomaly.detectors.RollingZScore;
import io.beamwise.parse.SensorReading;
import io.beamwise.testing.TestPipelineExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
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
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Reify;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(TestPipelineExtension.class)
class ScoreAnomaliesTest {

  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final RollingZScore.Spec SPEC = RollingZScore.spec(20).withMinPoints(5);
  private static final double THRESHOLD = 0.6;

  /**
   * Two sensors, 5-minute readings with noise, a few spikes, and every 10th reading repeating the
   * previous timestamp (ties are broken by line number).
   */
  private static List<SensorReading> readings() {
    Random random = new Random(7);
    List<SensorReading> out = new ArrayList<>();
    for (String sensor : new String[] {"a", "b"}) {
      Instant t = T0;
      for (int i = 0; i < 150; i++) {
        if (i % 10 != 9) {
          t = t.plus(Duration.standardMinutes(5));
        }
        double value = 20 + random.nextGaussian() + (i % 37 == 36 ? 15 : 0);
        out.add(SensorReading.create(sensor, t, value, "/in/" + sensor + ".csv", i + 2));
      }
    }
    return out;
  }

  /** The specification: per sensor, in EVENT_ORDER, score then learn. */
  private static List<AnomalyResult> expectedScores(List<SensorReading> input) {
    Map<String, List<SensorReading>> bySensor = new TreeMap<>();
    for (SensorReading r : input) {
      bySensor.computeIfAbsent(r.getSensor(), k -> new ArrayList<>()).add(r);
    }
    List<AnomalyResult> expected = new ArrayList<>();
    for (List<SensorReading> series : bySensor.values()) {
      series.sort(SensorReading.EVENT_ORDER);
      Detector d = SPEC.create();
      for (SensorReading r : series) {
        if (!d.isReady()) {
          expected.add(AnomalyResult.of(r, 0.0, AnomalyResult.WARMING_UP, THRESHOLD, SPEC.describe()));
        } else {
          double s = d.score(r.getValue());
          expected.add(
              AnomalyResult.of(
                  r,
                  s,
                  s > THRESHOLD ? AnomalyResult.ANOMALY : AnomalyResult.NORMAL,
                  THRESHOLD,
                  SPEC.describe()));
        }
        d.learn(r.getValue());
      }
    }
    return expected;
  }

  private static Coder<SensorReading> readingCoder(TestPipeline p) {
    try {
      return p.getSchemaRegistry().getSchemaCoder(SensorReading.class);
    } catch (NoSuchSchemaException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void boundedInputInAnyOrderIsScoredInEventTimeOrder(TestPipeline p) {
    List<SensorReading> input = readings();
    List<AnomalyResult> expected = expectedScores(input);
    assertTrue(expected.stream().anyMatch(AnomalyResult::getIsAnomaly), "test data has anomalies");

    List<TimestampedValue<SensorReading>> shuffled = new ArrayList<>();
    for (SensorReading r : input) {
      shuffled.add(TimestampedValue.of(r, r.getTimestamp()));
    }
    Collections.shuffle(shuffled, new Random(3));

    ScoringResult<SensorReading> result =
        p.apply(Create.timestamped(shuffled))
            .apply(ScoreAnomalies.with(SPEC).withThreshold(THRESHOLD));
    PAssert.that(result.scores()).containsInAnyOrder(expected);
    PAssert.that(result.late()).empty();
    List<TimestampedValue<AnomalyResult>> timestamped = new ArrayList<>();
    for (AnomalyResult r : expected) {
      timestamped.add(TimestampedValue.of(r, r.getTimestamp()));
    }
    PAssert.that(result.scores().apply(Reify.timestamps())).containsInAnyOrder(timestamped);
    p.run().waitUntilFinish();
  }

  @Test
  void withDetailsEachScoreCarriesWhatItWasComputedFrom(TestPipeline p) {
    List<SensorReading> input = readings();
    Map<String, List<SensorReading>> bySensor = new TreeMap<>();
    for (SensorReading r : input) {
      bySensor.computeIfAbsent(r.getSensor(), k -> new ArrayList<>()).add(r);
    }
    List<AnomalyResult> expected = new ArrayList<>();
    for (List<SensorReading> series : bySensor.values()) {
      series.sort(SensorReading.EVENT_ORDER);
      Detector d = SPEC.create();
      for (SensorReading r : series) {
        if (!d.isReady()) {
          expected.add(AnomalyResult.of(r, 0.0, AnomalyResult.WARMING_UP, THRESHOLD, SPEC.describe()));
        } else {
          double s = d.score(r.getValue());
          Map<String, Double> details = d.details(r.getValue());
          assertEquals(3, details.size());
          expected.add(
              AnomalyResult.create(
                  r,
                  s,
                  s > THRESHOLD ? AnomalyResult.ANOMALY : AnomalyResult.NORMAL,
                  THRESHOLD,
                  SPEC.describe(),
                  false,
                  details));
        }
        d.learn(r.getValue());
      }
    }
    List<TimestampedValue<SensorReading>> timestamped = new ArrayList<>();
    for (SensorReading r : input) {
      timestamped.add(TimestampedValue.of(r, r.getTimestamp()));
    }
    ScoringResult<SensorReading> result =
        p.apply(Create.timestamped(timestamped))
            .apply(ScoreAnomalies.with(SPEC).withThreshold(THRESHOLD).withDetails());
    PAssert.that(result.scores()).containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  /**
   * Bounded input in 2-hour windows, with ties across sources (each reading repeated from a second
   * file at the same timestamp) and across lines: batch (the runner sorts each sensor by time) and
   * streaming mode (the whole window buffered, then sorted) both give each sensor and window its
   * own detector, in the full event order, timestamped with the reading's time.
   */
  @ParameterizedTest(name = "streaming mode {0}")
  @CsvSource({"false", "true"})
  void boundedWindowedInputWithTiesIsScoredPerWindowInEventOrder(boolean streaming, TestPipeline p) {
    p.getOptions().as(org.apache.beam.sdk.options.StreamingOptions.class).setStreaming(streaming);
    List<SensorReading> input = new ArrayList<>();
    for (SensorReading r : readings()) {
      input.add(r);
      if (r.getLine() % 4 == 0) {
        input.add(SensorReading.create(r.getSensor(), r.getTimestamp(), r.getValue() + 3, "/in/a-copy.csv", 1));
      }
    }
    Map<String, List<SensorReading>> byWindow = new TreeMap<>();
    for (SensorReading r : input) {
      long window = Math.floorDiv(r.getTimestamp().getMillis(), Duration.standardHours(2).getMillis());
      byWindow.computeIfAbsent(r.getSensor() + "@" + window, k -> new ArrayList<>()).add(r);
    }
    assertTrue(byWindow.size() >= 10, "windows: " + byWindow.keySet());
    List<AnomalyResult> expected = new ArrayList<>();
    for (List<SensorReading> series : byWindow.values()) {
      expected.addAll(expectedScores(series));
    }
    List<TimestampedValue<SensorReading>> shuffled = new ArrayList<>();
    for (SensorReading r : input) {
      shuffled.add(TimestampedValue.of(r, r.getTimestamp()));
    }
    Collections.shuffle(shuffled, new Random(5));
    ScoringResult<SensorReading> result =
        p.apply(Create.timestamped(shuffled))
            .apply(
                org.apache.beam.sdk.transforms.windowing.Window.into(
                    org.apache.beam.sdk.transforms.windowing.FixedWindows.of(Duration.standardHours(2))))
            .apply(ScoreAnomalies.with(SPEC).withThreshold(THRESHOLD));
    PAssert.that(result.scores()).containsInAnyOrder(expected);
    List<TimestampedValue<AnomalyResult>> timestamped = new ArrayList<>();
    for (AnomalyResult r : expected) {
      timestamped.add(TimestampedValue.of(r, r.getTimestamp()));
    }
    PAssert.that(result.scores().apply(Reify.timestamps())).containsInAnyOrder(timestamped);
    PAssert.that(result.late()).empty();
    p.run().waitUntilFinish();
  }

  /**
   * Determinism across arrival orders and watermark schedules: each case shuffles arrival by up
   * to {@code disorderMinutes} of event time (seeded) and advances the watermark every {@code
   * every} elements to {@code disorderMinutes + 1} behind the largest timestamp seen, so nothing
   * is late; the scores must equal the batch specification exactly.
   */
  @ParameterizedTest(name = "seed {0}, disorder {1} min, watermark every {2}")
  @CsvSource({"11, 30, 7", "12, 30, 1", "13, 120, 50", "14, 5, 3", "15, 600, 1000"})
  void streamingOutOfOrderInputGivesTheSameScoresAsBatch(
      long seed, int disorderMinutes, int every, TestPipeline p) {
    List<SensorReading> input = readings();
    List<AnomalyResult> expected = expectedScores(input);

    List<SensorReading> arrival = new ArrayList<>(input);
    Random random = new Random(seed);
    Map<SensorReading, Long> arrivalKey = new java.util.HashMap<>();
    for (SensorReading r : arrival) {
      arrivalKey.put(r, r.getTimestamp().getMillis() + random.nextInt(disorderMinutes * 60_000));
    }
    arrival.sort(Comparator.comparingLong(arrivalKey::get));
    TestStream.Builder<SensorReading> stream =
        TestStream.create(readingCoder(p)).advanceWatermarkTo(T0);
    Instant maxSeen = T0;
    for (int i = 0; i < arrival.size(); i++) {
      SensorReading r = arrival.get(i);
      stream = stream.addElements(TimestampedValue.of(r, r.getTimestamp()));
      maxSeen = r.getTimestamp().isAfter(maxSeen) ? r.getTimestamp() : maxSeen;
      if (i % every == every - 1) {
        Instant watermark = maxSeen.minus(Duration.standardMinutes(disorderMinutes + 1));
        if (watermark.isAfter(T0)) {
          stream = stream.advanceWatermarkTo(watermark);
        }
      }
    }
    ScoringResult<SensorReading> result =
        p.apply(stream.advanceWatermarkToInfinity())
            .apply(ScoreAnomalies.with(SPEC).withThreshold(THRESHOLD));
    PAssert.that(result.scores()).containsInAnyOrder(expected);
    PAssert.that(result.late()).empty();
    p.run().waitUntilFinish();
  }

  @Test
  void readingsBehindTheReleasedFrontierGoToTheLateOutput(TestPipeline p) {
    SensorReading r1 = reading(1, 10.0, 2);
    SensorReading r2 = reading(2, 11.0, 3);
    SensorReading lateBefore = reading(0, 99.0, 4); // before everything released
    SensorReading lateTie = reading(2, 98.0, 5); // same time as the last released reading
    SensorReading r3 = reading(3, 12.0, 6); // behind the watermark but after the frontier
    TestStream<SensorReading> stream =
        TestStream.create(readingCoder(p))
            .addElements(tv(r1), tv(r2))
            .advanceWatermarkTo(T0.plus(Duration.standardMinutes(5)))
            .addElements(tv(lateBefore), tv(lateTie), tv(r3))
            .advanceWatermarkToInfinity();
    ScoringResult<SensorReading> result =
        p.apply(stream).apply(ScoreAnomalies.with(RollingZScore.spec(2)).withThreshold(0.5));
    PAssert.that(result.late()).containsInAnyOrder(lateBefore, lateTie);
    PAssert.that(result.scores())
        .satisfies(
            scores -> {
              List<Long> lines = new ArrayList<>();
              scores.forEach(s -> lines.add(s.getLine()));
              Collections.sort(lines);
              if (!lines.equals(List.of(2L, 3L, 6L))) {
                throw new AssertionError("scored lines " + lines);
              }
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void lateReadingsCanBeScoredWithoutChangingTheInOrderScores(TestPipeline p) {
    SensorReading r1 = reading(1, 10.0, 2);
    SensorReading r2 = reading(2, 11.0, 3);
    SensorReading r3 = reading(3, 12.0, 4);
    SensorReading lateOne = reading(0, 500.0, 5);
    SensorReading r4 = reading(4, 13.0, 6);
    TestStream<SensorReading> stream =
        TestStream.create(readingCoder(p))
            .addElements(tv(r1), tv(r2), tv(r3))
            .advanceWatermarkTo(T0.plus(Duration.standardMinutes(3)))
            .addElements(tv(lateOne), tv(r4))
            .advanceWatermarkToInfinity();
    RollingZScore.Spec spec = RollingZScore.spec(3).withMinPoints(2);
    ScoringResult<SensorReading> result =
        p.apply(stream)
            .apply(
                ScoreAnomalies.with(spec)
                    .withThreshold(0.5)
                    .withLatePolicy(LatePolicy.SCORE_WITHOUT_LEARNING));
    // In-order scores as if the late reading had never arrived.
    Detector d = spec.create();
    List<AnomalyResult> expected = new ArrayList<>();
    for (SensorReading r : List.of(r1, r2, r3, r4)) {
      if (!d.isReady()) {
        expected.add(AnomalyResult.of(r, 0.0, AnomalyResult.WARMING_UP, 0.5, spec.describe()));
      } else {
        double s = d.score(r.getValue());
        expected.add(
            AnomalyResult.of(r, s, s > 0.5 ? AnomalyResult.ANOMALY : AnomalyResult.NORMAL, 0.5, spec.describe()));
      }
      d.learn(r.getValue());
    }
    PAssert.that(result.scores().apply(Filter.by(r -> !r.getLate()))).containsInAnyOrder(expected);
    PAssert.that(result.scores().apply("Late ones", Filter.by(AnomalyResult::getLate)))
        .satisfies(
            late -> {
              List<Long> lines = new ArrayList<>();
              late.forEach(
                  r -> {
                    lines.add(r.getLine());
                    if (!r.getIsAnomaly() || r.getScore() < 0.9) {
                      throw new AssertionError("500 after 10..12 is extreme: " + r);
                    }
                  });
              if (!lines.equals(List.of(5L))) {
                throw new AssertionError("late lines " + lines);
              }
              return null;
            });
    PAssert.that(result.late()).empty();
    p.run().waitUntilFinish();
  }

  @Test
  void idleSensorsLoseTheirStateAfterTheTtlAndWarmUpAgain(TestPipeline p) {
    // Two readings, then four days of silence, then two more: with a 1-day TTL the detector
    // starts over and the third reading is warming up again.
    SensorReading a = reading(0, 10.0, 2);
    SensorReading b = reading(5, 11.0, 3);
    SensorReading c = reading(4 * 24 * 60, 50.0, 4);
    SensorReading d = reading(4 * 24 * 60 + 5, 51.0, 5);
    TestStream<SensorReading> stream =
        TestStream.create(readingCoder(p))
            .addElements(tv(a), tv(b))
            .advanceWatermarkTo(T0.plus(Duration.standardDays(2)))
            .addElements(tv(c), tv(d))
            .advanceWatermarkToInfinity();
    ScoringResult<SensorReading> result =
        p.apply(stream)
            .apply(
                ScoreAnomalies.with(RollingZScore.spec(10).withMinPoints(2))
                    .withThreshold(0.5)
                    .withStateTtl(Duration.standardDays(1)));
    PAssert.that(
            result
                .scores()
                .apply(
                    org.apache.beam.sdk.transforms.MapElements.into(
                            org.apache.beam.sdk.values.TypeDescriptors.strings())
                        .via(r -> r.getLine() + ":" + r.getLabel())))
        .containsInAnyOrder("2:warming_up", "3:warming_up", "4:warming_up", "5:warming_up");
    p.run().waitUntilFinish();
  }

  @Test
  void withoutLearningFromAnomaliesALevelShiftKeepsAlerting(TestPipeline p) {
    // 40 readings around 10, then 20 at 100: learning from them would make 100 normal within a
    // window; not learning from flagged readings keeps every one of them an anomaly.
    List<TimestampedValue<SensorReading>> input = new ArrayList<>();
    Random random = new Random(9);
    for (int i = 0; i < 60; i++) {
      double v = (i < 40 ? 10 : 100) + random.nextGaussian() * 0.1;
      SensorReading r = reading(i, v, i + 2);
      input.add(TimestampedValue.of(r, r.getTimestamp()));
    }
    ScoringResult<SensorReading> learning =
        p.apply("Learning", Create.timestamped(input))
            .apply("Score learning", ScoreAnomalies.with(RollingZScore.spec(10)).withThreshold(0.6));
    ScoringResult<SensorReading> notLearning =
        p.apply("Not learning", Create.timestamped(input))
            .apply(
                "Score not learning",
                ScoreAnomalies.with(RollingZScore.spec(10))
                    .withThreshold(0.6)
                    .withoutLearningFromAnomalies());
    PAssert.that(learning.scores().apply("Alerts 1", Filter.by(AnomalyResult::getIsAnomaly)))
        .satisfies(
            alerts -> {
              int n = 0;
              for (AnomalyResult a : alerts) {
                n++;
              }
              if (n >= 20) {
                throw new AssertionError("learning should absorb the shift, alerts: " + n);
              }
              return null;
            });
    PAssert.that(notLearning.scores().apply("Alerts 2", Filter.by(AnomalyResult::getIsAnomaly)))
        .satisfies(
            alerts -> {
              int n = 0;
              for (AnomalyResult a : alerts) {
                n++;
              }
              if (n != 20) {
                throw new AssertionError("every shifted reading should alert, alerts: " + n);
              }
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void adaptiveThresholdIsReportedWithEachScore(TestPipeline p) {
    List<TimestampedValue<SensorReading>> input = new ArrayList<>();
    Random random = new Random(4);
    for (int i = 0; i < 300; i++) {
      SensorReading r = reading(i, random.nextGaussian(), i + 2);
      input.add(TimestampedValue.of(r, r.getTimestamp()));
    }
    Threshold adaptive = Threshold.adaptive(0.95, 100, 0.2);
    PAssert.that(
            p.apply(Create.timestamped(input))
                .apply(ScoreAnomalies.with(RollingZScore.spec(20)).withThreshold(adaptive))
                .scores())
        .satisfies(
            scores -> {
              // Recompute the expected threshold sequence in event-time order.
              List<AnomalyResult> sorted = new ArrayList<>();
              scores.forEach(sorted::add);
              sorted.sort(java.util.Comparator.comparingLong(AnomalyResult::getLine));
              Threshold.State state = adaptive.create();
              for (AnomalyResult r : sorted) {
                if (r.getThreshold() != state.current()) {
                  throw new AssertionError("line " + r.getLine() + " threshold " + r.getThreshold());
                }
                if (!AnomalyResult.WARMING_UP.equals(r.getLabel())) {
                  if (r.getIsAnomaly() != (r.getScore() > state.current())) {
                    throw new AssertionError("flag of line " + r.getLine());
                  }
                  state.observe(r.getScore());
                }
              }
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  void thresholdIsValidated() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ScoreAnomalies.with(SPEC).withThreshold(1.5));
    assertTrue(e.getMessage().contains("threshold"), e.getMessage());
    assertTrue(e.getMessage().contains("1.5"), e.getMessage());
  }

  private static SensorReading reading(int minutes, double value, long line) {
    return SensorReading.create(
        "s", T0.plus(Duration.standardMinutes(minutes)), value, "/in/s.csv", line);
  }

  private static TimestampedValue<SensorReading> tv(SensorReading r) {
    return TimestampedValue.of(r, r.getTimestamp());
  }
}
