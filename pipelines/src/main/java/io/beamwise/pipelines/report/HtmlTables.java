package io.beamwise.pipelines.report;

import static io.beamwise.pipelines.report.Html.count;
import static io.beamwise.pipelines.report.Html.escape;
import static io.beamwise.pipelines.report.Html.number;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report's tables, written as plain HTML (readable without the script): the run's summary,
 * the NAB evaluation, the sensor index and the dead letters.
 */
final class HtmlTables {

  /** Dead letters listed one by one; the rest are counted. */
  static final int DEAD_LETTERS_LISTED = 100;

  private HtmlTables() {}

  /** Every field of {@code summary.json}; {@code reconciled} in green or red. */
  static void summary(StringBuilder h, JsonNode summary) {
    h.append("<section id=\"summary\"><h2>Run summary</h2>");
    if (summary.isEmpty()) {
      h.append("<p class=\"note\">The run wrote no summary.json.</p></section>\n");
      return;
    }
    h.append("<div class=\"summary-grid\"><table><tbody>\n");
    int i = 0;
    int half = (summary.size() + 1) / 2;
    for (Map.Entry<String, JsonNode> f : (Iterable<Map.Entry<String, JsonNode>>) summary::fields) {
      if (i++ == half) {
        h.append("</tbody></table><table><tbody>\n");
      }
      JsonNode v = f.getValue();
      String text = v.isValueNode() ? (v.isNumber() ? number(v.asDouble()) : v.asText()) : v.toString();
      String css = f.getKey().equals("reconciled") ? (v.asBoolean() ? " class=\"ok\"" : " class=\"bad\"") : "";
      h.append("<tr data-field=\"").append(escape(f.getKey())).append("\"><th>").append(escape(f.getKey()))
          .append("</th><td").append(css).append('>').append(escape(text)).append("</td></tr>\n");
    }
    h.append("</tbody></table></div></section>\n");
  }

  /** Per profile, and per file at each profile's threshold; or why there is no evaluation. */
  static void evaluation(StringBuilder h, RunData run) {
    if (run.evaluation().isEmpty() && run.evaluationProblem().isEmpty()) {
      return;
    }
    h.append("<section id=\"evaluation\"><h2>NAB evaluation</h2>");
    run.labels().ifPresent(l -> h.append("<p class=\"note\">Labels: <code>").append(escape(l)).append("</code></p>"));
    if (run.evaluation().isEmpty()) {
      h.append("<p class=\"note\">").append(escape(run.evaluationProblem().get())).append("</p></section>\n");
      return;
    }
    ObjectNode e = run.evaluation().get();
    h.append("<p class=\"note\">Scored as NAB does, over the ").append(e.get("files").asInt())
        .append(" files of this run (not comparable with NAB's scoreboard of 58 files). Each profile uses"
            + " the threshold that maximises its score, not the run's threshold.</p>");
    h.append("<table id=\"nab-profiles\"><thead><tr><th>profile</th><th class=\"num\">threshold</th>"
        + "<th class=\"num\">score</th><th class=\"num\">windows found</th><th class=\"num\">missed</th>"
        + "<th class=\"num\">FP rows</th></tr></thead><tbody>\n");
    for (JsonNode p : e.get("profiles")) {
      h.append("<tr data-profile=\"").append(escape(p.get("profile").asText())).append("\"><td>")
          .append(escape(p.get("profile").asText())).append("</td>")
          .append(num(p.get("threshold").asDouble())).append(num(p.get("score").asDouble()))
          .append(num(p.get("tp_windows").asLong())).append(num(p.get("missed_windows").asLong()))
          .append(num(p.get("fp_rows").asLong())).append("</tr>\n");
    }
    h.append("</tbody></table>\n");
    JsonNode at = e.get("at_standard_threshold");
    if (at != null) {
      h.append("<p class=\"note\">At the standard profile's threshold: point precision/recall/F1 ")
          .append(number(at.get("point_precision").asDouble())).append(" / ")
          .append(number(at.get("point_recall").asDouble())).append(" / ")
          .append(number(at.get("point_f1").asDouble())).append("; window precision/recall/F1 ")
          .append(number(at.get("window_precision").asDouble())).append(" / ")
          .append(number(at.get("window_recall").asDouble())).append(" / ")
          .append(number(at.get("window_f1").asDouble())).append("; mean detection delay ")
          .append(number(at.get("mean_detection_delay_minutes").asDouble())).append(" min.</p>\n");
    }
    h.append("<table id=\"nab-files\"><thead><tr><th>file</th>");
    for (JsonNode p : e.get("profiles")) {
      h.append("<th class=\"num\" colspan=\"3\">").append(escape(p.get("profile").asText()))
          .append(": found / missed / FP rows</th>");
    }
    h.append("</tr></thead><tbody>\n");
    Map<String, List<JsonNode>> byFile = new TreeMap<>();
    for (JsonNode p : e.get("profiles")) {
      for (JsonNode f : p.withArray("files")) {
        byFile.computeIfAbsent(f.get("file").asText(), k -> new ArrayList<>()).add(f);
      }
    }
    byFile.forEach(
        (file, perProfile) -> {
          h.append("<tr data-file=\"").append(escape(file)).append("\"><td>").append(escape(file)).append("</td>");
          for (JsonNode f : perProfile) {
            h.append(num(f.get("tp_windows").asLong())).append(num(f.get("missed_windows").asLong()))
                .append(num(f.get("fp_rows").asLong()));
          }
          h.append("</tr>\n");
        });
    h.append("</tbody></table></section>\n");
  }

