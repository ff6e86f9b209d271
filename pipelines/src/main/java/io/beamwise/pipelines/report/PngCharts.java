package io.beamwise.pipelines.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * One PNG chart per sensor with JFreeChart, for people who read reports in a terminal or a ticket:
 * the same down-sampled points, band, alerts, marks and labelled windows as the HTML chart, values
 * on top and the score with its threshold below, on one UTC time axis.
 */
final class PngCharts {

  static final int WIDTH = 1400;
  static final int HEIGHT = 560;

  private static final Color VALUE = new Color(0x1f77b4);
  private static final Color BAND = new Color(31, 119, 180, 50);
  private static final Color MEAN = new Color(0x8a94a6);
  private static final Color SCORE = new Color(0x2ca02c);
  private static final Color THRESHOLD = new Color(0xff7f0e);
  private static final Color ALERT = new Color(0xd62728);
  private static final Color LATE = new Color(0x9467bd);
  private static final Color DEAD = new Color(0x8c564b);
  private static final Color LABEL_ALERTED = new Color(255, 193, 7, 90);
  private static final Color LABEL_MISSED = new Color(255, 87, 34, 70);

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
    ChartUtils.saveChartAsPNG(file.toFile(), chart(s), WIDTH, HEIGHT);
  }

  static JFreeChart chart(SensorSeries s) {
    List<Point> points = s.points();
    XYSeries values = new XYSeries("value", false, true);
    XYSeries scores = new XYSeries("score", false, true);
    XYSeries thresholds = new XYSeries("threshold", false, true);
    for (Point p : points) {
      values.add(p.time(), finite(p.value()));
      scores.add(p.time(), finite(p.score()));
      thresholds.add(p.time(), finite(p.threshold()));
    }
    XYSeries alertValues = new XYSeries("alerts", false, true);
    XYSeries alertScores = new XYSeries("alerts ", false, true);
    for (Point a : s.alerts()) {
      alertValues.add(a.time(), finite(a.value()));
      alertScores.add(a.time(), finite(a.score()));
    }
    XYSeries late = new XYSeries("late readings", false, true);
    XYSeries dead = new XYSeries("dead letters", false, true);
    for (Mark m : s.marks()) {
      if (m.kind().equals("late") && Double.isFinite(m.value())) {
        late.add(m.time(), m.value());
      } else {
        dead.add(m.time(), 0.0);
      }
    }
    YIntervalSeries band = new YIntervalSeries("window mean ± std");
    for (WindowBand.Entry e : s.band()) {
      band.add(e.start(), e.mean(), e.low(), e.high());
    }

    XYPlot top = new XYPlot();
    top.setRangeAxis(axis("value", false));
    add(top, 0, new XYSeriesCollection(values), lines(VALUE, 1f));
    DeviationRenderer bandRenderer = new DeviationRenderer(true, false);
    bandRenderer.setSeriesPaint(0, MEAN);
    bandRenderer.setSeriesFillPaint(0, BAND);
    bandRenderer.setSeriesStroke(0, new BasicStroke(0.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 3f}, 0f));
    bandRenderer.setAlpha(0.25f);
    YIntervalSeriesCollection bands = new YIntervalSeriesCollection();
    bands.addSeries(band);
    add(top, 1, bands, bandRenderer);
    add(top, 2, new XYSeriesCollection(alertValues), dots(ALERT, 7));
    add(top, 3, new XYSeriesCollection(late), dots(LATE, 7));

    XYPlot bottom = new XYPlot();
    NumberAxis scoreAxis = axis("score", true);
    scoreAxis.setRange(-0.05, 1.05);
    bottom.setRangeAxis(scoreAxis);
    add(bottom, 0, new XYSeriesCollection(scores), lines(SCORE, 1f));
    double th = s.constantThreshold();
    if (Double.isNaN(th)) {
      add(bottom, 1, new XYSeriesCollection(thresholds), lines(THRESHOLD, 1f));
    } else {
      ValueMarker marker = new ValueMarker(th, THRESHOLD, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
      marker.setLabel("threshold " + Html.number(th));
      marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
      marker.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
      bottom.addRangeMarker(marker);
    }
    XYLineAndShapeRenderer alertScoreDots = dots(ALERT, 6);
    alertScoreDots.setSeriesVisibleInLegend(0, false);
    add(bottom, 2, new XYSeriesCollection(alertScores), alertScoreDots);
    add(bottom, 3, new XYSeriesCollection(dead), dots(DEAD, 6));

    long span = points.isEmpty() ? 1 : Math.max(1, points.get(points.size() - 1).time() - points.get(0).time());
    for (SensorSeries.LabelWindow w : s.labels()) {
      double pad = Math.max(0, (span / 400.0 - (w.end() - w.start())) / 2);
      for (XYPlot plot : new XYPlot[] {top, bottom}) {
        plot.addDomainMarker(
            new IntervalMarker(w.start() - pad, w.end() + pad, w.alerted() ? LABEL_ALERTED : LABEL_MISSED),
            Layer.BACKGROUND);
      }
    }

    DateAxis time = new DateAxis("time (UTC)");
    time.setTimeZone(TimeZone.getTimeZone("UTC"));
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
    plot.setGap(6);
    plot.add(top, 3);
    plot.add(bottom, 1);
    String title =
        String.format(
            Locale.ROOT,
            "%s: %s readings, %s alerts%s",
            s.sensor(),
            Html.count(s.readings()),
            Html.count(s.alertCount()),
            s.labels().isEmpty()
                ? ""
                : ", " + s.labels().stream().filter(SensorSeries.LabelWindow::alerted).count() + " of "
                    + s.labels().size() + " labelled windows alerted");
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static NumberAxis axis(String label, boolean zeroIncluded) {
    NumberAxis axis = new NumberAxis(label);
    axis.setAutoRangeIncludesZero(zeroIncluded);
    return axis;
  }

  private static void add(XYPlot plot, int index, org.jfree.data.xy.XYDataset data, XYLineAndShapeRenderer renderer) {
    plot.setDataset(index, data);
    plot.setRenderer(index, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdde2ea));
    plot.setRangeGridlinePaint(new Color(0xdde2ea));
  }

  private static XYLineAndShapeRenderer lines(Color color, float width) {
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    r.setSeriesPaint(0, color);
    r.setSeriesStroke(0, new BasicStroke(width));
    return r;
  }

  private static XYLineAndShapeRenderer dots(Color color, double size) {
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
    r.setSeriesPaint(0, color);
    r.setSeriesShape(0, new Ellipse2D.Double(-size / 2, -size / 2, size, size));
    return r;
  }

  private static Double finite(double d) {
    return Double.isFinite(d) ? d : null;
  }
}
