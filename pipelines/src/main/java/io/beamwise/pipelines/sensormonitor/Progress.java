package io.beamwise.pipelines.sensormonitor;

import io.beamwise.anomaly.ScoreAnomalies;
import io.beamwise.io.files.ReadLinesWithPosition;
import io.beamwise.io.parquet.ReadParquetRows;
import io.beamwise.parse.ParseSensorReadings;
import io.beamwise.windows.ComputeWindowStats;
import io.beamwise.windows.Durations;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Progress lines on stderr while {@code sensor-monitor} runs, every {@code --progressInterval}
 * (none with {@code --quiet}), from the job's Beam counters:
 *
 * <pre>
 * sensor-monitor: 0:25 read 412,000 · parsed 411,590 · dead letters 410 · scored 398,000 · alerts 57 · 16,480 readings/s
 * </pre>
 *
 * <p>read = parsed + dead letters once parsing has caught up with reading; a reading is scored
 * after the watermark passes it, so scored trails parsed (for bounded input, until the end). The
 * counts come from the {@link PipelineResult}'s metrics (the DirectRunner, which is then told not
 * to block in {@code run()}; runners whose {@code run()} returns while the job runs) or, on a Flink
 * cluster, from Flink's REST API ({@link FlinkRest}; the FlinkRunner's {@code run()} blocks until
 * an attached job ends), which also gives the job id, its web UI page and, for unbounded input,
 * the watermark lag. Where neither is possible (Flink's embedded cluster) the line has the elapsed
 * time only. A last line gives the totals.
 */
final class Progress {

  /** The Beam counters a line needs, {@code namespace/name}, as {@link Summary} reads them. */
  static final List<String> COUNTERS =
      List.of(
          ReadLinesWithPosition.METRICS_NAMESPACE + "/" + ReadLinesWithPosition.LINES_READ,
          ReadParquetRows.METRICS_NAMESPACE + "/" + ReadParquetRows.ROWS_READ,
          ParseSensorReadings.METRICS_NAMESPACE + "/headers",
          ParseSensorReadings.METRICS_NAMESPACE + "/parsed",
          ParseSensorReadings.METRICS_NAMESPACE + "/failed",
          ScoreAnomalies.METRICS_NAMESPACE + "/scored",
          ScoreAnomalies.METRICS_NAMESPACE + "/late",
          ScoreAnomalies.METRICS_NAMESPACE + "/alerts",
          ComputeWindowStats.METRICS_NAMESPACE + "/late_dropped");

  private static final String FLINK_RUNNER = "FlinkRunner";

  private final boolean unbounded;
  private final long started = System.nanoTime();
  private final FlinkRest flink;
  private final String jobName;
  private final boolean blocksInRun;
  private ScheduledExecutorService timer;
  private volatile PipelineResult result;
  private String flinkJob;
  private long lastRead;
  private long lastScored;
  private long lastNanos = started;

  private Progress(boolean unbounded, FlinkRest flink, String jobName, boolean blocksInRun) {
    this.unbounded = unbounded;
    this.flink = flink;
    this.jobName = jobName;
    this.blocksInRun = blocksInRun;
  }

  /**
   * Starts printing unless {@code --quiet}; call before {@code pipeline.run()}, which it may
   * configure not to block (DirectRunner).
   *
   * @throws IllegalArgumentException for a bad {@code --progressInterval}
   */
  static Progress start(SensorMonitorOptions options, boolean unbounded) {
    long interval = Durations.parse("--progressInterval", options.getProgressInterval()).getMillis();
    if (options.getQuiet()) {
      return new Progress(unbounded, null, null, false);
    }
    if (options.getRunner() == DirectRunner.class) {
      options.as(DirectOptions.class).setBlockOnRun(false);
    }
    FlinkRest flink = flinkMaster(options).map(FlinkRest::new).orElse(null);
    boolean flinkRunner = FLINK_RUNNER.equals(options.getRunner().getSimpleName());
    Progress p = new Progress(unbounded, flink, options.getJobName(), flinkRunner);
    p.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sensor-monitor-progress");
              t.setDaemon(true);
              return t;
            });
    p.timer.scheduleAtFixedRate(p::tick, interval, interval, TimeUnit.MILLISECONDS);
    return p;
  }

  /** Follows {@code result} from now on; returns it. */
  PipelineResult follow(PipelineResult result) {
    if (DetachedJob.of(result).isPresent()) {
      // Submitted and left running: sensor-monitor prints how to watch it and exits.
      stop();
      return result;
    }
    this.result = result;
    return result;
  }

  /** Stops and prints the totals; call once the job has finished. */
  void finish() {
    if (timer == null) {
      return;
    }
    stop();
    line(true);
  }

  private void stop() {
    if (timer != null) {
      timer.shutdownNow();
      try {
        timer.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private synchronized void tick() {
    try {
      if (jobEnded()) {
        // Finished or failed: finish() prints the totals, or nobody waits for more lines.
        timer.shutdown();
        return;
      }
      line(false);
    } catch (RuntimeException | IOException e) {
      // A progress line is never worth failing the job for.
    }
  }

  private boolean jobEnded() throws IOException {
    PipelineResult r = result;
    if (r != null) {
      return r.getState().isTerminal();
    }
    return flinkJob != null && List.of("FINISHED", "FAILED", "CANCELED").contains(flink.state(flinkJob));
  }

  private synchronized void line(boolean last) {
    long now = System.nanoTime();
    Optional<Summary> counts = counts();
    if (counts.isEmpty() && !last && !blocksInRun) {
      return; // the job is being started; its result (and counts) come next
    }
    StringBuilder s = new StringBuilder(SensorMonitor.NAME).append(": ");
    s.append(last ? "done in " : "").append(clock((now - started) / 1_000_000_000L));
    if (counts.isEmpty() && !last) {
      s.append(" running (Flink's embedded cluster gives the counts when the job ends)");
    }
    if (counts.isPresent()) {
      Summary c = counts.get();
      long read = c.get("records_read");
      s.append(String.format(Locale.ROOT, " read %,d · parsed %,d · dead letters %,d · scored %,d · alerts %,d",
          read, c.get("parsed"), c.get("dead_lettered"), c.get("readings_scored"), c.get("alerts")));
      long late = c.get("late_for_scoring") + c.get("late_for_windows");
      if (late > 0) {
        s.append(String.format(Locale.ROOT, " · late %,d", late));
      }
      long scored = c.get("readings_scored");
      double seconds = last ? (now - started) / 1e9 : (now - lastNanos) / 1e9;
      // Readings read per second; once reading is done (bounded input), readings scored per second.
      long delta = last ? read : Math.max(read - lastRead, scored - lastScored);
      if (seconds > 0) {
        s.append(String.format(Locale.ROOT, " · %,.0f readings/s", delta / seconds));
      }
      lastRead = read;
      lastScored = scored;
    }
    lastNanos = now;
    if (flinkJob != null && unbounded && !last) {
      watermarkLag().ifPresent(lag -> s.append(String.format(Locale.ROOT, " · watermark lag %,d s", lag / 1000)));
    }
    System.err.println(s);
  }

  /** The counts so far, from the result's metrics or Flink's REST API; empty when neither answers. */
  private Optional<Summary> counts() {
    PipelineResult r = result;
    if (r != null) {
      try {
        return Optional.of(Summary.of(r, false));
      } catch (RuntimeException e) {
        // This runner cannot report metrics of a running job.
      }
    }
    if (flink != null && jobName != null) {
      try {
        if (flinkJob == null) {
          flinkJob = flink.jobId(jobName).orElse(null);
          if (flinkJob != null) {
            System.err.println(SensorMonitor.NAME + ": Flink job " + flinkJob + ", web UI " + flink.webUi(flinkJob));
          }
        }
        if (flinkJob != null) {
          Map<String, Long> counters = flink.counters(flinkJob, COUNTERS);
          return Optional.of(Summary.ofCounters(counters, false));
        }
      } catch (IOException | RuntimeException e) {
        // The REST API does not answer (yet): elapsed time only.
      }
    }
    return Optional.empty();
  }

  private OptionalLong watermarkLag() {
    try {
      OptionalLong wm = flink.watermark(flinkJob);
      return wm.isPresent() ? OptionalLong.of(System.currentTimeMillis() - wm.getAsLong()) : OptionalLong.empty();
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /** {@code --flinkMaster} when the job runs on the FlinkRunner against a cluster's REST address. */
  private static Optional<String> flinkMaster(PipelineOptions options) {
    if (!FLINK_RUNNER.equals(options.getRunner().getSimpleName())) {
      return Optional.empty();
    }
    try {
      @SuppressWarnings("unchecked")
      Class<? extends PipelineOptions> flinkOptions =
          (Class<? extends PipelineOptions>)
              Class.forName("org.apache.beam.runners.flink.FlinkPipelineOptions", true, options.getRunner().getClassLoader());
      Object master = flinkOptions.getMethod("getFlinkMaster").invoke(options.as(flinkOptions));
      String m = master == null ? "" : master.toString();
      // [local], [auto], [collection]: an embedded cluster with no REST endpoint to ask.
      return m.isBlank() || m.startsWith("[") ? Optional.empty() : Optional.of(m);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String clock(long seconds) {
    return seconds >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
        : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }
}
