package io.beamwise.pipelines.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import javax.imageio.ImageIO;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One PNG chart per sensor with XChart (Apache-2.0), for people who read reports in a terminal or a
 * ticket: the same down-sampled points, window band, alerts, marks and labelled windows as the HTML
 * chart; values on top and the score with its threshold below, on one UTC time axis (two XChart
 * charts drawn into one image).
 */
final class PngCharts {

  static final int WIDTH = 1400;
  static final int HEIGHT = 560;
  private static final int VALUES_HEIGHT = 400;

  private static final Color VALUE = new Color(0x1f77b4);
  private static final Color BAND = new Color(0x9fb7d6);
  private static final Color SCORE = new Color(0x2ca02c);
  private static final Color THRESHOLD = new Color(0xff7f0e);
  private static final Color ALERT = new Color(0xd62728);
  private static final Color LATE = new Color(0x9467bd);
  private static final Color DEAD = new Color(0x8c564b);
  private static final Color LABEL_ALERTED = new Color(255, 193, 7, 90);
  private static final Color LABEL_MISSED = new Color(255, 87, 34, 70);
  private static final Color GRID = new Color(0xdde2ea);

  static {
    // No display on servers and CI: draw off-screen.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private PngCharts() {}

  /** A file name for a sensor's chart: its id with anything but letters, digits, {@code . _ -} as {@code _}. */
  static String fileName(String sensor) {
    return sensor.replaceAll("[^A-Za-z0-9._-]", "_") + ".png";
  }

  static void write(SensorSeries s, Path file) throws IOException {
    ImageIO.write(image(s), "png", file.toFile());
  }

  /** The chart of one sensor, {@value #WIDTH} × {@value #HEIGHT} pixels. */
  static BufferedImage image(SensorSeries s) {
    List<Point> points = s.points();
    long first = points.isEmpty() ? 0 : points.get(0).time();
    long last = points.isEmpty() ? 1 : Math.max(first + 1, points.get(points.size() - 1).time());
    XYChart values = chart(title(s), VALUES_HEIGHT, "value", first, last);
    XYChart scores = chart(null, HEIGHT - VALUES_HEIGHT, "score", first, last);

    double[] range = valueRange(s);
    values.getStyler().setYAxisMin(range[0]).setYAxisMax(range[1]);
    scores.getStyler().setYAxisMin(-0.05).setYAxisMax(1.05);
    long span = last - first;
    int n = 0;
    for (SensorSeries.LabelWindow w : s.labels()) {
      double pad = Math.max(0, (span / 400.0 - (w.end() - w.start())) / 2);
      Color c = w.alerted() ? LABEL_ALERTED : LABEL_MISSED;
      shade(values, "label " + n, w.start() - pad, w.end() + pad, range[1], c);
      shade(scores, "label " + n, w.start() - pad, w.end() + pad, 1.05, c);
      n++;
    }

    List<Date> t = new ArrayList<>();
    List<Double> v = new ArrayList<>();
    List<Date> ts = new ArrayList<>();
    List<Double> sc = new ArrayList<>();
    List<Date> tt = new ArrayList<>();
    List<Double> th = new ArrayList<>();
    for (Point p : points) {
      add(t, v, p.time(), p.value());
      add(ts, sc, p.time(), p.score());
      add(tt, th, p.time(), p.threshold());
    }
    line(values, "value", t, v, VALUE, 1f, true);
    List<Date> bt = new ArrayList<>();
    List<Double> low = new ArrayList<>();
    List<Double> high = new ArrayList<>();
    for (WindowBand.Entry e : s.band()) {
      if (Double.isFinite(e.low()) && Double.isFinite(e.high())) {
        bt.add(new Date(e.start()));
        low.add(e.low());
        high.add(e.high());
      }
    }
    line(values, "window mean ± std", bt, high, BAND, 0.8f, true);
    line(values, "window mean − std", bt, low, BAND, 0.8f, false);

    List<Date> at = new ArrayList<>();
    List<Double> av = new ArrayList<>();
    List<Date> ast = new ArrayList<>();
    List<Double> as = new ArrayList<>();
    for (Point a : s.alerts()) {
      add(at, av, a.time(), a.value());
      add(ast, as, a.time(), a.score());
    }
    dots(values, "alerts", at, av, ALERT, true);
    List<Date> lt = new ArrayList<>();
    List<Double> lv = new ArrayList<>();
    List<Date> dt = new ArrayList<>();
    List<Double> dv = new ArrayList<>();
    for (Mark m : s.marks()) {
      if (m.kind().equals("late") && Double.isFinite(m.value())) {
        add(lt, lv, m.time(), m.value());
      } else {
        add(dt, dv, m.time(), 0.0);
      }
    }
    dots(values, "late readings", lt, lv, LATE, true);

    line(scores, "score", ts, sc, SCORE, 1f, true);
    double constant = s.constantThreshold();
    if (Double.isNaN(constant)) {
      line(scores, "threshold", tt, th, THRESHOLD, 1f, true);
    } else {
      scores.getStyler()
          .setAnnotationLineColor(THRESHOLD)
          .setAnnotationLineStroke(
              new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
      scores.addAnnotation(new AnnotationLine(constant, false, false));
    }
    dots(scores, "alerts ", ast, as, ALERT, false);
    dots(scores, "dead letters", dt, dv, DEAD, true);

    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.drawImage(BitmapEncoder.getBufferedImage(values), 0, 0, null);
    g.drawImage(BitmapEncoder.getBufferedImage(scores), 0, VALUES_HEIGHT, null);
    g.dispose();
    return image;
  }

  private static XYChart chart(String title, int height, String yTitle, long first, long last) {
    XYChart chart =
        new XYChartBuilder().width(WIDTH).height(height).title(title == null ? "" : title)
            .xAxisTitle(title == null ? "time (UTC)" : "").yAxisTitle(yTitle).build();
    chart.getStyler()
        .setTimezone(TimeZone.getTimeZone("UTC"))
        .setDatePattern(last - first > 3L * 86_400_000 ? "yyyy-MM-dd" : "MM-dd HH:mm")
        .setXAxisMin((double) first)
        .setXAxisMax((double) last);
    // The same left axis width and the legend inside the plot: both plots line up on the time axis.
    chart.getStyler()
        .setLegendPosition(Styler.LegendPosition.InsideNE)
        .setYAxisLeftWidthHint(72)
        .setChartBackgroundColor(Color.WHITE)
        .setPlotBackgroundColor(Color.WHITE)
        .setMarkerSize(6);
    chart.getStyler().setPlotGridLinesColor(GRID);
    return chart;
  }

  private static void add(List<Date> times, List<Double> values, long time, double value) {
    if (Double.isFinite(value)) {
      times.add(new Date(time));
      values.add(value);
    }
  }

  private static void line(
      XYChart chart, String name, List<Date> x, List<Double> y, Color color, float width, boolean legend) {
    if (x.isEmpty()) {
      return; // XChart refuses empty series
    }
    XYSeries s = chart.addSeries(name, x, y);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    s.setMarker(SeriesMarkers.NONE);
    s.setLineColor(color);
    s.setLineWidth(width);
    s.setShowInLegend(legend);
  }

  private static void dots(XYChart chart, String name, List<Date> x, List<Double> y, Color color, boolean legend) {
    if (x.isEmpty()) {
      return;
    }
    XYSeries s = chart.addSeries(name, x, y);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    s.setMarker(SeriesMarkers.CIRCLE);
    s.setMarkerColor(color);
    s.setShowInLegend(legend);
  }

  /** A labelled window: an area from the bottom of the plot up to {@code top}. */
  private static void shade(XYChart chart, String name, double start, double end, double top, Color color) {
    XYSeries s =
        chart.addSeries(
            name, List.of(new Date((long) start), new Date((long) end)), List.of(top, top));
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
    s.setMarker(SeriesMarkers.NONE);
    s.setFillColor(color);
    s.setLineColor(color);
    s.setShowInLegend(false);
  }

  /** The value axis: every finite value and band edge, with 5% room. */
  private static double[] valueRange(SensorSeries s) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Point p : s.points()) {
      if (Double.isFinite(p.value())) {
        min = Math.min(min, p.value());
        max = Math.max(max, p.value());
      }
    }
    for (WindowBand.Entry e : s.band()) {
      if (Double.isFinite(e.low()) && Double.isFinite(e.high())) {
        min = Math.min(min, e.low());
        max = Math.max(max, e.high());
      }
    }
    if (!Double.isFinite(min)) {
      return new double[] {0, 1};
    }
    double pad = max > min ? (max - min) * 0.05 : Math.max(1, Math.abs(max) * 0.05);
    return new double[] {min - pad, max + pad};
  }

  private static String title(SensorSeries s) {
    return String.format(
        Locale.ROOT,
        "%s: %s readings, %s alerts%s",
        s.sensor(),
        Html.count(s.readings()),
        Html.count(s.alertCount()),
        s.labels().isEmpty()
            ? ""
            : ", " + s.labels().stream().filter(SensorSeries.LabelWindow::alerted).count() + " of "
                + s.labels().size() + " labelled windows alerted");
  }
}
