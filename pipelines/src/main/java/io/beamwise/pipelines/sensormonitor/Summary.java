package io.beamwise.pipelines.sensormonitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beamwise.anomaly.GroupAlertsIntoEpisodes;
import io.beamwise.anomaly.ScoreAnomalies;
import io.beamwise.io.files.ReadLinesWithPosition;
import io.beamwise.io.parquet.ReadParquetRows;
import io.beamwise.parse.ParseSensorReadings;
import io.beamwise.windows.ComputeWindowStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * The counts of one {@code sensor-monitor} run, taken from the pipeline's Beam metrics, and the
 * checks that they reconcile:
 *
 * <ul>
 *   <li>records read = lines read − header lines = parsed + dead-lettered;
 *   <li>parsed = readings scored + late for scoring;
 *   <li>parsed = readings counted in the window statistics + readings too late for any window
 *       (checked for discarding panes of tumbling or session windows, which partition the
 *       readings).
 * </ul>
 */
public final class Summary {

  private final Map<String, Object> fields = new LinkedHashMap<>();
  private final long linesRead;
  private final long headerLines;
  private final long parsed;
  private final long deadLettered;
  private final long scored;
  private final long late;
  private final long readingsInWindows;
  private final long lateForWindows;
  private final boolean checkWindows;
  private final List<String> failedChecks = new ArrayList<>();
  private final Map<String, Long> counters;

  private Summary(Map<String, Long> counters, boolean checkWindows) {
    this.checkWindows = checkWindows;
    this.counters = counters;
    // Text lines or Parquet rows, whichever the input was.
    linesRead =
        get(counters, ReadLinesWithPosition.METRICS_NAMESPACE, "lines_read")
            + get(counters, ReadParquetRows.METRICS_NAMESPACE, ReadParquetRows.ROWS_READ);
    headerLines = get(counters, ParseSensorReadings.METRICS_NAMESPACE, "headers");
    parsed = get(counters, ParseSensorReadings.METRICS_NAMESPACE, "parsed");
    deadLettered = get(counters, ParseSensorReadings.METRICS_NAMESPACE, "failed");
    scored = get(counters, ScoreAnomalies.METRICS_NAMESPACE, "scored");
    late = get(counters, ScoreAnomalies.METRICS_NAMESPACE, "late");
    readingsInWindows = get(counters, ComputeWindowStats.METRICS_NAMESPACE, "window_readings");
    lateForWindows = get(counters, ComputeWindowStats.METRICS_NAMESPACE, "late_dropped");
    fields.put("records_read", linesRead - headerLines);
    fields.put("header_lines", headerLines);
    fields.put("parsed", parsed);
    fields.put("dead_lettered", deadLettered);
    fields.put("windows_emitted", get(counters, ComputeWindowStats.METRICS_NAMESPACE, "windows"));
    fields.put("readings_in_windows", checkWindows ? readingsInWindows : null);
    fields.put("late_for_windows", lateForWindows);
    fields.put("readings_scored", scored);
    fields.put("late_for_scoring", late);
    fields.put("warming_up", get(counters, ScoreAnomalies.METRICS_NAMESPACE, "warming_up"));
    fields.put("alerts", get(counters, ScoreAnomalies.METRICS_NAMESPACE, "alerts"));
    fields.put("episodes", get(counters, GroupAlertsIntoEpisodes.METRICS_NAMESPACE, "episodes"));
    long lateAlerts = get(counters, GroupAlertsIntoEpisodes.METRICS_NAMESPACE, "late_dropped");
    if (lateAlerts > 0) {
      // Such an alert is still in alerts; only its episode is missing.
      fields.put("alerts_late_for_episodes", lateAlerts);
    }
    fields.put("reconciled", reconciles());
    Map<String, Long> reasons = deadLetterReasons(counters);
    if (!reasons.isEmpty()) {
      fields.put("dead_letter_reasons", reasons);
    }
    long records = linesRead - headerLines;
    if (records > 0 && 2 * deadLettered > records) {
      StringBuilder top = new StringBuilder();
      reasons.entrySet().stream()
          .limit(3)
          .forEach(r -> top.append(top.length() == 0 ? "" : ", ").append(r.getKey()).append(' ')
              .append(Math.round(100.0 * r.getValue() / deadLettered)).append('%'));
      fields.put(
          "warning",
          String.format(
              "%d of %d records (%d%%) were dead-lettered; top reasons: %s. Is --input in the"
                  + " expected format (NAB CSV timestamp,value; JSON Lines sensor, ts, value) and"
                  + " --timeZone right?",
              deadLettered, records, Math.round(100.0 * deadLettered / records), top));
    }
  }

