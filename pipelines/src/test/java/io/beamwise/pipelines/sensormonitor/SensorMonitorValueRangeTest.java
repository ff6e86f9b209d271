package io.beamwise.pipelines.sensormonitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.anomaly.ExpectedRange;
import io.beamwise.anomaly.detectors.Detector;
import io.beamwise.anomaly.detectors.DetectorSpec;
import io.beamwise.anomaly.detectors.Detectors;
import io.beamwise.anomaly.detectors.Prequential;
import io.beamwise.anomaly.detectors.ValueRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sensor-monitor --valueRange}: the scores written for NAB's results equal the detector run
 * in process on each file in event-time order, created with the range the option gives.
 */
class SensorMonitorValueRangeTest {

  private static final String DETECTOR = "cad:20";
  private static final String FILE = "rogue_agent_key_hold";

  @TempDir Path tmp;

  private static Path nabFile() {
    Path dir = NabData.realKnownCause().orElse(null);
    Assumptions.assumeTrue(dir != null, NabData.missingMessage());
    return dir.resolve(FILE + ".csv");
  }

  /** The scores of {@code spec} created with {@code range} (null: learned), in line order. */
  private static double[] expected(DetectorSpec spec, ValueRange range, List<String> rows) {
    DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    int n = rows.size();
    Integer[] order = new Integer[n];
    LocalDateTime[] times = new LocalDateTime[n];
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      String[] parts = rows.get(i).split(",");
      times[i] = LocalDateTime.parse(parts[0], format);
      values[i] = Double.parseDouble(parts[1]);
      order[i] = i;
    }
    java.util.Arrays.sort(order, Comparator.<Integer, LocalDateTime>comparing(i -> times[i]).thenComparingInt(i -> i));
    Detector d = range == null ? spec.create() : spec.create(range);
    long[] millis = new long[n];
    for (int i = 0; i < n; i++) {
      millis[i] = times[i].toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
    }
    return Prequential.scores(
        d, millis, values, java.util.Arrays.stream(order).mapToInt(i -> i).toArray());
  }

  private double[] run(String valueRange) throws IOException {
    Path out = tmp.resolve("out-" + Math.abs(valueRange.hashCode()));
    SensorMonitorOptions options =
        PipelineOptionsFactory.fromArgs(
                "--input=" + nabFile(), "--output=" + out, "--detector=" + DETECTOR, "--valueRange=" + valueRange)
            .as(SensorMonitorOptions.class);
    Summary summary = SensorMonitor.runAndSummarize(options);
    assertTrue(summary.reconciles(), summary.mismatch());
    List<String> results = Files.readAllLines(out.resolve("nab").resolve(FILE + ".csv"));
    double[] scores = new double[results.size() - 1];
    for (int i = 1; i < results.size(); i++) {
      scores[i - 1] = Double.parseDouble(results.get(i).split(",")[2]);
    }
    return scores;
  }

  private static List<String> rows() throws IOException {
    List<String> lines = Files.readAllLines(nabFile(), StandardCharsets.UTF_8);
    return lines.subList(1, lines.size());
  }

  private static ValueRange inputRange(List<String> rows) {
    ValueRange r = null;
    for (String row : rows) {
      double v = Double.parseDouble(row.split(",")[1]);
      r = r == null ? ValueRange.of(v, v) : r.including(v);
    }
    return r;
  }

  private static void assertScores(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      // the results file prints each score in full (Double.toString)
      assertEquals(expected[i], actual[i], 0.0, "row " + i);
    }
  }

  @Test
  void eachFormGivesTheDetectorItsRange() throws IOException {
    List<String> rows = rows();
    DetectorSpec spec = Detectors.parse(DETECTOR);
    ValueRange whole = inputRange(rows);

    double[] input = run("input");
    assertScores(expected(spec, whole, rows), input);

    double[] learned = run("learned");
    assertScores(expected(spec, null, rows), learned);

    double[] fixed = run("0:1");
    assertScores(expected(spec, ValueRange.of(0, 1), rows), fixed);

    Path csv = tmp.resolve("ranges.csv");
    Files.writeString(csv, "sensor,min,max\n# operating ranges\n" + FILE + ",0,0.5\nother,1,2\n");
    assertScores(expected(spec, ValueRange.of(0, 0.5), rows), run("file:" + csv));

    assertTrue(
        java.util.stream.IntStream.range(0, rows.size()).anyMatch(i -> input[i] != learned[i]),
        "a learned range scores differently from the whole input's");
  }

  @Test
  void badValueRangesAreRejectedNamingTheOption() throws IOException {
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> SensorMonitor.Settings.parseValueRange("5:1"));
    assertTrue(bad.getMessage().startsWith("--valueRange=5:1"), bad.getMessage());
    assertEquals(ExpectedRange.learned(), SensorMonitor.Settings.parseValueRange("learned"));
    assertEquals(ExpectedRange.ofInput(), SensorMonitor.Settings.parseValueRange("input"));
    Path csv = tmp.resolve("bad.csv");
    Files.writeString(csv, "a,0,1\nb,2\n");
    IllegalArgumentException line =
        assertThrows(IllegalArgumentException.class, () -> SensorMonitor.Settings.parseValueRange("file:" + csv));
    assertTrue(line.getMessage().contains("line 2"), line.getMessage());
    Files.writeString(csv, "a,0,1\na,2,3\n");
    assertThrows(IllegalArgumentException.class, () -> SensorMonitor.Settings.parseValueRange("file:" + csv));
    assertEquals(
        ExpectedRange.perSensor(Map.of("a", ValueRange.of(0, 1))),
        SensorMonitor.Settings.parseValueRange("file:" + write("a,0,1\n")));
  }

  private Path write(String content) throws IOException {
    Path p = Files.createTempFile(tmp, "ranges", ".csv");
    Files.writeString(p, content);
    return p;
  }
}