  /** Sensors by alert count, most first, each linking to its chart. */
  static void index(StringBuilder h, List<SensorSeries> sensors, Map<SensorSeries, Integer> positions) {
    List<SensorSeries> byAlerts = new ArrayList<>(sensors);
    byAlerts.sort(
        Comparator.comparingLong(SensorSeries::alertCount).reversed().thenComparing(SensorSeries::sensor));
    h.append("<section id=\"index\"><h2>Sensors by alerts</h2><div class=\"index-wrap\">"
        + "<table id=\"sensor-index\"><thead><tr><th>sensor</th><th class=\"num\">alerts</th>"
        + "<th class=\"num\">readings</th><th class=\"num\">labelled windows alerted</th>"
        + "<th class=\"num\">late</th><th class=\"num\">other dead letters</th></tr></thead><tbody>\n");
    for (SensorSeries s : byAlerts) {
      long alerted = s.labels().stream().filter(SensorSeries.LabelWindow::alerted).count();
      h.append("<tr data-sensor=\"").append(escape(s.sensor())).append("\" data-alerts=\"")
          .append(s.alertCount()).append("\"><td><a href=\"#sensor-").append(positions.get(s)).append("\">")
          .append(escape(s.sensor())).append("</a></td>").append(num(s.alertCount())).append(num(s.readings()))
          .append("<td class=\"num\">")
          .append(s.labels().isEmpty() ? "–" : alerted + " of " + s.labels().size()).append("</td>")
          .append(num(s.late())).append(num(s.otherDeadLetters())).append("</tr>\n");
    }
    h.append("</tbody></table></div></section>\n");
  }

  /** Dead letters by stage and reason, then the first {@value #DEAD_LETTERS_LISTED} of them. */
  static void deadLetters(StringBuilder h, List<DeadLetterPlacement.Placed> deadLetters) {
    h.append("<section id=\"dead-letters\"><h2>Dead letters</h2>");
    if (deadLetters.isEmpty()) {
      h.append("<p class=\"note\">None: every record was parsed and scored.</p></section>\n");
      return;
    }
    Map<String, Long> byReason = new TreeMap<>();
    long unplaced = 0;
    for (DeadLetterPlacement.Placed d : deadLetters) {
      byReason.merge(d.row().stage() + " / " + d.row().reason(), 1L, Long::sum);
      unplaced += d.sensor() == null || d.time() == DeadLetterPlacement.NO_TIME ? 1 : 0;
    }
    h.append("<p class=\"note\">").append(count(deadLetters.size())).append(" dead letters; ")
        .append(count(deadLetters.size() - unplaced))
        .append(" are marked on their sensor's chart (late readings as diamonds on the values,"
            + " others as triangles on the score axis), ")
        .append(count(unplaced)).append(" have no readable sensor or time.</p>");
    h.append("<table id=\"dead-letter-reasons\"><thead><tr><th>stage / reason</th><th class=\"num\">count</th>"
        + "</tr></thead><tbody>\n");
    byReason.forEach(
        (reason, n) ->
            h.append("<tr><td>").append(escape(reason)).append("</td>").append(num(n)).append("</tr>\n"));
    h.append("</tbody></table>\n<details><summary>The first ")
        .append(Math.min(DEAD_LETTERS_LISTED, deadLetters.size()))
        .append(" dead letters</summary><table><thead><tr><th>stage / reason</th><th>source:line</th>"
            + "<th>sensor</th><th>time (UTC)</th><th>payload</th></tr></thead><tbody>\n");
    for (DeadLetterPlacement.Placed d : deadLetters.subList(0, Math.min(DEAD_LETTERS_LISTED, deadLetters.size()))) {
      String payload = d.row().payload() == null ? "" : d.row().payload();
      h.append("<tr><td>").append(escape(d.row().stage() + " / " + d.row().reason())).append("</td><td class=\"mono\">")
          .append(escape(d.row().source() + ":" + d.row().line())).append("</td><td>")
          .append(escape(d.sensor() == null ? "?" : d.sensor())).append("</td><td>")
          .append(d.time() == DeadLetterPlacement.NO_TIME ? "?" : Html.time(d.time()))
          .append("</td><td class=\"payload mono\">")
          .append(escape(payload.length() > 200 ? payload.substring(0, 200) + "…" : payload))
          .append("</td></tr>\n");
    }
    h.append("</tbody></table></details></section>\n");
  }

  private static String num(long n) {
    return "<td class=\"num\">" + count(n) + "</td>";
  }

  private static String num(double d) {
    return "<td class=\"num\">" + number(d) + "</td>";
  }
}
