package io.beamwise.io.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beamwise.anomaly.AlertEpisode;
import io.beamwise.anomaly.AnomalyResult;
import io.beamwise.failure.Failure;
import io.beamwise.windows.WindowStats;
import java.io.UncheckedIOException;
import org.joda.time.Instant;

/**
 * The JSON Lines form of beamwise's records, with a fixed field order and snake_case names.
 * Timestamps are ISO-8601 in UTC with millisecond precision ({@code 2014-07-01T00:30:00.000Z}).
 * Non-finite doubles (the NaN standard deviation of a one-value window) are written as {@code
 * null}.
 */
public final class JsonRecords {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonRecords() {}

  /**
   * {@code sensor, window_start, window_end, count, min, max, mean, sum, std_dev, timing,
   * pane_index, is_final}.
   */
  public static String windowStats(WindowStats s) {
    return windowStatsKeyedAs(s, "sensor");
  }

  /**
   * As {@link #windowStats(WindowStats)}, the key under {@code keyName} instead of {@code sensor}
   * (a name of its own, not an overload, so {@code JsonRecords::windowStats} stays an exact method
   * reference).
   */
  public static String windowStatsKeyedAs(WindowStats s, String keyName) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put(keyName, s.getKey());
    n.put("window_start", iso(s.getWindowStart()));
    n.put("window_end", iso(s.getWindowEnd()));
    n.put("count", s.getCount());
    putDouble(n, "min", s.getMin());
    putDouble(n, "max", s.getMax());
    putDouble(n, "mean", s.getMean());
    putDouble(n, "sum", s.getSum());
    putDouble(n, "std_dev", s.getStdDev());
    n.put("timing", s.getTiming());
    n.put("pane_index", s.getPaneIndex());
    n.put("is_final", s.getIsFinal());
    return write(n);
  }

  /**
   * {@code sensor, start, end, alerts, peak_score, peak_time, peak_value, source, line, detector}:
   * an alert episode ({@code source} and {@code line} are the first alert's position).
   */
  public static String episode(AlertEpisode e) {
    return episodeKeyedAs(e, "sensor");
  }

  /** As {@link #episode(AlertEpisode)}, the key under {@code keyName} instead of {@code sensor}. */
  public static String episodeKeyedAs(AlertEpisode e, String keyName) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put(keyName, e.getKey());
    n.put("start", iso(e.getStart()));
    n.put("end", iso(e.getEnd()));
    n.put("alerts", e.getAlerts());
    putDouble(n, "peak_score", e.getPeakScore());
    n.put("peak_time", iso(e.getPeakTime()));
    putDouble(n, "peak_value", e.getPeakValue());
    n.put("source", e.getSource());
    n.put("line", e.getLine());
    n.put("detector", e.getDetector());
    return write(n);
  }

  /**
   * {@code sensor, timestamp, value, anomaly_score, is_anomaly, label, threshold, detector, late,
   * source, line}; {@code values} (an array) for a multivariate result; and {@code details} (an
   * object of named numbers, non-finite ones as null) when the result has any.
   */
  public static String score(AnomalyResult r) {
    return scoreKeyedAs(r, "sensor");
  }

  /** As {@link #score(AnomalyResult)}, the key under {@code keyName} instead of {@code sensor}. */
  public static String scoreKeyedAs(AnomalyResult r, String keyName) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put(keyName, r.getSensor());
    n.put("timestamp", iso(r.getTimestamp()));
    putDouble(n, "value", r.getValue());
    putDouble(n, "anomaly_score", r.getScore());
    n.put("is_anomaly", r.getIsAnomaly());
    n.put("label", r.getLabel());
    putDouble(n, "threshold", r.getThreshold());
    n.put("detector", r.getDetector());
    n.put("late", r.getLate());
    n.put("source", r.getSource());
    n.put("line", r.getLine());
    if (!r.getValues().isEmpty()) {
      com.fasterxml.jackson.databind.node.ArrayNode values = n.putArray("values");
      r.getValues().forEach(v -> values.add(Double.isFinite(v) ? values.numberNode(v) : values.nullNode()));
    }
    if (!r.getDetails().isEmpty()) {
      ObjectNode details = n.putObject("details");
      // Sorted: a decoded map may not keep the order it was built in.
      new java.util.TreeMap<>(r.getDetails()).forEach((name, v) -> putDouble(details, name, v));
    }
    return write(n);
  }

  /**
   * {@code stage, reason, message, error_class, source, line, payload, payload_bytes,
   * processing_time}.
   */
  public static String failure(Failure f) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("stage", f.getStage());
    n.put("reason", f.getReason());
    n.put("message", f.getMessage());
    n.put("error_class", f.getErrorClass());
    n.put("source", f.getSource());
    n.put("line", f.getLine());
    n.put("payload", f.getPayload());
    n.put("payload_bytes", f.getPayloadBytes());
    n.put("processing_time", iso(f.getProcessingTime()));
    return write(n);
  }

  private static void putDouble(ObjectNode n, String field, double v) {
    if (Double.isFinite(v)) {
      n.put(field, v);
    } else {
      n.putNull(field);
    }
  }

  private static String iso(Instant t) {
    return t.toString();
  }

  private static String write(ObjectNode n) {
    try {
      return MAPPER.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
