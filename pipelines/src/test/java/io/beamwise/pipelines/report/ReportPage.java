package io.beamwise.pipelines.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Assumptions;

/** A written report, parsed: its HTML (jsoup) and its chart data; and its check in Chromium. */
final class ReportPage {

  private static final ObjectMapper JSON = new ObjectMapper();

  final Path file;
  final Document html;
  final JsonNode data;

  ReportPage(Path file) throws IOException {
    this.file = file;
    this.html = Jsoup.parse(file.toFile(), StandardCharsets.UTF_8.name());
    Element script = html.getElementById("report-data");
    assertTrue(script != null, "no #report-data in " + file);
    this.data = JSON.readTree(script.data());
  }

  /** Sensors with an article (chart), in page order. */
  List<String> articleSensors() {
    return html.select("article.sensor").eachAttr("data-sensor");
  }

  /** Alerts per sensor in a results file of JSON lines ({@code alerts.jsonl}). */
  static Map<String, Long> alertsBySensor(Path alerts) throws IOException {
    Map<String, Long> out = new TreeMap<>();
    for (String line : Files.readAllLines(alerts, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        out.merge(JSON.readTree(line).get("sensor").asText(), 1L, Long::sum);
      }
    }
    return out;
  }

  /**
   * Checks that every sensor is present once with the alert count of {@code alerts.jsonl}, in the
   * index (sorted by alerts), the articles and the chart data (one point per alert).
   */
  void assertSensorsAndAlerts(Set<String> sensors, Map<String, Long> alerts) {
    assertEquals(sensors, Set.copyOf(articleSensors()), "articles");
    assertEquals(sensors.size(), articleSensors().size(), "one article per sensor");
    List<Element> rows = html.select("#sensor-index tbody tr");
    assertEquals(sensors, rows.stream().map(r -> r.attr("data-sensor")).collect(Collectors.toSet()), "index");
    long previous = Long.MAX_VALUE;
    for (Element r : rows) {
      long n = Long.parseLong(r.attr("data-alerts"));
      assertTrue(n <= previous, "index sorted by alerts, most first");
      previous = n;
      assertEquals(alerts.getOrDefault(r.attr("data-sensor"), 0L), n, "index alerts of " + r.attr("data-sensor"));
    }
    for (Element a : html.select("article.sensor")) {
      assertEquals(alerts.getOrDefault(a.attr("data-sensor"), 0L), Long.parseLong(a.attr("data-alerts")),
          "article alerts of " + a.attr("data-sensor"));
    }
    Map<String, Long> drawn = new HashMap<>();
    for (JsonNode s : data.get("sensors")) {
      assertEquals(s.get("na").asLong(), s.get("a").get("dt").size(), "alert points of " + s.get("id"));
      assertEquals(s.get("a").get("dt").size(), s.get("a").get("v").size());
      drawn.put(s.get("id").asText(), s.get("na").asLong());
    }
    for (String sensor : sensors) {
      assertEquals(alerts.getOrDefault(sensor, 0L), drawn.get(sensor), "chart alerts of " + sensor);
    }
  }

  /** Labelled windows listed under each sensor's chart ({@code [start, end]} epoch ms), by sensor. */
  Map<String, List<long[]>> labelledWindows() {
    Map<String, List<long[]>> out = new TreeMap<>();
    for (Element a : html.select("article.sensor")) {
      out.put(
          a.attr("data-sensor"),
          a.select("ol.labels li").stream()
              .map(li -> new long[] {Long.parseLong(li.attr("data-start")), Long.parseLong(li.attr("data-end"))})
              .collect(Collectors.toList()));
    }
    return out;
  }

  /** Where tests keep screenshots for people (a CI artifact): {@code out/report-check}. */
  static Path artifacts() {
    String out = System.getProperty("beamwise.out");
    return (out == null ? Paths.get("out") : Paths.get(out)).resolve("report-check");
  }

  /** How the page did in Chromium. */
  record BrowserCheck(long readyMs, long loadMs, long allDrawnMs, int drawn) {}

  /**
   * Opens the page in headless Chromium from disk: it must make no request other than {@code
   * file:}/{@code data:}, report no error, draw the charts scrolled into view; then draws every chart ({@code
   * #all}) with no error and takes screenshots of the top and of {@code sensor}'s chart into
   * {@link #artifacts()} as {@code NAME-top.png}, {@code NAME-SENSOR.png}.
   */
  BrowserCheck checkInChromium(String name, String sensor) throws Exception {
    var chromium = HeadlessChromium.executable();
    if (chromium.isEmpty()) {
      String message = "Chromium not found (/usr/bin/chromium or $CHROMIUM): the browser check of the report"
          + " is SKIPPED; install it with: apt-get install -y chromium";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(message + " (CI must run it)");
      }
      Assumptions.assumeTrue(false, message);
    }
    Path dir = artifacts();
    Files.createDirectories(dir);
    try (HeadlessChromium browser = new HeadlessChromium(chromium.get(), 1400, 1000)) {
      browser.open(file.toUri(), Duration.ofSeconds(60));
      browser.await("window.beamwiseReport && window.beamwiseReport.readyMs !== null", Duration.ofSeconds(60));
      long ready = browser.eval("window.beamwiseReport.readyMs").asLong();
      long load = browser.eval("Math.round(performance.getEntriesByType('navigation')[0].loadEventEnd)").asLong();
      browser.screenshot(dir.resolve(name + "-top.png"));
      int index = articleSensors().indexOf(sensor);
      assertTrue(index >= 0, "no chart of " + sensor);
      browser.eval("document.getElementById('sensor-" + index + "').scrollIntoView(); true");
      browser.await("document.querySelector('#sensor-" + index + " .chart').getAttribute('data-drawn')", Duration.ofSeconds(30));
      Thread.sleep(300);
      browser.screenshot(dir.resolve(name + "-" + PngCharts.fileName(sensor)));

      browser.open(java.net.URI.create(file.toUri() + "#all"), Duration.ofSeconds(60));
      browser.await("window.beamwiseReport && window.beamwiseReport.allDrawnMs !== null", Duration.ofSeconds(120));
      long all = browser.eval("window.beamwiseReport.allDrawnMs").asLong();
      int drawn = browser.eval("window.beamwiseReport.drawn").asInt();
      assertEquals(articleSensors().size(), drawn, "charts drawn with #all");
      assertEquals(List.of(), browser.errors(), "errors in the page");
      assertEquals(0, browser.eval("window.beamwiseReport.errors.length").asInt(), "errors caught by the page");
      for (String url : browser.requests()) {
        assertTrue(url.startsWith("file:") || url.startsWith("data:") || url.startsWith("about:"), "the page fetched " + url);
      }
      BrowserCheck check = new BrowserCheck(ready, load, all, drawn);
      Files.writeString(dir.resolve(name + "-timings.txt"),
          String.format("%s: %d bytes; load event %d ms, charts in view %d ms, all %d charts %d ms%n",
              file, Files.size(file), load, ready, drawn, all));
      System.out.printf("report check %s: %s%n", name, check);
      return check;
    }
  }
}
