package io.beamwise.io.files;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.anomaly.AlertEpisode;
import io.beamwise.anomaly.AnomalyResult;
import io.beamwise.io.json.JsonRecords;
import io.beamwise.monitor.MonitorResult;
import io.beamwise.monitor.MonitorResult.Part;
import io.beamwise.windows.WindowStats;
import java.util.EnumSet;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes a {@link MonitorResult} as JSON Lines files in one directory: {@code window-stats.jsonl},
 * {@code scores.jsonl}, {@code alerts.jsonl}, {@code episodes.jsonl} and {@code dead-letter.jsonl} ({@link JsonRecords}'s
 * forms, with the key under the input's key field name, e.g. {@code "device"}), each a single
 * file ({@link WriteLines}). A part that is not computed is written as an empty file unless
 * {@link #without} leaves it out (then no file of that name is written or replaced).
 *
 * <pre>{@code
 * MonitorResult r = parsed.apply(MonitorSensors.byFields("device", "temp"));
 * r.apply(WriteResultFiles.to("out/monitor"));
 * }</pre>
 */
public final class WriteResultFiles extends PTransform<MonitorResult, PDone> {

  private final String directory;
  private final EnumSet<Part> leftOut;

  private WriteResultFiles(String directory, EnumSet<Part> leftOut) {
    this.directory = directory;
    this.leftOut = leftOut;
  }

  /**
   * Writes every part of the result into {@code directory} (created if missing; a local path or
   * any Beam filesystem URL).
   *
   * @throws IllegalArgumentException if {@code directory} is null or blank
   */
  public static WriteResultFiles to(String directory) {
    checkArgument(directory != null && !directory.isBlank(), "directory=%s must be a path", directory);
    return new WriteResultFiles(directory, EnumSet.noneOf(Part.class));
  }

  /**
   * Leaves these parts out (added to those of earlier calls), e.g. {@code without(Part.EPISODES)}
   * for a result computed {@code withoutEpisodes()}.
   *
   * @throws IllegalArgumentException for a null part, or if every part would be left out
   */
  public WriteResultFiles without(Part... parts) {
    return new WriteResultFiles(directory, Part.leaveOut(leftOut, parts));
  }

  @Override
  public PDone expand(MonitorResult r) {
    String key = r.keyName();
    write(r.windowStats(), Part.WINDOW_STATS, "Window stats", (WindowStats s) -> JsonRecords.windowStatsKeyedAs(s, key));
    write(r.scores(), Part.SCORES, "Scores", (AnomalyResult s) -> JsonRecords.scoreKeyedAs(s, key));
    write(r.alerts(), Part.ALERTS, "Alerts", (AnomalyResult s) -> JsonRecords.scoreKeyedAs(s, key));
    write(r.episodes(), Part.EPISODES, "Episodes", (AlertEpisode e) -> JsonRecords.episodeKeyedAs(e, key));
    write(r.failures(), Part.DEAD_LETTER, "Dead letters", JsonRecords::failure);
    return PDone.in(r.getPipeline());
  }

  private <T> void write(PCollection<T> records, Part part, String label, SerializableFunction<T, String> json) {
    if (leftOut.contains(part)) {
      return;
    }
    String name = part.outputName();
    records
        .apply(label + " as JSON", MapElements.into(TypeDescriptors.strings()).via(json))
        .apply("Write " + name, WriteLines.to(directory, name).withSuffix(".jsonl"));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("directory", directory)).add(DisplayData.item("leftOut", leftOut.toString()));
  }
}
