package io.beamwise.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.anomaly.detectors.Detector;
import io.beamwise.anomaly.detectors.DetectorSpec;
import io.beamwise.anomaly.detectors.Detectors;
import io.beamwise.anomaly.detectors.MahalanobisDetector;
import io.beamwise.anomaly.detectors.ValueRange;
import io.beamwise.parse.SensorReading;
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
 * The CAD and likelihood detectors through {@link ScoreAnomalies}, with each {@link ExpectedRange}:
 * scores equal the plain per-sensor specification (event order, score then learn, each sensor's
 * detector created with its range) whatever the arrival order.
 */
@ExtendWith(TestPipelineExtension.class)
class ScoreAnomaliesRangeTest {

  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  static final double THRESHOLD = 0.6;

  /** Three sensors of daily-ish patterns on different scales, with spikes and level shifts. */
  private static List<SensorReading> readings() {
    Random random = new Random(21);
    List<SensorReading> out = new ArrayList<>();
    String[] sensors = {"a", "b", "c"};
    for (int k = 0; k < sensors.length; k++) {
      Instant t = T0;
      double scale = Math.pow(10, k);
      for (int i = 0; i < 220; i++) {
        if (i % 13 != 12) {
          t = t.plus(Duration.standardMinutes(5)); // every 13th repeats the timestamp
        }
        double v = scale * (5 + 2 * Math.sin(i * 2 * Math.PI / 24) + 0.3 * random.nextGaussian());
        v += (i % 71 == 70 ? 6 * scale : 0) + (i > 160 ? 3 * scale : 0);
        out.add(SensorReading.create(sensors[k], t, v, "/in/" + sensors[k] + ".csv", i + 2));
      }
    }
    return out;
  }

  /** The specification, with each sensor's range as {@code ranges} gives it (absent: learned). */
  static List<AnomalyResult> expected(
      DetectorSpec spec, List<SensorReading> input, Map<String, ValueRange> ranges) {
    Map<String, List<SensorReading>> bySensor = new TreeMap<>();
    for (SensorReading r : input) {
      bySensor.computeIfAbsent(r.getSensor(), k -> new ArrayList<>()).add(r);
    }
    List<AnomalyResult> expected = new ArrayList<>();
    for (Map.Entry<String, List<SensorReading>> e : bySensor.entrySet()) {
      List<SensorReading> series = e.getValue();
      series.sort(SensorReading.EVENT_ORDER);
      ValueRange range = ranges.get(e.getKey());
      Detector d = range == null ? spec.create() : spec.create(range);
      for (SensorReading r : series) {
        if (!d.isReady()) {
          expected.add(AnomalyResult.of(r, 0.0, AnomalyResult.WARMING_UP, THRESHOLD, spec.describe()));
        } else {
          double s = d.score(r.getValue());
          expected.add(
              AnomalyResult.of(
                  r, s, s > THRESHOLD ? AnomalyResult.ANOMALY : AnomalyResult.NORMAL, THRESHOLD, spec.describe()));
        }
        d.learn(r.getValue());
      }
    }
    return expected;
  }

  private static Map<String, ValueRange> inputRanges(List<SensorReading> input) {
    Map<String, ValueRange> ranges = new HashMap<>();
    for (SensorReading r : input) {
      ranges.merge(
          r.getSensor(), ValueRange.of(r.getValue(), r.getValue()), ValueRange::span);
    }
    return ranges;
  }

  private static Map<String, ValueRange> rangesOf(ExpectedRange source, List<SensorReading> input) {
    if (source.kind() == ExpectedRange.Kind.INPUT) {
      return inputRanges(input);
    }
    Map<String, ValueRange> ranges = new HashMap<>();
    for (SensorReading r : input) {
      ValueRange given = source.forSensor(r.getSensor());
      if (given != null) {
        ranges.put(r.getSensor(), given);
      }
    }
    return ranges;
  }

  static List<TimestampedValue<SensorReading>> shuffled(List<SensorReading> input, long seed) {
    List<TimestampedValue<SensorReading>> out = new ArrayList<>();
    for (SensorReading r : input) {
      out.add(TimestampedValue.of(r, r.getTimestamp()));
    }
    Collections.shuffle(out, new Random(seed));
    return out;
  }

