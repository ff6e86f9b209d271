package io.beamwise.pipelines.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beamwise.evaluation.AnomalyWindows;
import io.beamwise.pipelines.evaluate.Evaluate;
import io.beamwise.pipelines.sensormonitor.NabData;
import io.beamwise.pipelines.sensormonitor.SensorMonitor;
import io.beamwise.pipelines.sensormonitor.SensorMonitorOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sensor-monitor --report} on the 19 NAB development files with NAB's labels: the report
 * holds every file's chart and alerts, its labelled windows and the same NAB evaluation as {@code
 * evaluate}; it opens in headless Chromium with no error and no network.
 */
class ReportNabTest {

  @TempDir static Path out;
  static Path nab;
  static Path labels;
  static Set<String> sensors = new TreeSet<>();
  static ReportPage page;

  @BeforeAll
  static void runWithReport() throws IOException {
    nab = NabData.nab().orElse(null);
    Assumptions.assumeTrue(nab != null, NabData.missingMessage());
    labels = nab.resolve("labels/combined_windows.json");
    try (Stream<Path> files = Files.walk(nab.resolve("data"))) {
      files.filter(f -> f.toString().endsWith(".csv"))
          .forEach(f -> sensors.add(f.getFileName().toString().replace(".csv", "")));
    }
    assertEquals(19, sensors.size());
    SensorMonitorOptions options =
        PipelineOptionsFactory.fromArgs(
                "--input=" + nab.resolve("data/*/*.csv"),
                "--output=" + out,
                "--report",
                "--labelsFile=" + labels,
                "--quiet")
            .as(SensorMonitorOptions.class);
    SensorMonitor.runAndSummarize(options);
    page = new ReportPage(out.resolve("report/index.html"));
  }

  @Test
  void everyFileHasItsChartWithTheAlertsOfAlertsJsonl() throws IOException {
    page.assertSensorsAndAlerts(sensors, ReportPage.alertsBySensor(out.resolve("alerts.jsonl")));
    for (String s : sensors) {
      assertTrue(Files.size(out.resolve("report").resolve(PngCharts.fileName(s))) > 10_000, "PNG of " + s);
    }
  }

  @Test
  void everyLabelledWindowIsListedUnderItsFile() throws IOException {
    AnomalyWindows windows = AnomalyWindows.read(labels);
    Map<String, List<long[]>> listed = page.labelledWindows();
    int total = 0;
    for (String key : windows.byFile().keySet()) {
      String sensor = ReportLabels.sensorOf(key);
      List<AnomalyWindows.Window> expected = windows.windows(key);
      assertEquals(expected.size(), listed.get(sensor).size(), "windows of " + sensor);
      for (int i = 0; i < expected.size(); i++) {
        // The run's --timeZone is UTC: NAB's local times are read as UTC.
        assertEquals(expected.get(i).start().toInstant(java.time.ZoneOffset.UTC).toEpochMilli(), listed.get(sensor).get(i)[0]);
        assertEquals(expected.get(i).end().toInstant(java.time.ZoneOffset.UTC).toEpochMilli(), listed.get(sensor).get(i)[1]);
      }
      total += expected.size();
    }
    assertEquals(39, total);
    int drawn = 0;
    for (JsonNode s : page.data.get("sensors")) {
      drawn += s.get("l").size();
    }
    assertEquals(39, drawn, "windows in the chart data");
  }

  @Test
  void theNabEvaluationIsEvaluatesOwn() throws IOException {
    ObjectNode expected = Evaluate.evaluate(out.resolve("nab"), AnomalyWindows.read(labels));
    List<Element> profiles = page.html.select("#nab-profiles tbody tr");
    assertEquals(3, profiles.size());
    for (int i = 0; i < 3; i++) {
      JsonNode p = expected.get("profiles").get(i);
      Element row = profiles.get(i);
      assertEquals(p.get("profile").asText(), row.attr("data-profile"));
      List<String> cells = row.select("td").eachText();
      assertEquals(Html.number(p.get("score").asDouble()), cells.get(2), "score of " + p.get("profile"));
      assertEquals(Html.count(p.get("tp_windows").asLong()), cells.get(3));
      assertEquals(Html.count(p.get("missed_windows").asLong()), cells.get(4));
      assertEquals(Html.count(p.get("fp_rows").asLong()), cells.get(5));
    }
    assertEquals(
        sensors,
        page.html.select("#nab-files tbody tr").stream()
            .map(r -> ReportLabels.sensorOf(r.attr("data-file")))
            .collect(Collectors.toCollection(TreeSet::new)));
  }

  @Test
  void theSummaryIsTheRunsAndUnderFiveMegabytes() throws IOException {
    assertEquals("true", page.html.select("#summary tr[data-field=reconciled] td").text());
    long rows = 0;
    try (Stream<Path> files = Files.walk(nab.resolve("data"))) {
      for (Path f : files.filter(f -> f.toString().endsWith(".csv")).collect(Collectors.toList())) {
        rows += Files.readAllLines(f).size() - 1;
      }
    }
    assertEquals(Html.count(rows), page.html.select("#summary tr[data-field=records_read] td").text());
    long bytes = Files.size(page.file);
    assertTrue(bytes < 5_000_000, "report of the 19 NAB files is " + bytes + " bytes");
  }

  @Test
  void opensInHeadlessChromiumWithNoErrorAndNoNetwork() throws Exception {
    ReportPage.BrowserCheck check = page.checkInChromium("nab19", "nyc_taxi");
    assertEquals(19, check.drawn());
  }
}
