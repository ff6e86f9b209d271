package io.beamwise.benchmarks.endtoend;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** The implementations the end-to-end benchmark compares, by their command-line names. */
public enum Variant {
  PLAIN("plain", "1 plain Java, 1 thread") {
    @Override
    Outcome run(Path input, int parallelism) throws Exception {
      return PlainJavaRun.run(input);
    }
  },
  FLINK("flink", "2 native Flink 1.19") {
    @Override
    Outcome run(Path input, int parallelism) throws Exception {
      return NativeFlinkJob.run(input.toString(), parallelism);
    }
  },
  BEAMWISE_FLINK("beamwise-flink", "3 beamwise, FlinkRunner") {
    @Override
    Outcome run(Path input, int parallelism) throws Exception {
      return beamwiseOnFlink(input, parallelism, System.getProperty(FLINK_OPTIONS_PROPERTY, ""));
    }
  },
  BEAMWISE_DIRECT("beamwise-direct", "4 beamwise, DirectRunner") {
    @Override
    Outcome run(Path input, int parallelism) throws Exception {
      return BeamwiseRun.run(input.toString(), direct(parallelism, true));
    }
  },
  BEAMWISE_DIRECT_UNCHECKED("beamwise-direct-unchecked", "4' DirectRunner, no enforce*") {
    @Override
    Outcome run(Path input, int parallelism) throws Exception {
      return BeamwiseRun.run(input.toString(), direct(parallelism, false));
    }
  };

  /**
   * System property with Beam pipeline options (space-separated) that variant 3 adds, from {@code
   * scripts/bench --beamwiseFlinkOptions}.
   */
  public static final String FLINK_OPTIONS_PROPERTY = "beamwise.bench.flinkOptions";

  private final String id;
  private final String label;

  Variant(String id, String label) {
    this.id = id;
    this.label = label;
  }

  /** Runs the workload over {@code input} in this JVM. */
  abstract Outcome run(Path input, int parallelism) throws Exception;

  public String id() {
    return id;
  }

  public String label() {
    return label;
  }

  /**
   * The variant called {@code id}.
   *
   * @throws IllegalArgumentException listing the valid names
   */
  public static Variant of(String id) {
    for (Variant v : values()) {
      if (v.id.equals(id.trim())) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "variant '" + id + "' is not one of "
            + Arrays.stream(values()).map(Variant::id).collect(Collectors.joining(", ")));
  }

  /**
   * Variant 3 with {@code extraOptions}: Beam pipeline options, space-separated (e.g. {@code
   * "--useDataStreamForBatch=true"}), added to the FlinkRunner's.
   */
  static Outcome beamwiseOnFlink(Path input, int parallelism, String extraOptions) throws Exception {
    return BeamwiseRun.run(input.toString(), localFlink(parallelism, extraOptions));
  }

  /**
   * Options for the FlinkRunner on an embedded mini cluster ({@link LocalFlink}'s configuration)
   * at {@code parallelism}, plus {@code extraOptions} (Beam pipeline options, space-separated).
   */
  static FlinkPipelineOptions localFlink(int parallelism, String extraOptions) {
    String extra = extraOptions.trim();
    FlinkPipelineOptions options =
        PipelineOptionsFactory.fromArgs(extra.isEmpty() ? new String[0] : extra.split("\\s+"))
            .withValidation()
            .as(FlinkPipelineOptions.class);
    options.setRunner(FlinkRunner.class);
    options.setFlinkMaster("[local]");
    options.setParallelism(parallelism);
    options.setFlinkConfDir(LocalFlink.configurationDirectory());
    return options;
  }

  private static DirectOptions direct(int parallelism, boolean enforce) {
    DirectOptions options = PipelineOptionsFactory.as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    options.setTargetParallelism(parallelism);
    options.setEnforceImmutability(enforce);
    options.setEnforceEncodability(enforce);
    return options;
  }
}
