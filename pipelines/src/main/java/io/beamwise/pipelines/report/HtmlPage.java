package io.beamwise.pipelines.report;

import static io.beamwise.pipelines.report.Html.count;
import static io.beamwise.pipelines.report.Html.escape;
import static io.beamwise.pipelines.report.Html.number;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The report as one self-contained HTML page: its tables as HTML ({@link HtmlTables}), one
 * {@code article.sensor} per sensor (name order) with a chart drawn by Apache ECharts from the
 * page's JSON ({@link ChartData}), and the ECharts library, the style and the script inlined, so
 * the page opens from disk with no network. A Content-Security-Policy forbids every fetch.
 */
final class HtmlPage {

  private static final String ECHARTS_POM = "/META-INF/maven/org.webjars.npm/echarts/pom.properties";

  private HtmlPage() {}

  /**
   * @param pngs the PNG file name of each sensor written beside the page, if any
   */
  static String render(RunData run, int buckets, Map<String, String> pngs) {
    List<SensorSeries> sensors = run.sensors();
    Map<SensorSeries, Integer> positions = new IdentityHashMap<>();
    for (int i = 0; i < sensors.size(); i++) {
      positions.put(sensors.get(i), i);
    }
    JsonNode summary = run.summary();
    StringBuilder h = new StringBuilder(1 << 20);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
            + " script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"generator\" content=\"beamwise report\">\n")
        .append("<title>beamwise report: ").append(escape(run.results().getFileName())).append("</title>\n<style>")
        .append(resource("report.css")).append("</style></head><body>\n<header><h1>sensor-monitor report</h1>")
        .append("<p class=\"muted\">Results <code>").append(escape(run.results())).append("</code>");
    field(h, summary, "input", " · input ");
    field(h, summary, "detector", " · detector ");
    field(h, summary, "threshold", " · threshold ");
    field(h, summary, "window", " · window ");
    field(h, summary, "runner", " · runner ");
    h.append(" · generated ").append(escape(Instant.now().toString().replaceAll("\\.\\d+Z$", "Z")))
        .append("</p><nav class=\"toc\"><a href=\"#summary\">Summary</a>");
    if (run.evaluation().isPresent() || run.evaluationProblem().isPresent()) {
      h.append("<a href=\"#evaluation\">NAB evaluation</a>");
    }
    h.append("<a href=\"#index\">Sensors by alerts</a><a href=\"#dead-letters\">Dead letters</a>"
        + "<a href=\"#sensors\">Charts</a></nav></header>\n<main>\n");
    HtmlTables.summary(h, summary);
    HtmlTables.evaluation(h, run);
    HtmlTables.index(h, sensors, positions);
    HtmlTables.deadLetters(h, run.deadLetters());
    h.append("<section id=\"sensors\"><h2>Charts</h2><p class=\"note\">Top: the values, the window mean"
            + " ± one standard deviation, alerts (red), late readings (purple diamonds); bottom: the anomaly"
            + " score against the threshold, dead letters (brown triangles). Shaded: labelled anomaly windows"
            + " (yellow with an alert in them, orange without). Mouse wheel or pinch to zoom, drag to pan, the"
            + " slider to move, the toolbox to zoom to a box or reset. Times in UTC. Each chart keeps, of up to ")
        .append(count(buckets)).append(" equal time buckets, the first, last, lowest and highest reading and the"
            + " highest score of each, and every alert.</p>\n");
    for (int i = 0; i < sensors.size(); i++) {
      article(h, sensors.get(i), i, pngs.get(sensors.get(i).sensor()));
    }
    h.append("</section></main>\n<script type=\"application/json\" id=\"report-data\">")
        .append(ChartData.of(sensors)).append("</script>\n<script>").append(echarts())
        .append("</script>\n<script>").append(resource("report.js")).append("</script>\n</body></html>\n");
    return h.toString();
  }

  private static void article(StringBuilder h, SensorSeries s, int i, String png) {
    long alerted = s.labels().stream().filter(SensorSeries.LabelWindow::alerted).count();
    h.append("<article class=\"sensor\" id=\"sensor-").append(i).append("\" data-sensor=\"")
        .append(escape(s.sensor())).append("\" data-readings=\"").append(s.readings())
        .append("\" data-alerts=\"").append(s.alertCount()).append("\" data-labels=\"")
        .append(s.labels().size()).append("\"><h3>").append(escape(s.sensor())).append("</h3><p class=\"facts\">")
        .append(count(s.readings())).append(" readings · ").append(count(s.alertCount())).append(" alerts · ")
        .append(count(s.warmingUp())).append(" warming up · threshold ")
        .append(Double.isNaN(s.constantThreshold()) ? "adaptive" : number(s.constantThreshold()));
    if (!s.labels().isEmpty()) {
      h.append(" · ").append(s.labels().size()).append(" labelled windows, ").append(alerted).append(" with an alert");
    }
    if (s.late() > 0 || s.otherDeadLetters() > 0) {
      h.append(" · ").append(count(s.late())).append(" late · ").append(count(s.otherDeadLetters()))
          .append(" other dead letters");
    }
    if (png != null) {
      h.append(" · <a href=\"").append(escape(png)).append("\">PNG</a>");
    }
    h.append("</p><div class=\"chart\" data-sensor-index=\"").append(i).append("\" data-sensor=\"")
        .append(escape(s.sensor())).append("\"></div>");
    if (!s.labels().isEmpty()) {
      h.append("<details><summary>Labelled windows</summary><ol class=\"labels\">");
      for (SensorSeries.LabelWindow w : s.labels()) {
        h.append("<li data-start=\"").append(w.start()).append("\" data-end=\"").append(w.end())
            .append("\" data-alerted=\"").append(w.alerted()).append("\">").append(Html.time(w.start()))
            .append(" – ").append(Html.time(w.end())).append(w.alerted() ? ": alerted (" + s.alertsIn(w.start(), w.end()) + ")" : ": missed")
            .append("</li>");
      }
      h.append("</ol></details>");
    }
    h.append("</article>\n");
  }

  private static void field(StringBuilder h, JsonNode summary, String name, String prefix) {
    JsonNode v = summary.get(name);
    if (v != null && !v.isNull()) {
      h.append(escape(prefix)).append("<b>").append(escape(v.asText())).append("</b>");
    }
  }

  static String resource(String name) {
    try (InputStream in = HtmlPage.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The minified ECharts of the WebJar on the classpath. */
  static String echarts() {
    Properties pom = new Properties();
    try (InputStream in = HtmlPage.class.getResourceAsStream(ECHARTS_POM)) {
      if (in == null) {
        throw new IllegalStateException("the ECharts WebJar is missing from the classpath (" + ECHARTS_POM + ")");
      }
      pom.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return resource("/META-INF/resources/webjars/echarts/" + pom.getProperty("version") + "/dist/echarts.min.js");
  }
}
