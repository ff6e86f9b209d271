package io.beamwise.pipelines.report;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The JSON that the report's script draws from: {@code {"sensors": [...]}} in index order, one
 * object per sensor with
 *
 * <ul>
 *   <li>{@code id}, counts {@code n} (readings), {@code na} (alerts), {@code th} (the threshold,
 *       or null when it varied: then {@code p.th} has it per point);
 *   <li>{@code t0}: a base time, epoch milliseconds (UTC); every {@code dt} array holds time
 *       differences, each from the previous element (the first from {@code t0});
 *   <li>{@code p}: the down-sampled readings {@code dt, v} (value), {@code s} (score);
 *   <li>{@code a}: every alert {@code dt, v, s};
 *   <li>{@code b}: the window band {@code dt} (window start), {@code d} (window length, ms),
 *       {@code m} (mean), {@code lo}, {@code hi} (mean ∓ std);
 *   <li>{@code k}: late readings and dead letters {@code dt, v} (null when unknown), {@code kind},
 *       {@code n} (records it stands for);
 *   <li>{@code l}: labelled windows {@code [start, end, alerted]} in epoch milliseconds.
 * </ul>
 *
 * <p>Values keep 7 significant digits, scores and thresholds 4 decimals: more than a chart shows.
 * The text is safe inside a {@code <script>} element ({@code </} is written {@code <\/}).
 */
final class ChartData {

  private ChartData() {}

  static String of(List<SensorSeries> sensors) {
    StringBuilder sb = new StringBuilder(1 << 16);
    sb.append("{\"sensors\":[");
    for (int i = 0; i < sensors.size(); i++) {
      if (i > 0) {
        sb.append(",\n");
      }
      sensor(sb, sensors.get(i));
    }
    sb.append("]}");
    return sb.toString().replace("</", "<\\/");
  }

  private static void sensor(StringBuilder sb, SensorSeries s) {
    List<Point> points = s.points();
    long t0 = points.isEmpty() ? 0 : points.get(0).time();
    double th = s.constantThreshold();
    sb.append("{\"id\":");
    string(sb, s.sensor());
    sb.append(",\"n\":").append(s.readings()).append(",\"na\":").append(s.alertCount());
    sb.append(",\"th\":");
    score(sb, th);
    sb.append(",\"t0\":").append(t0);

    sb.append(",\"p\":{");
    times(sb, points, Point::time, t0);
    doubles(sb, "v", points, Point::value, true);
    doubles(sb, "s", points, Point::score, false);
    if (Double.isNaN(th)) {
      doubles(sb, "th", points, Point::threshold, false);
    }
    sb.append("},\"a\":{");
    times(sb, s.alerts(), Point::time, t0);
    doubles(sb, "v", s.alerts(), Point::value, true);
    doubles(sb, "s", s.alerts(), Point::score, false);
    sb.append("},\"b\":{");
    times(sb, s.band(), WindowBand.Entry::start, t0);
    sb.append(",\"d\":[");
    for (int i = 0; i < s.band().size(); i++) {
      WindowBand.Entry e = s.band().get(i);
      sb.append(i > 0 ? "," : "").append(e.end() - e.start());
    }
    sb.append(']');
    doubles(sb, "m", s.band(), WindowBand.Entry::mean, true);
    doubles(sb, "lo", s.band(), WindowBand.Entry::low, true);
    doubles(sb, "hi", s.band(), WindowBand.Entry::high, true);
    sb.append("},\"k\":{");
    times(sb, s.marks(), Mark::time, t0);
    doubles(sb, "v", s.marks(), Mark::value, true);
    sb.append(",\"kind\":[");
    for (int i = 0; i < s.marks().size(); i++) {
      sb.append(i > 0 ? "," : "");
      string(sb, s.marks().get(i).kind());
    }
    sb.append("],\"n\":[");
    for (int i = 0; i < s.marks().size(); i++) {
      sb.append(i > 0 ? "," : "").append(s.marks().get(i).count());
    }
    sb.append("]},\"l\":[");
    List<SensorSeries.LabelWindow> labels = s.labels();
    for (int i = 0; i < labels.size(); i++) {
      SensorSeries.LabelWindow w = labels.get(i);
      sb.append(i > 0 ? "," : "").append('[').append(w.start()).append(',').append(w.end())
          .append(',').append(w.alerted()).append(']');
    }
    sb.append("]}");
  }

  private static <T> void times(StringBuilder sb, List<T> items, ToLongFunction<T> time, long t0) {
    sb.append("\"dt\":[");
    long previous = t0;
    for (int i = 0; i < items.size(); i++) {
      long t = time.applyAsLong(items.get(i));
      sb.append(i > 0 ? "," : "").append(t - previous);
      previous = t;
    }
    sb.append(']');
  }

  private static <T> void doubles(
      StringBuilder sb, String name, List<T> items, ToDoubleFunction<T> field, boolean isValue) {
    sb.append(",\"").append(name).append("\":[");
    for (int i = 0; i < items.size(); i++) {
      sb.append(i > 0 ? "," : "");
      double d = field.applyAsDouble(items.get(i));
      if (isValue) {
        value(sb, d);
      } else {
        score(sb, d);
      }
    }
    sb.append(']');
  }

  /** 7 significant digits; {@code null} when not finite. */
  static void value(StringBuilder sb, double d) {
    if (!Double.isFinite(d)) {
      sb.append("null");
      return;
    }
    if (d == 0) {
      sb.append('0');
      return;
    }
    int exponent = (int) Math.floor(Math.log10(Math.abs(d)));
    int decimals = 6 - exponent;
    if (decimals <= 0) {
      double scale = Math.pow(10, -decimals);
      plain(sb, Math.abs(d) < 1e15 ? Math.rint(d / scale) * scale : d);
      return;
    }
    plain(sb, Math.round(d * Math.pow(10, Math.min(decimals, 300))) / Math.pow(10, Math.min(decimals, 300)));
  }

  /** 4 decimals; {@code null} when not finite. */
  static void score(StringBuilder sb, double d) {
    if (!Double.isFinite(d)) {
      sb.append("null");
      return;
    }
    plain(sb, Math.round(d * 1e4) / 1e4);
  }

  private static void plain(StringBuilder sb, double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      sb.append((long) d);
    } else {
      sb.append(d);
    }
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    JsonStringEncoder.getInstance().quoteAsString(s == null ? "" : s, sb);
    sb.append('"');
  }
}
