package io.beamwise.io.files;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.anomaly.AlertEpisode;
import io.beamwise.anomaly.AnomalyResult;
import io.beamwise.io.json.JsonRecords;
import io.beamwise.monitor.MonitorResult;
import io.beamwise.windows.WindowStats;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes a {@link MonitorResult} as JSON Lines files in one directory: {@code window-stats.jsonl},
 * {@code scores.jsonl}, {@code alerts.jsonl}, {@code episodes.jsonl} and {@code dead-letter.jsonl} ({@link JsonRecords}'s
 * forms, with the key under the input's key field name, e.g. {@code "device"}), each a single
 * file ({@link WriteLines}).
 *
 * <pre>{@code
 * MonitorResult r = parsed.apply(MonitorSensors.byFields("device", "temp"));
 * r.apply(WriteResultFiles.to("out/monitor"));
 * }</pre>
 */
public final class WriteResultFiles extends PTransform<MonitorResult, PDone> {

  private final String directory;

  private WriteResultFiles(String directory) {
    this.directory = directory;
  }

  /**
   * @throws IllegalArgumentException if {@code directory} is null or blank
   */
  public static WriteResultFiles to(String directory) {
    checkArgument(directory != null && !directory.isBlank(), "directory=%s must be a path", directory);
    return new WriteResultFiles(directory);
  }

  @Override
  public PDone expand(MonitorResult r) {
    String key = r.keyName();
    write(r.windowStats().apply("Window stats as JSON",
        MapElements.into(TypeDescriptors.strings()).via((WindowStats s) -> JsonRecords.windowStatsKeyedAs(s, key))), "window-stats");
    write(r.scores().apply("Scores as JSON",
        MapElements.into(TypeDescriptors.strings()).via((AnomalyResult s) -> JsonRecords.scoreKeyedAs(s, key))), "scores");
    write(r.alerts().apply("Alerts as JSON",
        MapElements.into(TypeDescriptors.strings()).via((AnomalyResult s) -> JsonRecords.scoreKeyedAs(s, key))), "alerts");
    write(r.episodes().apply("Episodes as JSON",
        MapElements.into(TypeDescriptors.strings()).via((AlertEpisode e) -> JsonRecords.episodeKeyedAs(e, key))), "episodes");
    write(r.failures().apply("Dead letters as JSON",
        MapElements.into(TypeDescriptors.strings()).via(JsonRecords::failure)), "dead-letter");
    return PDone.in(r.getPipeline());
  }

  private void write(PCollection<String> lines, String name) {
    lines.apply("Write " + name, WriteLines.to(directory, name).withSuffix(".jsonl"));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("directory", directory));
  }
}
