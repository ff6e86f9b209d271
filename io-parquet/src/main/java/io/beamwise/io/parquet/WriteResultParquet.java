package io.beamwise.io.parquet;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.anomaly.AlertEpisode;
import io.beamwise.anomaly.AnomalyResult;
import io.beamwise.failure.Failure;
import io.beamwise.monitor.MonitorResult;
import io.beamwise.windows.WindowStats;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PDone;

/**
 * Writes a {@link MonitorResult} as Parquet files in one directory, each a single Snappy file
 * written by {@link WriteParquet}: {@code window-stats.parquet} ({@code WindowStats}: key,
 * windowStart, windowEnd, count, min, max, mean, sum, stdDev, timing, paneIndex, isFinal), {@code
 * scores.parquet} and {@code alerts.parquet} ({@code AnomalyResult}: sensor, timestamp, value,
 * source, line, score, label, isAnomaly, threshold, detector, late, details, values), {@code
 * episodes.parquet} ({@code AlertEpisode}) and {@code dead-letter.parquet} ({@code Failure}). The
 * columns are the types' schema fields, times as {@code timestamp-millis} (UTC); the key column
 * keeps the type's name ({@code sensor} or {@code key}), not the input's key field name, because
 * that name may hold characters that Parquet's Avro schema does not allow (e.g. {@code
 * site/device}). Read the files back with {@link ReadParquetRows} (and {@code Convert.fromRows} to
 * the Java types) or any Parquet reader. Existing files of the same names are replaced.
 *
 * <pre>{@code
 * MonitorResult r = parsed.apply(MonitorSensors.byFields("device", "temp"));
 * r.apply(WriteResultParquet.to("out/monitor"));
 * }</pre>
 */
public final class WriteResultParquet extends PTransform<MonitorResult, PDone> {

  private final String directory;

  private WriteResultParquet(String directory) {
    this.directory = directory;
  }

  /**
   * @throws IllegalArgumentException if {@code directory} is null or blank
   */
  public static WriteResultParquet to(String directory) {
    checkArgument(directory != null && !directory.isBlank(), "directory=%s must be a path", directory);
    return new WriteResultParquet(directory);
  }

  @Override
  public PDone expand(MonitorResult r) {
    r.windowStats().apply("Write window-stats", WriteParquet.<WindowStats>to(directory, "window-stats"));
    r.scores().apply("Write scores", WriteParquet.<AnomalyResult>to(directory, "scores"));
    r.alerts().apply("Write alerts", WriteParquet.<AnomalyResult>to(directory, "alerts"));
    r.episodes().apply("Write episodes", WriteParquet.<AlertEpisode>to(directory, "episodes"));
    r.failures().apply("Write dead-letter", WriteParquet.<Failure>to(directory, "dead-letter"));
    return PDone.in(r.getPipeline());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("directory", directory));
  }
}
