package io.beamwise.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.anomaly.detectors.DetectorSpec;
import io.beamwise.anomaly.detectors.Detectors;
import io.beamwise.anomaly.detectors.MahalanobisDetector;
import io.beamwise.parse.SensorReading;
import io.beamwise.stats.Stats;
import io.beamwise.testing.NabFiles;
import io.beamwise.testing.TestPipelineExtension;
import io.beamwise.windows.WindowResult;
import io.beamwise.windows.WindowSpec;
import io.beamwise.windows.WindowStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.joda.time.format.DateTimeFormat;
import org.joda.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ScoreAnomalies#withWindowStats}: window statistics computed in the scoring's keyed pass
 * (bounded input, batch) equal, bit for bit, a straightforward computation that adds each key's
 * values in event order; the separate {@link io.beamwise.windows.ComputeWindowStats} path
 * (streaming, sessions) agrees to rounding; the scores are those of the scoring alone. Input: three
 * real NAB series (hourly ad-exchange data with gaps, 5-minute machine data), one sensor each.
 */
@ExtendWith(TestPipelineExtension.class)
class ScoreAnomaliesWindowStatsTest {

  private static final DateTimeFormatter NAB_TIME =
      DateTimeFormat.forPattern("yyyy-MM-dd HH:mm:ss").withZoneUTC();
  private static final DetectorSpec DETECTOR = Detectors.parse("zscore:48");

  private static List<SensorReading> nabReadings() throws IOException {
    Path nab = NabFiles.datasetsDir().map(d -> d.resolve("nab/data")).orElse(null);
    Assumptions.assumeTrue(nab != null && Files.isDirectory(nab), NabFiles.missingMessage());
    List<SensorReading> out = new ArrayList<>();
    for (String file :
        List.of(
            "realAdExchange/exchange-2_cpc_results.csv",
            "realKnownCause/rogue_agent_key_hold.csv",
            "artificialWithAnomaly/art_daily_jumpsup.csv")) {
      Path path = nab.resolve(file);
      List<String> lines = Files.readAllLines(path);
      for (int i = 1; i < lines.size(); i++) {
        String[] cells = lines.get(i).split(",");
        out.add(
            SensorReading.create(
                file, NAB_TIME.parseDateTime(cells[0]).toInstant(), Double.parseDouble(cells[1]),
                path.toString(), i + 1));
      }
    }
    return out;
  }

