package io.beamwise.pipelines.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.beamwise.io.generator.GeneratorOptions;
import io.beamwise.io.generator.InjectedAnomaly;
import io.beamwise.io.generator.SensorGenerator;
import io.beamwise.pipelines.sensormonitor.SensorMonitor;
import io.beamwise.pipelines.sensormonitor.SensorMonitorOptions;
import io.beamwise.pipelines.sensormonitor.Summary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sensor-monitor --report} on the generator with out-of-order, late and malformed records,
 * then {@code report} again from the files: the injected anomalies are the labelled windows, the
 * dead letters are counted and marked, the alerts match {@code alerts.jsonl}.
 */
class ReportGeneratorTest {

  static final String[] GENERATOR = {
    "--days=12", "--sensors=4", "--maxDelay=10m", "--lateFraction=0.02", "--malformedFraction=0.01"
  };

  @TempDir static Path out;
  static SensorMonitorOptions options;
  static Summary summary;
  static ReportPage page;

  @BeforeAll
  static void runWithReport() throws IOException {
    String[] args = new String[GENERATOR.length + 3];
    System.arraycopy(GENERATOR, 0, args, 0, GENERATOR.length);
    args[GENERATOR.length] = "--output=" + out;
    args[GENERATOR.length + 1] = "--report";
    args[GENERATOR.length + 2] = "--quiet";
    options = PipelineOptionsFactory.fromArgs(args).as(SensorMonitorOptions.class);
    summary = SensorMonitor.runAndSummarize(options);
    assertTrue(summary.reconciles(), summary.mismatch());
    page = new ReportPage(out.resolve("report/index.html"));
  }

  @Test
  void everySensorHasItsChartWithTheAlertsOfAlertsJsonl() throws IOException {
    Set<String> sensors = new TreeSet<>(List.of("sensor-01", "sensor-02", "sensor-03", "sensor-04"));
    page.assertSensorsAndAlerts(sensors, ReportPage.alertsBySensor(out.resolve("alerts.jsonl")));
  }

  @Test
  void theInjectedAnomaliesAreTheLabelledWindows() {
    List<InjectedAnomaly> injected = SensorGenerator.of(GeneratorOptions.toConfig(options)).anomalies();
    assertTrue(injected.size() >= 4, "anomalies injected: " + injected.size());
    Map<String, List<long[]>> listed = page.labelledWindows();
    assertEquals(injected.size(), listed.values().stream().mapToInt(List::size).sum());
    for (InjectedAnomaly a : injected) {
      assertTrue(
          listed.get(a.sensor()).stream()
              .anyMatch(w -> w[0] == a.windowStart().getMillis() && w[1] == a.windowEnd().getMillis()),
          "window of " + a);
    }
    assertTrue(page.html.select("#evaluation").text().contains("no NAB evaluation"), "says why there is no NAB evaluation");
  }

  @Test
  void deadLettersAreCountedAndMarked() throws IOException {
    long written = Files.readAllLines(out.resolve("dead-letter.jsonl")).stream().filter(l -> !l.isBlank()).count();
    assertEquals(summary.get("dead_lettered"), written, "bounded input: no late dead letters");
    assertTrue(written > 0);
    String note = page.html.select("#dead-letters p.note").text();
    assertTrue(note.startsWith(Html.count(written) + " dead letters"), note);
    long perSensor = page.html.select("#sensor-index tbody tr").stream()
        .mapToLong(r -> Long.parseLong(r.select("td").get(5).text().replace(",", ""))).sum();
    long marked = 0;
    for (JsonNode s : page.data.get("sensors")) {
      for (JsonNode n : s.get("k").get("n")) {
        marked += n.asLong();
      }
    }
    // Truncated JSON may lose the sensor; the rest are on their sensor's chart.
    assertTrue(perSensor <= written && perSensor >= written * 3 / 4, perSensor + " of " + written);
    assertEquals(perSensor, marked, "every dead letter of a sensor is marked on its chart");
  }

  @Test
  void theReportCommandWritesTheSamePageFromTheFiles() throws IOException {
    Path again = out.resolve("again");
    Report.Written w =
        Report.run(
            PipelineOptionsFactory.fromArgs("--results=" + out, "--output=" + again, "--png=false")
                .as(ReportOptions.class));
    assertEquals(0, w.pngs());
    ReportPage second = new ReportPage(again.resolve("index.html"));
    assertEquals(page.data, second.data);
    assertEquals(page.labelledWindows().keySet(), second.labelledWindows().keySet());
  }

  @Test
  void opensInHeadlessChromiumWithNoErrorAndNoNetwork() throws Exception {
    ReportPage.BrowserCheck check = page.checkInChromium("generator", "sensor-01");
    assertEquals(4, check.drawn());
  }
}
