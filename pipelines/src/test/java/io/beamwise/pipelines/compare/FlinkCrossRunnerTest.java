package io.beamwise.pipelines.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.pipelines.sensormonitor.SensorMonitor;
import io.beamwise.pipelines.sensormonitor.SensorMonitorOptions;
import io.beamwise.pipelines.sensormonitor.Summary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code sensor-monitor} gives the same window statistics, scores, alerts, dead letters, NAB
 * results and counts on Flink's embedded mini cluster, in batch and in streaming mode, as on the
 * DirectRunner (compared by {@link CompareOutputs}), on two real NAB files, on a NAB file with 5
 * bad lines inserted, and on the generator.
 *
 * <p>Runs in the {@code flink} profile ({@code mvn -B -P flink verify -pl pipelines -am}); skipped
 * without the FlinkRunner on the classpath or without the NAB data. The real cluster is covered by
 * {@code scripts/cross-runner}.
 */
class FlinkCrossRunnerTest {

  private static final String FLINK_RUNNER = "org.apache.beam.runners.flink.FlinkRunner";

  @TempDir Path tmp;

  static Stream<Arguments> inputs() {
    return Stream.of(
        Arguments.of("nab", List.of("--input=" + nab().resolve("rogue_agent_key_*.csv"))),
        Arguments.of("nab-bad-lines", List.<String>of()), // input written by the test
        Arguments.of("generator", List.of("--days=4", "--sensors=3")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  void flinkBatchAndStreamingEqualDirect(String name, List<String> inputArgs) throws Exception {
    Assumptions.assumeTrue(flinkOnClasspath(), "FlinkRunner not on the classpath: run with -P flink");
    Assumptions.assumeTrue(Files.isDirectory(nab()), "NAB data not found in " + nab() + "; skipping");
    List<String> input = new ArrayList<>(inputArgs);
    if (name.equals("nab-bad-lines")) {
      input.add("--input=" + withBadLines(nab().resolve("rogue_agent_key_hold.csv")));
    }

    Summary direct = run(input, tmp.resolve("direct"), "--runner=DirectRunner", "--targetParallelism=2");
    Summary batch = run(input, tmp.resolve("flink-batch"), flink());
    Summary streaming = run(input, tmp.resolve("flink-streaming"), flink("--streaming=true"));

    assertTrue(direct.reconciles(), direct.mismatch());
    if (name.equals("nab-bad-lines")) {
      assertEquals(5L, direct.get("dead_lettered"));
    }
    assertEquals(List.of(), CompareOutputs.differences(tmp.resolve("direct"), tmp.resolve("flink-batch")));
    assertEquals(List.of(), CompareOutputs.differences(tmp.resolve("direct"), tmp.resolve("flink-streaming")));
    assertTrue(batch.reconciles(), batch.mismatch());
    assertTrue(streaming.reconciles(), streaming.mismatch());
  }

  private static String[] flink(String... more) {
    List<String> args = new ArrayList<>(List.of("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2"));
    args.addAll(Arrays.asList(more));
    return args.toArray(new String[0]);
  }

  private static Summary run(List<String> input, Path out, String... runnerArgs) {
    List<String> args = new ArrayList<>(input);
    args.add("--output=" + out);
    args.add("--window=1h");
    args.addAll(Arrays.asList(runnerArgs));
    PipelineOptionsFactory.register(SensorMonitorOptions.class);
    return SensorMonitor.runAndSummarize(
        PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).as(SensorMonitorOptions.class));
  }

  /** A copy of a real NAB file with 5 unparsable lines among its rows (controls dead letters). */
  private Path withBadLines(Path nabFile) throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(nabFile));
    lines.add(101, "2014-02-14 14:30:00,not-a-number");
    lines.add(202, "garbage line without a comma");
    lines.add(303, "2014-02-30 10:00:00,1.0");
    lines.add(404, "2014-02-14 14:35:00,1.0,extra");
    lines.add(505, "2014-02-14 14:40:00,NaN");
    Path copy = tmp.resolve("input").resolve("rogue_agent_key_hold_with_bad_lines.csv");
    Files.createDirectories(copy.getParent());
    Files.write(copy, lines);
    return copy;
  }

  private static Path nab() {
    String datasets = System.getProperty("beamwise.datasets", "../../shared/datasets");
    return Paths.get(datasets).resolve("nab/data/realKnownCause").toAbsolutePath().normalize();
  }

  private static boolean flinkOnClasspath() {
    try {
      Class.forName(FLINK_RUNNER);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
