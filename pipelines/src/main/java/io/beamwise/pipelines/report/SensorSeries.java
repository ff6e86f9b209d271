package io.beamwise.pipelines.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the report draws for one sensor, gathered in one pass over the run's files: the
 * down-sampled readings ({@link Downsampler}), every alert, the window band ({@link WindowBand}),
 * late readings and dead letters ({@link Mark}), labelled anomaly windows, and counts.
 *
 * <p>The time span of the charts is the span of the sensor's windows when there are any (known
 * before the scores are read, so they are down-sampled as they stream by); a sensor without
 * windows keeps its readings until {@link #finish} and is down-sampled then.
 */
final class SensorSeries {

  /** A labelled anomaly window, epoch milliseconds, both ends inclusive, and whether an alert fell in it. */
  record LabelWindow(long start, long end, boolean alerted) {}

  private final String sensor;
  private final int buckets;
  private final WindowBand band;
  private Downsampler sampler;
  private List<Point> pending = new ArrayList<>();
  private final List<Point> alerts = new ArrayList<>();
  private final List<Mark> marks = new ArrayList<>();
  private final List<long[]> labelled = new ArrayList<>();
  private long readings;
  private long warmingUp;
  private long lateScored;
  private long deadLetters;
  private long lateDeadLetters;
  private double minThreshold = Double.POSITIVE_INFINITY;
  private double maxThreshold = Double.NEGATIVE_INFINITY;

  private List<Point> points;
  private List<WindowBand.Entry> bandEntries;
  private List<Mark> drawnMarks;
  private List<LabelWindow> labels;

  SensorSeries(String sensor, int buckets, boolean accumulatingPanes) {
    this.sensor = sensor;
    this.buckets = buckets;
    this.band = new WindowBand(accumulatingPanes);
  }

  String sensor() {
    return sensor;
  }

  void addWindow(WindowRow w) {
    band.add(w);
  }

  /** Call once all windows are added and before the first {@link #addScore}. */
  void windowsDone() {
    if (!band.isEmpty()) {
      sampler = new Downsampler(band.from(), band.to() - 1, buckets);
    }
  }

  void addScore(ScoreRow r) {
    readings++;
    Point p = Point.of(r);
    if (sampler != null) {
      sampler.add(p);
    } else {
      pending.add(p);
    }
    if (r.alert()) {
      alerts.add(p);
    }
    if ("warming_up".equals(r.label())) {
      warmingUp++;
    }
    if (r.late()) {
      lateScored++;
      marks.add(new Mark(r.time(), r.value(), "late", 1));
    }
    if (Double.isFinite(r.threshold())) {
      minThreshold = Math.min(minThreshold, r.threshold());
      maxThreshold = Math.max(maxThreshold, r.threshold());
    }
  }

  /** A dead letter of this sensor; {@code time} may be {@link DeadLetterPlacement#NO_TIME}. */
  void addDeadLetter(DeadLetterPlacement.Placed d, long time) {
    deadLetters++;
    lateDeadLetters += d.late() ? 1 : 0;
    if (time != DeadLetterPlacement.NO_TIME) {
      marks.add(new Mark(time, d.value(), d.late() ? "late" : d.row().reason(), 1));
    }
  }

  void addLabel(long start, long end) {
    labelled.add(new long[] {start, end});
  }

  /** Down-samples and sorts; call once, after every row was added. */
  void finish() {
    if (sampler == null) {
      long from = pending.stream().mapToLong(Point::time).min().orElse(0);
      long to = pending.stream().mapToLong(Point::time).max().orElse(0);
      sampler = new Downsampler(from, to, buckets);
      pending.forEach(sampler::add);
    }
    pending = null;
    points = sampler.points();
    bandEntries = band.entries(sampler, buckets);
    alerts.sort(Comparator.comparingLong(Point::time));
    marks.sort(Comparator.comparingLong(Mark::time));
    drawnMarks = marks.size() <= 2L * buckets ? marks : bucketed(marks);
    labels = new ArrayList<>();
    for (long[] w : labelled) {
      labels.add(new LabelWindow(w[0], w[1], alertsIn(w[0], w[1]) > 0));
    }
    labels.sort(Comparator.comparingLong(LabelWindow::start));
  }

  /** One mark per bucket and kind, counting the marks it stands for, at the first one's time. */
  private List<Mark> bucketed(List<Mark> all) {
    Map<String, Mark> byBucketAndKind = new LinkedHashMap<>();
    for (Mark m : all) {
      byBucketAndKind.merge(
          sampler.bucketOf(m.time()) + "/" + m.kind(),
          m,
          (a, b) -> new Mark(a.time(), a.value(), a.kind(), a.count() + b.count()));
    }
    return new ArrayList<>(byBucketAndKind.values());
  }

  /** Alerts with a time in {@code [start, end]}. */
  long alertsIn(long start, long end) {
    return alerts.stream().filter(a -> a.time() >= start && a.time() <= end).count();
  }

  long readings() {
    return readings;
  }

  long alertCount() {
    return alerts.size();
  }

  long warmingUp() {
    return warmingUp;
  }

  long lateScored() {
    return lateScored;
  }

  /** Dead letters of this sensor, late readings among them. */
  long deadLetters() {
    return deadLetters;
  }

  /** Late readings: dead-lettered as late, or scored late (without learning). */
  long late() {
    return lateDeadLetters + lateScored;
  }

  /** Dead letters other than late readings (parse failures). */
  long otherDeadLetters() {
    return deadLetters - lateDeadLetters;
  }

  /** Late readings and dead letters that could be placed on the time axis. */
  long marksPlaced() {
    return marks.stream().mapToLong(Mark::count).sum();
  }

  List<Point> points() {
    return points;
  }

  List<Point> alerts() {
    return alerts;
  }

  List<WindowBand.Entry> band() {
    return bandEntries;
  }

  List<Mark> marks() {
    return drawnMarks;
  }

  List<LabelWindow> labels() {
    return labels;
  }

  /** The threshold when it was the same for every reading, else NaN (adaptive). */
  double constantThreshold() {
    return minThreshold == maxThreshold ? minThreshold : Double.NaN;
  }
}
