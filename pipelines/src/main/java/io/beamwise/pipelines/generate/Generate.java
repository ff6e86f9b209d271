package io.beamwise.pipelines.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.beamwise.io.generator.AnomalyKind;
import io.beamwise.io.generator.AnomalyLabels;
import io.beamwise.io.generator.GeneratedRecord;
import io.beamwise.io.generator.GeneratorOptions;
import io.beamwise.io.generator.InjectedAnomaly;
import io.beamwise.io.generator.MalformedShape;
import io.beamwise.io.generator.SensorGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import io.beamwise.io.nab.WriteNabResults;
import io.beamwise.parse.EventTimes;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * {@code generate}: writes a bounded {@link SensorGenerator} stream to a JSON Lines file, one
 * record per line in arrival order (line {@code i + 1} is record {@code i}), and optionally its
 * anomaly labels in NAB's {@code combined_windows.json} shape, and per-sensor NAB data files. Plain Java rather than a Beam
 * pipeline: one file in arrival order is the point, and a sharded Beam write would not keep it.
 * Prints a JSON summary (counts by fate, malformed shape and anomaly kind).
 */
public final class Generate {

  public static final String NAME = "generate";

  private Generate() {}

  public static void main(String[] args) {
    PipelineOptionsFactory.register(GenerateOptions.class);
    GenerateOptions options =
        PipelineOptionsFactory.fromArgs(args).withValidation().as(GenerateOptions.class);
    System.out.println(toJson(run(options)));
  }

  /**
   * Writes the files and returns the summary.
   *
   * @throws IllegalArgumentException for an invalid option or an unbounded stream ({@code --days=0})
   * @throws UncheckedIOException when a file cannot be written
   */
  public static Map<String, Object> run(GenerateOptions options) {
    if (options.getDays() == 0) {
      throw new IllegalArgumentException("--days=0 (unbounded) cannot be written to a file; use --days in [1, 3650]");
    }
    SensorGenerator generator = SensorGenerator.of(GeneratorOptions.toConfig(options));
    Path output = Paths.get(options.getOutput());
    Map<String, Object> summary = new LinkedHashMap<>();
    Map<String, Long> fates = new LinkedHashMap<>();
    Map<String, Long> shapes = new LinkedHashMap<>();
    for (MalformedShape s : MalformedShape.values()) {
      shapes.put(s.label(), 0L);
    }
    try {
      Path parent = output.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
        for (long i = 0; i < generator.size(); i++) {
          GeneratedRecord record = generator.record(i);
          out.write(record.json());
          out.write('\n');
          fates.merge(record.fate().name().toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
          if (record.malformedShape() != null) {
            shapes.merge(record.malformedShape().label(), 1L, Long::sum);
          }
        }
      }
      if (options.getNabData() != null && !options.getNabData().isBlank()) {
        summary.put("nab_data_rows", writeNabData(generator, Paths.get(options.getNabData())));
      }
      if (options.getLabels() != null && !options.getLabels().isBlank()) {
        AnomalyLabels.writeNab(generator, Paths.get(options.getLabels()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + output + " or the labels", e);
    }
    Map<String, Long> kinds = new LinkedHashMap<>();
    for (AnomalyKind k : generator.config().anomalyKinds()) {
      kinds.put(k.label(), 0L);
    }
    for (InjectedAnomaly a : generator.anomalies()) {
      kinds.merge(a.kind().label(), 1L, Long::sum);
    }
    summary.put("output", output.toString());
    summary.put("labels", options.getLabels());
    summary.put("generator", generator.config().toString());
    summary.put("records", generator.size());
    summary.put("on_time", fates.getOrDefault("on_time", 0L));
    summary.put("late", fates.getOrDefault("late", 0L));
    summary.put("malformed", fates.getOrDefault("malformed", 0L));
    summary.put("malformed_by_shape", shapes);
    summary.put("anomalies", generator.anomalies().size());
    summary.put("anomalies_by_kind", kinds);
    return summary;
  }

  /**
   * One NAB data file per sensor: header {@code timestamp,value}, the well-formed records (on
   * time and late) in arrival order, event time in UTC truncated to the second. Malformed records
   * have no row (NAB CSV cannot carry them). Returns the rows written.
   */
  private static long writeNabData(SensorGenerator generator, Path dir) throws IOException {
    Files.createDirectories(dir);
    int sensors = generator.config().sensors();
    BufferedWriter[] writers = new BufferedWriter[sensors];
    long rows = 0;
    try {
      for (int k = 0; k < sensors; k++) {
        writers[k] = Files.newBufferedWriter(dir.resolve(SensorGenerator.sensorName(k) + ".csv"), StandardCharsets.UTF_8);
        writers[k].write("timestamp,value\n");
      }
      for (long i = 0; i < generator.size(); i++) {
        GeneratedRecord r = generator.record(i);
        if (r.fate() == GeneratedRecord.Fate.MALFORMED) {
          continue;
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(r.eventTime().getMillis(), 1000L), 0, ZoneOffset.UTC);
        writers[(int) (i % sensors)].write(EventTimes.NAB_FORMAT.format(t) + "," + WriteNabResults.formatValue(r.reading()) + "\n");
        rows++;
      }
    } finally {
      for (BufferedWriter w : writers) {
        if (w != null) {
          w.close();
        }
      }
    }
    return rows;
  }

  private static String toJson(Map<String, Object> summary) {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