  @ParameterizedTest(name = "{0} with range {1}, arrival seed {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "cad:10:40 | learned | 1",
        "cad:10:40 | input | 2",
        "cad:10:40 | 0:2000 | 3",
        "likelihood(cad:10:40,spatial,probation=60) | input | 4",
        "likelihood(re:12,probation=40) | learned | 5",
        "max(cad:5,zscore:50) | input | 6",
        "max(align(re:12,0.5),cad:10:40) | learned | 7",
        "max(align(re:12,0.5),cad:10:40) | input | 8",
        "spatial::20 | 0:2000 | 9",
        "max(align(re:12,0.5),cad:10:40,spatial::40) | learned | 10",
        "max(align(re:12,0.5),cad:10:40,spatial::40) | input | 11",
        "max(align(re:12,0.5),spot(cad:10:40,0.75,calibration=40,level=0.5,q=0.01),spatial::40) | learned | 12",
        "max(align(re:12,0.5),spot(cad:10:40,0.75,calibration=40,level=0.5,q=0.01),spatial::40) | input | 13"
      })
  void boundedInputInAnyArrivalOrderGivesTheSpecifiedScores(
      String detector, String range, long seed, TestPipeline p) {
    DetectorSpec spec = Detectors.parse(detector);
    ExpectedRange source = ExpectedRange.parse(range);
    List<SensorReading> input = readings();
    List<AnomalyResult> expected = expected(spec, input, rangesOf(source, input));
    assertTrue(expected.stream().anyMatch(AnomalyResult::getIsAnomaly), "the data has alerts");
    ScoringResult<SensorReading> result =
        p.apply(Create.timestamped(shuffled(input, seed)))
            .apply(ScoreAnomalies.with(spec).withThreshold(THRESHOLD).withExpectedRange(source));
    PAssert.that(result.scores()).containsInAnyOrder(expected);
    PAssert.that(result.late()).empty();
    p.run().waitUntilFinish();
  }

  /** A stream with disorder and several watermark advances: fixed and per-sensor ranges. */
  @ParameterizedTest(name = "{0}, disorder {1} min, watermark every {2}")
  @CsvSource(delimiter = '|', value = {
        "cad:10:40 | 30 | 7",
        "likelihood(cad:10:40,probation=60) | 120 | 40",
        "spot(cad:10:40,0.75,calibration=40,level=0.5,q=0.01) | 30 | 7"
      })
  void streamingOutOfOrderGivesTheSameScoresAsBatch(
      String detector, int disorderMinutes, int every, TestPipeline p) throws NoSuchSchemaException {
    DetectorSpec spec = Detectors.parse(detector);
    ExpectedRange source = ExpectedRange.perSensor(Map.of("a", ValueRange.of(0, 12), "c", ValueRange.of(-100, 1500)));
    List<SensorReading> input = readings();
    List<AnomalyResult> expected = expected(spec, input, rangesOf(source, input));
    List<SensorReading> arrival = new ArrayList<>(input);
    Random random = new Random(disorderMinutes);
    Map<SensorReading, Long> key = new HashMap<>();
    for (SensorReading r : arrival) {
      key.put(r, r.getTimestamp().getMillis() + random.nextInt(disorderMinutes * 60_000));
    }
    arrival.sort(Comparator.comparingLong(key::get));
    Coder<SensorReading> coder = p.getSchemaRegistry().getSchemaCoder(SensorReading.class);
    TestStream.Builder<SensorReading> stream = TestStream.create(coder).advanceWatermarkTo(T0);
    Instant maxSeen = T0;
    for (int i = 0; i < arrival.size(); i++) {
      SensorReading r = arrival.get(i);
      stream = stream.addElements(TimestampedValue.of(r, r.getTimestamp()));
      maxSeen = r.getTimestamp().isAfter(maxSeen) ? r.getTimestamp() : maxSeen;
      Instant watermark = maxSeen.minus(Duration.standardMinutes(disorderMinutes + 1));
      if (i % every == every - 1 && watermark.isAfter(T0)) {
        stream = stream.advanceWatermarkTo(watermark);
      }
    }
    ScoringResult<SensorReading> result =
        p.apply(stream.advanceWatermarkToInfinity())
            .apply(ScoreAnomalies.with(spec).withThreshold(THRESHOLD).withExpectedRange(source));
    PAssert.that(result.scores()).containsInAnyOrder(expected);
    PAssert.that(result.late()).empty();
    p.run().waitUntilFinish();
  }

  /** Detectors that use no range give the same scores whatever the range source. */
  @Test
  void detectorsWithoutARangeIgnoreIt(TestPipeline p) {
    DetectorSpec spec = Detectors.parse("zscore:30");
    List<SensorReading> input = readings();
    List<AnomalyResult> expected = expected(spec, input, Map.of());
    PAssert.that(
            p.apply(Create.timestamped(shuffled(input, 9)))
                .apply(ScoreAnomalies.with(spec).withThreshold(THRESHOLD).withExpectedRange(ExpectedRange.ofInput()))
                .scores())
        .containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  @Test
  void inputRangesNeedBoundedInputAndUnivariateReadings() throws NoSuchSchemaException {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    Coder<SensorReading> coder = p.getSchemaRegistry().getSchemaCoder(SensorReading.class);
    TestStream<SensorReading> stream = TestStream.create(coder).advanceWatermarkToInfinity();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                p.apply(stream)
                    .apply(ScoreAnomalies.with(Detectors.parse("cad")).withExpectedRange(ExpectedRange.ofInput())));
    assertTrue(e.getMessage().contains("bounded"), e.getMessage());
    IllegalArgumentException multi =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ScoreAnomalies.multivariate(MahalanobisDetector.spec(2, 0.01))
                    .withExpectedRange(ExpectedRange.fixed(ValueRange.of(0, 1))));
    assertTrue(multi.getMessage().contains("univariate"), multi.getMessage());
    assertEquals(
        ExpectedRange.learned(),
        ScoreAnomalies.multivariate(MahalanobisDetector.spec(2, 0.01))
            .withExpectedRange(ExpectedRange.learned())
            .getExpectedRange());
  }
}
