package io.beamwise.pipelines.sensormonitor;

import io.beamwise.io.datasets.Dataset;
import io.beamwise.io.datasets.Datasets;
import io.beamwise.io.files.ReadLinesWithPosition;
import io.beamwise.io.files.WriteLines;
import io.beamwise.io.generator.GenerateSensorLines;
import io.beamwise.io.generator.SensorGenerator;
import io.beamwise.io.parquet.ParquetFiles;
import io.beamwise.io.parquet.WriteParquet;
import io.beamwise.parse.ParseResult;
import io.beamwise.parse.ParseSensorReadings;
import io.beamwise.parse.SensorReading;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * {@code sensor-monitor}'s inputs and outputs: dataset names resolved through the {@link Datasets}
 * cache, Parquet or text input, and outputs as JSON Lines or Parquet.
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

  /**
   * Writes {@code records} to {@code output/NAME.jsonl} (formatted by {@code json}) or {@code
   * output/NAME.parquet}; {@code label} names the steps, e.g. {@code window stats}.
   */
  static <T> void write(
      PCollection<T> records,
      Format format,
      String output,
      String name,
      String label,
      SerializableFunction<T, String> json) {
    if (format == Format.PARQUET) {
      records.apply("Write " + label, WriteParquet.<T>to(output, name));
      return;
    }
    records
        .apply("Format " + label, MapElements.into(TypeDescriptors.strings()).via(json))
        .apply("Write " + label, WriteLines.to(output, name).withSuffix(".jsonl"));
  }


}