  /**
   * Each key's windows of {@code size}, starting every {@code period} (epoch-aligned), with the
   * values added in {@link SensorReading#EVENT_ORDER}: the specification of the shared pass.
   */
  private static List<WindowStats> expectedStats(List<SensorReading> input, Duration size, Duration period) {
    Map<String, Map<Long, Stats>> byWindow = new TreeMap<>();
    List<SensorReading> sorted = new ArrayList<>(input);
    sorted.sort(SensorReading.EVENT_ORDER);
    for (SensorReading r : sorted) {
      long t = r.getTimestamp().getMillis();
      long lastStart = t - Math.floorMod(t, period.getMillis());
      for (long start = lastStart; start > t - size.getMillis(); start -= period.getMillis()) {
        byWindow
            .computeIfAbsent(r.getSensor(), k -> new TreeMap<>())
            .computeIfAbsent(start, s -> new Stats())
            .add(r.getValue());
      }
    }
    List<WindowStats> expected = new ArrayList<>();
    byWindow.forEach(
        (key, windows) ->
            windows.forEach(
                (start, stats) ->
                    expected.add(
                        WindowStats.of(
                            new WindowResult<>(
                                key, new Instant(start), new Instant(start).plus(size),
                                PaneInfo.Timing.ON_TIME, 0, true, stats)))));
    return expected;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"tumbling:1d", "sliding:6h/2h", "tumbling:1h,lateness=1h"})
  void sharedPassGivesExactStatisticsAndUnchangedScores(String windows, TestPipeline p) throws IOException {
    WindowSpec spec = WindowSpec.parse(windows);
    List<SensorReading> input = nabReadings();
    Duration period = spec.getPeriod() == null ? spec.getSize() : spec.getPeriod();
    List<WindowStats> expected = expectedStats(input, spec.getSize(), period);
    List<AnomalyResult> expectedScores =
        ScoreAnomaliesRangeTest.expected(DETECTOR, input, Map.of());
    assertTrue(expectedScores.stream().anyMatch(AnomalyResult::getIsAnomaly), "the data has alerts");

    ScoringResult<SensorReading> result =
        p.apply(Create.timestamped(ScoreAnomaliesRangeTest.shuffled(input, 3)))
            .apply(
                ScoreAnomalies.with(DETECTOR)
                    .withThreshold(ScoreAnomaliesRangeTest.THRESHOLD)
                    .withWindowStats(spec));

    PAssert.that(result.windowStats()).containsInAnyOrder(expected);
    PAssert.that(result.scores()).containsInAnyOrder(expectedScores);
    PAssert.that(result.late()).empty();
    PAssert.that(result.lateForWindows()).empty();
    // Each statistic is in its own window, as a Combine's would be (for sliding windows too).
    Instant start = expected.get(0).getWindowStart();
    Instant end = expected.get(0).getWindowEnd();
    PAssert.that(result.windowStats())
        .inWindow(new IntervalWindow(start, end))
        .satisfies(
            inWindow -> {
              int n = 0;
              for (WindowStats s : inWindow) {
                n++;
                assertEquals(start, s.getWindowStart());
                assertEquals(end, s.getWindowEnd());
              }
              assertTrue(n > 0, "no statistics in their window");
              return null;
            });
    p.run().waitUntilFinish();
  }

  /**
   * Where the scoring stage cannot compute them (streaming mode, session windows), the statistics
   * come from ComputeWindowStats and agree with the shared pass's to rounding.
   */
  @ParameterizedTest(name = "{0}, streaming {1}")
  @CsvSource(delimiter = '|', value = {"tumbling:1d | true", "tumbling:1d,lateness=1h | true", "session:3h | false"})
  void separateStatisticsAgreeToRounding(String windows, boolean streaming, TestPipeline p)
      throws IOException {
    p.getOptions().as(StreamingOptions.class).setStreaming(streaming);
    WindowSpec spec = WindowSpec.parse(windows);
    List<SensorReading> input = nabReadings();
    ScoringResult<SensorReading> result =
        p.apply(Create.timestamped(ScoreAnomaliesRangeTest.shuffled(input, 5)))
            .apply(ScoreAnomalies.with(DETECTOR).withThreshold(ScoreAnomaliesRangeTest.THRESHOLD).withWindowStats(spec));
    // key and window start → count, min, max, sum, mean (serializable, for the check below)
    HashMap<String, double[]> tumbling = null;
    if (spec.getKind() == WindowSpec.Kind.TUMBLING) {
      tumbling = new HashMap<>();
      for (WindowStats e : expectedStats(input, spec.getSize(), spec.getSize())) {
        tumbling.put(
            e.getKey() + "@" + e.getWindowStart(),
            new double[] {e.getCount(), e.getMin(), e.getMax(), e.getSum(), e.getMean()});
      }
    }
    HashMap<String, double[]> expectedByWindow = tumbling;
    long readings = input.size();
    PAssert.that(result.windowStats())
        .satisfies(
            stats -> {
              long counted = 0;
              int n = 0;
              for (WindowStats s : stats) {
                n++;
                counted += s.getCount();
                // The one pane of bounded input, as the shared pass writes it.
                assertEquals("ON_TIME", s.getTiming(), s.toString());
                assertEquals(0, s.getPaneIndex(), s.toString());
                assertTrue(s.getIsFinal(), s.toString());
                if (expectedByWindow != null) {
                  double[] e = expectedByWindow.get(s.getKey() + "@" + s.getWindowStart());
                  assertTrue(e != null, "unexpected window " + s);
                  assertEquals((long) e[0], s.getCount(), s.toString());
                  assertEquals(e[1], s.getMin(), 0.0, s.toString());
                  assertEquals(e[2], s.getMax(), 0.0, s.toString());
                  assertEquals(e[3], s.getSum(), 1e-9 * Math.abs(e[3]), s.toString());
                  assertEquals(e[4], s.getMean(), 1e-9 * Math.abs(e[4]), s.toString());
                }
              }
              assertEquals(readings, counted, "every reading in exactly one window");
              if (expectedByWindow != null) {
                assertEquals(expectedByWindow.size(), n);
              }
              return null;
            });
    PAssert.that(result.scores())
        .containsInAnyOrder(ScoreAnomaliesRangeTest.expected(DETECTOR, input, Map.of()));
    p.run().waitUntilFinish();
  }

  @Test
  void multivariateScoringHasNoWindowStatistics() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ScoreAnomalies.multivariate(MahalanobisDetector.spec(2, 0.01))
                .withWindowStats(WindowSpec.parse("1h")));
    assertTrue(e.getMessage().contains("univariate"), e.getMessage());
  }
}
