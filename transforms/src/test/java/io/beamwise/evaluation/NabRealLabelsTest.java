package io.beamwise.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.beamwise.evaluation.AnomalyWindows.Window;
import io.beamwise.evaluation.NabScorer.DataFile;
import io.beamwise.evaluation.NabScorer.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Checks against the shared NAB realKnownCause subset; skipped when it is absent. */
class NabRealLabelsTest {

  private static final String LABELS = "labels/combined_windows_realKnownCause.json";

  private static Path nabDir() {
    Optional<Path> dir = NabTestFiles.nabDir();
    assumeTrue(
        dir.isPresent() && Files.isRegularFile(dir.get().resolve(LABELS)),
        NabTestFiles.missingMessage());
    return dir.get();
  }

  @Test
  void realLabelsHave19WindowsIn7Files() throws IOException {
    AnomalyWindows labels = AnomalyWindows.read(nabDir().resolve(LABELS));
    assertEquals(7, labels.fileCount());
    assertEquals(19, labels.windowCount());
    Map<String, Integer> expected =
        Map.of(
            "realKnownCause/ambient_temperature_system_failure.csv", 2,
            "realKnownCause/cpu_utilization_asg_misconfiguration.csv", 1,
            "realKnownCause/ec2_request_latency_system_failure.csv", 3,
            "realKnownCause/machine_temperature_system_failure.csv", 4,
            "realKnownCause/nyc_taxi.csv", 5,
            "realKnownCause/rogue_agent_key_hold.csv", 2,
            "realKnownCause/rogue_agent_key_updown.csv", 2);
    assertEquals(expected.keySet(), Set.copyOf(labels.byFile().keySet()));
    expected.forEach((f, n) -> assertEquals(n, labels.windows(f).size(), f));
    Window first = labels.windows("realKnownCause/nyc_taxi.csv").get(0);
    assertEquals(LocalDateTime.of(2014, 10, 30, 15, 30), first.start());
    assertEquals(LocalDateTime.of(2014, 11, 3, 22, 30), first.end());
  }

  /** On the real files, a perfect detector scores 100 and the null detector 0 in each profile. */
  @Test
  void perfectAndNullDetectorsOnRealFiles() throws IOException {
    Path dir = nabDir();
    AnomalyWindows labels = AnomalyWindows.read(dir.resolve(LABELS));
    List<DataFile> perfect = new ArrayList<>();
    List<DataFile> nul = new ArrayList<>();
    for (Map.Entry<String, List<Window>> e : labels.byFile().entrySet()) {
      Path csv = dir.resolve("data").resolve(e.getKey());
      assumeTrue(Files.isRegularFile(csv), NabTestFiles.missingMessage());
      List<String> lines = Files.readAllLines(csv);
      List<Row> best = new ArrayList<>();
      List<Row> half = new ArrayList<>();
      List<LocalDateTime> starts = e.getValue().stream().map(Window::start).toList();
      boolean[] seen = new boolean[starts.size()];
      for (String line : lines.subList(1, lines.size())) {
        LocalDateTime t = AnomalyWindows.parseTimestamp(line.substring(0, line.indexOf(',')));
        int w = starts.indexOf(t);
        boolean hit = w >= 0 && !seen[w];
        if (hit) {
          seen[w] = true;
        }
        best.add(new Row(t, hit ? 1.0 : 0.0));
        half.add(new Row(t, NabScorer.NULL_DETECTOR_SCORE));
      }
      perfect.add(new DataFile(e.getKey(), best, e.getValue()));
      nul.add(new DataFile(e.getKey(), half, e.getValue()));
    }
    NabScorer p = new NabScorer(perfect);
    NabScorer n = new NabScorer(nul);
    assertEquals(69_561, p.files().stream().mapToInt(f -> f.rows().size()).sum());
    for (NabProfile profile : NabProfile.values()) {
      assertEquals(100.0, p.normalizedScore(profile), 1e-9, profile.nabName());
      assertEquals(0.0, n.normalizedScore(profile), 1e-9, profile.nabName());
      assertEquals(19, p.optimizeThreshold(profile).total().detectedWindows());
      assertEquals(0, p.optimizeThreshold(profile).total().fp());
    }
  }
}