  /** The value of a counter of the run ({@code namespace/name}); 0 if it was never set. */
  long counter(String namespace, String name) {
    return get(counters, namespace, name);
  }

  /** Dead letters of the parse step by reason (from the parser's counters). */
  Map<String, Long> parseDeadLetterReasons() {
    return deadLetterReasons(counters);
  }

  /** Dead letters of the parse step per reason, most frequent first. */
  private static Map<String, Long> deadLetterReasons(Map<String, Long> counters) {
    String prefix = ParseSensorReadings.METRICS_NAMESPACE + "/failed_";
    Map<String, Long> reasons = new LinkedHashMap<>();
    counters.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix) && e.getValue() > 0)
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .forEach(e -> reasons.put(e.getKey().substring(prefix.length()), e.getValue()));
    return reasons;
  }

  /** The loud warning of a run whose records were mostly dead-lettered, if it was. */
  public java.util.Optional<String> warning() {
    Object w = fields.get("warning");
    return w == null ? java.util.Optional.empty() : java.util.Optional.of(w.toString());
  }

  /**
   * Reads the counters of a finished run; {@code checkWindows} is false for accumulating panes and
   * sliding windows, whose counts repeat readings.
   */
  public static Summary of(PipelineResult result, boolean checkWindows) {
    MetricQueryResults metrics = result.metrics().queryMetrics(MetricsFilter.builder().build());
    Map<String, Long> counters = new LinkedHashMap<>();
    for (MetricResult<Long> c : metrics.getCounters()) {
      String key = c.getName().getNamespace() + "/" + c.getName().getName();
      Long value = committedOrAttempted(c);
      counters.merge(key, value == null ? 0L : value, Long::sum);
    }
    return new Summary(counters, checkWindows);
  }

  /**
   * The summary of counter values read elsewhere (e.g. from a runner's REST API), keyed {@code
   * namespace/name} like Beam's {@code MetricName}.
   */
  static Summary ofCounters(Map<String, Long> counters, boolean checkWindows) {
    return new Summary(counters, checkWindows);
  }

  /**
   * The summary of a job that was submitted and left running ({@link DetachedJob}): no counts, only
   * the descriptive fields added with {@link #with}; {@link #reconciles()} is true.
   */
  static Summary submitted() {
    Summary summary = new Summary(Map.of(), false);
    summary.fields.clear();
    return summary;
  }

  private static Long committedOrAttempted(MetricResult<Long> c) {
    try {
      Long committed = c.getCommittedOrNull();
      return committed != null ? committed : c.getAttempted();
    } catch (UnsupportedOperationException e) {
      return c.getAttempted();
    }
  }

  private static long get(Map<String, Long> counters, String namespace, String name) {
    return counters.getOrDefault(namespace + "/" + name, 0L);
  }

  /** True when every count reconciles (see the class comment). */
  public boolean reconciles() {
    long records = linesRead - headerLines;
    return records == parsed + deadLettered
        && parsed == scored + late
        && (!checkWindows || parsed == readingsInWindows + lateForWindows)
        && failedChecks.isEmpty();
  }

  /** Why {@link #reconciles()} is false, or an empty string. */
  public String mismatch() {
    StringBuilder why = new StringBuilder();
    long records = linesRead - headerLines;
    if (records != parsed + deadLettered) {
      why.append(
          String.format(
              "records_read %d != parsed %d + dead_lettered %d; ", records, parsed, deadLettered));
    }
    if (parsed != scored + late) {
      why.append(
          String.format("parsed %d != readings_scored %d + late %d; ", parsed, scored, late));
    }
    if (checkWindows && parsed != readingsInWindows + lateForWindows) {
      why.append(
          String.format(
              "parsed %d != readings_in_windows %d + late_for_windows %d; ",
              parsed, readingsInWindows, lateForWindows));
    }
    failedChecks.forEach(f -> why.append(f).append("; "));
    return why.toString().trim();
  }

  /**
   * Adds a check of this run's counts against an expectation, such as what the generator says it
   * produced; when {@code ok} is false, {@link #reconciles()} becomes false and {@link
   * #mismatch()} gives {@code why}.
   */
  public Summary check(boolean ok, String why) {
    if (!ok) {
      failedChecks.add(why);
    }
    fields.put("reconciled", reconciles());
    return this;
  }

  /** Adds a descriptive field (input, runner, timings, ...), kept in insertion order. */
  public Summary with(String field, Object value) {
    fields.put(field, value);
    return this;
  }

  public long get(String field) {
    Object v = fields.get(field);
    return v instanceof Number ? ((Number) v).longValue() : 0L;
  }

  public Map<String, Object> fields() {
    return fields;
  }

  /** Pretty-printed JSON. */
  public String toJson() {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode node = mapper.valueToTree(fields);
    try {
      return mapper.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
