package io.beamwise.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.beamwise.anomaly.detectors.Detector;
import io.beamwise.anomaly.detectors.DetectorSpec;
import io.beamwise.anomaly.detectors.Detectors;
import io.beamwise.anomaly.detectors.Prequential;
import io.beamwise.parse.NabCsvParser;
import io.beamwise.parse.ParseOutcome;
import io.beamwise.parse.SensorReading;
import io.beamwise.parse.SourceLine;
import io.beamwise.testing.NabFiles;
import io.beamwise.testing.TestPipelineExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class GroupAlertsIntoEpisodesTest {

  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final Duration GAP = Duration.standardMinutes(30);

  private static AnomalyResult result(String key, int minute, double score, long line) {
    SensorReading r =
        SensorReading.create(key, T0.plus(Duration.standardMinutes(minute)), minute * 1.5, "in.csv", line);
    String label = score > 0.7 ? AnomalyResult.ANOMALY : AnomalyResult.NORMAL;
    return AnomalyResult.of(r, score, label, 0.7, "d");
  }

  private static List<TimestampedValue<AnomalyResult>> timestamped(List<AnomalyResult> results) {
    List<TimestampedValue<AnomalyResult>> out = new ArrayList<>();
    for (AnomalyResult r : results) {
      out.add(TimestampedValue.of(r, r.getTimestamp()));
    }
    return out;
  }

  @Test
  void alertsWithinTheGapAreOneEpisodeAndNormalScoresDoNotCount(TestPipeline p) {
    List<AnomalyResult> scores =
        List.of(
            result("a", 0, 0.8, 1),
            result("a", 5, 0.2, 2), // normal: does not count, does not bridge
            result("a", 10, 0.95, 3),
            result("a", 39, 0.95, 4), // 29 min after the previous alert: same episode
            result("a", 69, 0.75, 5), // 30 min after: a new episode (the gap is exclusive)
            result("b", 10, 0.9, 6),
            result("b", 20, 0.1, 7));
    List<TimestampedValue<AnomalyResult>> shuffled = new ArrayList<>(timestamped(scores));
    Collections.shuffle(shuffled, new Random(5));

    GroupAlertsIntoEpisodes.Result r =
        p.apply(Create.timestamped(shuffled).withCoder(AnomalyResultCoder.of()))
            .apply(GroupAlertsIntoEpisodes.withGap(GAP));

    // Equal peak scores at minutes 10 and 39: the earlier one is the peak.
    PAssert.that(r.episodes())
        .containsInAnyOrder(
            AlertEpisode.create("a", T0, T0.plus(Duration.standardMinutes(39)), 3, 0.95,
                T0.plus(Duration.standardMinutes(10)), 15.0, "in.csv", 1, "d"),
            AlertEpisode.create("a", T0.plus(Duration.standardMinutes(69)), T0.plus(Duration.standardMinutes(69)), 1,
                0.75, T0.plus(Duration.standardMinutes(69)), 103.5, "in.csv", 5, "d"),
            AlertEpisode.create("b", T0.plus(Duration.standardMinutes(10)), T0.plus(Duration.standardMinutes(10)), 1,
                0.9, T0.plus(Duration.standardMinutes(10)), 15.0, "in.csv", 6, "d"));
    PAssert.that(r.late()).empty();
    p.run().waitUntilFinish();
  }

  /**
   * The late split knows the watermark from its own timers (see SplitLateData): after the
   * watermark passed 35 min, the timer at the end of the first alert's own window (30 min) has
   * fired, so a second alert at minute 0, whose window [0, 30 min) the runner would drop, is routed
   * to late() instead.
   */
  @Test
  void anAlertWhoseWindowHasClosedIsRoutedLateNotLost(TestPipeline p) {
    AnomalyResult first = result("a", 0, 0.8, 1);
    AnomalyResult second = result("a", 10, 0.9, 2);
    AnomalyResult tooLate = result("a", 0, 0.99, 3);
    TestStream<AnomalyResult> stream =
        TestStream.create(AnomalyResultCoder.of())
            .addElements(
                TimestampedValue.of(first, first.getTimestamp()),
                TimestampedValue.of(second, second.getTimestamp()))
            .advanceWatermarkTo(T0.plus(Duration.standardMinutes(35)))
            .addElements(TimestampedValue.of(tooLate, tooLate.getTimestamp()))
            .advanceWatermarkToInfinity();

    GroupAlertsIntoEpisodes.Result r = p.apply(stream).apply(GroupAlertsIntoEpisodes.withGap(GAP));

    PAssert.that(r.episodes())
        .containsInAnyOrder(
            AlertEpisode.create("a", T0, T0.plus(Duration.standardMinutes(10)), 2, 0.9,
                T0.plus(Duration.standardMinutes(10)), 15.0, "in.csv", 1, "d"));
    PAssert.that(r.late()).containsInAnyOrder(tooLate);
    p.run().waitUntilFinish();
  }

  /**
   * Real alerts: NAB's machine temperature series scored by {@code zscore:288} at threshold 0.7
   * (plain Java, score then learn), grouped by the transform in shuffled order and by a sequential
   * scan (sort by time, cut where two consecutive alerts are the gap or more apart).
   */
  @Test
  void episodesOfRealAlertsEqualASequentialScan(TestPipeline p) throws IOException {
    Optional<Path> file = NabFiles.realKnownCause("machine_temperature_system_failure");
    assumeTrue(file.isPresent(), NabFiles.missingMessage());
    List<AnomalyResult> scores = scoreSequentially(file.get(), Detectors.parse("zscore:288"), 0.7);
    Duration gap = Duration.standardHours(1);
    List<AlertEpisode> expected = sequentialEpisodes(scores, gap);
    long alerts = scores.stream().filter(AnomalyResult::getIsAnomaly).count();
    assertTrue(alerts > 2L * expected.size(), "alerts " + alerts + " group into " + expected.size());

    List<TimestampedValue<AnomalyResult>> shuffled = new ArrayList<>(timestamped(scores));
    Collections.shuffle(shuffled, new Random(11));
    GroupAlertsIntoEpisodes.Result r =
        p.apply(Create.timestamped(shuffled).withCoder(AnomalyResultCoder.of()))
            .apply(GroupAlertsIntoEpisodes.withGap(gap));
    PAssert.that(r.episodes()).containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  @Test
  void rejectsAGapOutsideItsRange() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GroupAlertsIntoEpisodes.withGap(Duration.ZERO));
    assertTrue(e.getMessage().contains("gap"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> GroupAlertsIntoEpisodes.withGap(Duration.standardDays(367)));
    assertEquals(GAP, GroupAlertsIntoEpisodes.withGap(GAP).getGap());
  }

  @Test
  void mergingAccumulatorsInAnyOrderGivesTheSameEpisode() {
    EpisodeFn fn = new EpisodeFn();
    List<AnomalyResult> alerts =
        List.of(result("a", 0, 0.8, 1), result("a", 3, 0.9, 2), result("a", 3, 0.9, 3), result("a", 9, 0.85, 4));
    AlertEpisode whole = fn.extractOutput(addAll(fn, alerts));
    EpisodeFn.Acc left = addAll(fn, alerts.subList(2, 4));
    EpisodeFn.Acc right = addAll(fn, alerts.subList(0, 2));
    assertEquals(whole, fn.extractOutput(fn.mergeAccumulators(List.of(left, right))));
    assertEquals(
        AlertEpisode.create("a", T0, T0.plus(Duration.standardMinutes(9)), 4, 0.9,
            T0.plus(Duration.standardMinutes(3)), 4.5, "in.csv", 1, "d"),
        whole);
  }

  @Test
  void coderRoundTripsExactly() throws Exception {
    AlertEpisode e = AlertEpisode.create("a", T0, T0.plus(1), 7, 0.93, T0, -0.0, "kafka:t/1", 123456789L, "cad");
    byte[] bytes = org.apache.beam.sdk.util.CoderUtils.encodeToByteArray(AlertEpisodeCoder.of(), e);
    assertEquals(e, org.apache.beam.sdk.util.CoderUtils.decodeFromByteArray(AlertEpisodeCoder.of(), bytes));
    org.apache.beam.sdk.testing.CoderProperties.coderDecodeEncodeEqual(AlertEpisodeCoder.of(), e);
  }

  private static EpisodeFn.Acc addAll(EpisodeFn fn, List<AnomalyResult> alerts) {
    EpisodeFn.Acc acc = fn.createAccumulator();
    for (AnomalyResult a : alerts) {
      acc = fn.addInput(acc, a);
    }
    return acc;
  }

  private static List<AnomalyResult> scoreSequentially(Path file, DetectorSpec spec, double threshold)
      throws IOException {
    NabCsvParser parser = new NabCsvParser(ZoneOffset.UTC);
    List<String> lines = Files.readAllLines(file);
    Detector d = spec.create();
    List<AnomalyResult> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      ParseOutcome<SensorReading> o = parser.parse(SourceLine.of(file.toString(), i + 1, lines.get(i)));
      if (o.kind() != ParseOutcome.Kind.RECORD) {
        continue;
      }
      SensorReading r = o.value();
      boolean ready = d.isReady();
      double s = Prequential.scoreThenLearn(d, r.getTimestamp().getMillis(), r.getValue());
      String label = !ready ? AnomalyResult.WARMING_UP : s > threshold ? AnomalyResult.ANOMALY : AnomalyResult.NORMAL;
      out.add(AnomalyResult.of(r, s, label, threshold, spec.describe()));
    }
    return out;
  }

  private static List<AlertEpisode> sequentialEpisodes(List<AnomalyResult> scores, Duration gap) {
    List<AnomalyResult> alerts = new ArrayList<>();
    for (AnomalyResult s : scores) {
      if (s.getIsAnomaly()) {
        alerts.add(s);
      }
    }
    alerts.sort(EpisodeFn.SCORING_ORDER);
    List<AlertEpisode> episodes = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= alerts.size(); i++) {
      boolean cut = i == alerts.size()
          || !alerts.get(i).getTimestamp().isBefore(alerts.get(i - 1).getTimestamp().plus(gap));
      if (cut) {
        AnomalyResult peak = alerts.get(start);
        for (int j = start + 1; j < i; j++) {
          if (alerts.get(j).getScore() > peak.getScore()) {
            peak = alerts.get(j);
          }
        }
        episodes.add(AlertEpisode.of(alerts.get(start), peak, alerts.get(i - 1).getTimestamp(), i - start));
        start = i;
      }
    }
    return episodes;
  }
}
