package io.beamwise.pipelines.sensormonitor;

import io.beamwise.io.datasets.Dataset;
import io.beamwise.io.datasets.Datasets;
import io.beamwise.io.files.ReadLinesWithPosition;
import io.beamwise.io.generator.GenerateSensorLines;
import io.beamwise.io.generator.SensorGenerator;
import io.beamwise.parse.ParseResult;
import io.beamwise.parse.ParseSensorReadings;
import io.beamwise.parse.SensorReading;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZoneId;
import java.util.Locale;
import org.apache.beam.sdk.Pipeline;

/**
 * {@code sensor-monitor}'s inputs and outputs: dataset names resolved through the {@link Datasets}
 * cache, Parquet or text input, and the output format ({@code --outputFormat}).
 */
final class SensorIo {

  /** Output formats of {@code --outputFormat}. */
  enum Format {
    JSONL(".jsonl"),
    PARQUET(".parquet");

    final String suffix;

    Format(String suffix) {
      this.suffix = suffix;
    }

    static Format parse(String text) {
      for (Format f : values()) {
        if (f.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
          return f;
        }
      }
      throw new IllegalArgumentException("--outputFormat=" + text + " is not one of jsonl, parquet");
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private SensorIo() {}

  /**
   * {@code input} itself, or for a dataset name ({@code nab:...}) its file in the cache ({@code
   * --dataDir}), downloaded first if missing.
   *
   * @throws IllegalArgumentException for an unknown dataset name, or one that cannot be had (the
   *     message says which file to place where)
   */
  static String resolveInput(String input, String dataDir) {
    if (!Dataset.isDatasetName(input)) {
      return input;
    }
    Path dir = dataDir == null || dataDir.isBlank() ? Datasets.defaultDirectory() : Paths.get(dataDir);
    try {
      return Datasets.in(dir).resolve(input).toString();
    } catch (IllegalArgumentException | io.beamwise.io.datasets.DatasetUnavailableException e) {
      throw new IllegalArgumentException("--input=" + input + ": " + e.getMessage(), e);
    }
  }

  /**
   * Readings and parse failures from the generator, Parquet files or text files ({@code parse}:
   * NAB CSV, or JSON Lines under the configured field names).
   */
  static ParseResult<SensorReading> read(
      Pipeline pipeline, SensorGenerator generator, String input, ZoneId zone, ParseSensorReadings parse) {
    if (generator != null) {
      return pipeline
          .apply("Generate", GenerateSensorLines.from(generator))
          .apply("Parse", ParseSensorReadings.byExtension(zone));
    }
    if (ReadParquetReadings.isParquet(input)) {
      return pipeline.apply("Read and parse", new ReadParquetReadings(input, zone));
    }
    return pipeline.apply("Read", ReadLinesWithPosition.from(input)).apply("Parse", parse);
  }
}
