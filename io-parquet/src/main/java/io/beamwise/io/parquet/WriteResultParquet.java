package io.beamwise.io.parquet;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.monitor.MonitorResult;
import io.beamwise.monitor.MonitorResult.Part;
import java.util.EnumSet;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
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
 * the Java types) or any Parquet reader. Existing files of the same names are replaced. A part
 * that is not computed is written as a file without rows unless {@link #without} leaves it out
 * (then no file of that name is written or replaced).
 *
 * <pre>{@code
 * MonitorResult r = parsed.apply(MonitorSensors.byFields("device", "temp"));
 * r.apply(WriteResultParquet.to("out/monitor"));
 * }</pre>
 */
public final class WriteResultParquet extends PTransform<MonitorResult, PDone> {

  private final String directory;
  private final EnumSet<Part> leftOut;

  private WriteResultParquet(String directory, EnumSet<Part> leftOut) {
    this.directory = directory;
    this.leftOut = leftOut;
  }

  /**
   * Writes every part of the result into {@code directory} (created if missing; a local path or
   * any Beam filesystem URL).
   *
   * @throws IllegalArgumentException if {@code directory} is null or blank
   */
  public static WriteResultParquet to(String directory) {
    checkArgument(directory != null && !directory.isBlank(), "directory=%s must be a path", directory);
    return new WriteResultParquet(directory, EnumSet.noneOf(Part.class));
  }

  /**
   * Leaves these parts out (added to those of earlier calls), e.g. {@code without(Part.EPISODES)}
   * for a result computed {@code withoutEpisodes()}.
   *
   * @throws IllegalArgumentException for a null part, or if every part would be left out
   */
  public WriteResultParquet without(Part... parts) {
    return new WriteResultParquet(directory, Part.leaveOut(leftOut, parts));
  }

  @Override
  public PDone expand(MonitorResult r) {
    write(r.windowStats(), Part.WINDOW_STATS);
    write(r.scores(), Part.SCORES);
    write(r.alerts(), Part.ALERTS);
    write(r.episodes(), Part.EPISODES);
    write(r.failures(), Part.DEAD_LETTER);
    return PDone.in(r.getPipeline());
  }

  private <T> void write(PCollection<T> records, Part part) {
    if (!leftOut.contains(part)) {
      records.apply("Write " + part.outputName(), WriteParquet.<T>to(directory, part.outputName()));
    }
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("directory", directory)).add(DisplayData.item("leftOut", leftOut.toString()));
  }
}
