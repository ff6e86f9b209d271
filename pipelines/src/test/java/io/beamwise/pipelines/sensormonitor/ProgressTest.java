package io.beamwise.pipelines.sensormonitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sensor-monitor's progress lines on stderr: present and consistent, or absent with --quiet. */
class ProgressTest {

  private static final Pattern LINE =
      Pattern.compile(
          "^sensor-monitor: (done in )?\\d+:\\d\\d read ([\\d,]+) · parsed ([\\d,]+) · dead letters ([\\d,]+)"
              + " · scored ([\\d,]+) · alerts ([\\d,]+).* ([\\d,]+) readings/s$");

  @TempDir Path out;

  private record Counts(boolean last, long read, long parsed, long dead, long scored, long alerts) {}

  private List<String> stderrOf(String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Summary summary = SensorMonitor.runAndSummarize(PipelineOptionsFactory.fromArgs(args).as(SensorMonitorOptions.class));
      assertTrue(summary.reconciles(), summary.mismatch());
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("sensor-monitor: ")).toList();
  }

  private static long n(String s) {
    return Long.parseLong(s.replace(",", ""));
  }

  @Test
  void aRunOfAFewSecondsPrintsLinesWhoseCountsAddUp() throws Exception {
    List<String> lines =
        stderrOf("--days=20", "--sensors=3", "--malformedFraction=0.01", "--progressInterval=250ms", "--output=" + out);
    List<Counts> counts = new ArrayList<>();
    for (String line : lines) {
      Matcher m = LINE.matcher(line);
      assertTrue(m.matches(), "not a progress line: " + line);
      counts.add(new Counts(m.group(1) != null, n(m.group(2)), n(m.group(3)), n(m.group(4)), n(m.group(5)), n(m.group(6))));
    }
    assertTrue(counts.size() >= 2, "at least one line while running and the last: " + lines);
    Counts previous = new Counts(false, 0, 0, 0, 0, 0);
    for (Counts c : counts) {
      assertTrue(c.parsed() + c.dead() <= c.read(), "parsed + dead letters <= read: " + c);
      assertTrue(c.scored() <= c.parsed() && c.alerts() <= c.scored(), "alerts <= scored <= parsed: " + c);
      assertTrue(c.read() >= previous.read() && c.scored() >= previous.scored(), "counts only grow: " + c);
      previous = c;
    }
    Counts last = counts.get(counts.size() - 1);
    assertTrue(last.last(), "the last line gives the totals: " + lines);
    assertEquals(20 * 288 * 3, last.read());
    assertEquals(last.read(), last.parsed() + last.dead());
    assertEquals(last.parsed(), last.scored());
    assertTrue(last.dead() > 0);
  }

  @Test
  void quietPrintsNoProgressLine() {
    List<String> lines = stderrOf("--days=3", "--sensors=2", "--progressInterval=100ms", "--quiet", "--output=" + out);
    assertEquals(List.of(), lines);
  }
}
