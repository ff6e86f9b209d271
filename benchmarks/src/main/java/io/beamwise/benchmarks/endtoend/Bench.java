package io.beamwise.benchmarks.endtoend;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The end-to-end throughput harness behind {@code scripts/bench}: generates the {@link Workload}
 * file once, runs every variant {@code --runs} times, each run in its own JVM (variants
 * interleaved, so load on a shared machine spreads over all of them), checks that all runs of
 * all variants computed the same outputs, and prints one table of medians with ratios to the
 * plain Java program (1) and the native Flink job (2). Exits with status 1 when outputs differ.
 */
public final class Bench {

  /** Options of {@code scripts/bench}; {@code --help} lists them. */
  public interface Options extends PipelineOptions {
    @Description("Readings in the generated workload.")
    @Default.Long(2_000_000L)
    long getEvents();

    void setEvents(long value);

    @Description("Sensors in the generated workload.")
    @Default.Integer(1000)
    int getSensors();

    void setSensors(int value);

    @Description("Seed of the generated workload.")
    @Default.Long(42L)
    long getSeed();

    void setSeed(long value);

    @Description("Parallelism of the Flink jobs (2 and 3) and DirectRunner threads (4).")
    @Default.Integer(2)
    int getWorkers();

    void setWorkers(int value);

    @Description("Runs of each variant; the table shows medians.")
    @Default.Integer(3)
    int getRuns();

    void setRuns(int value);

    @Description(
        "Comma-separated variants: plain, flink, beamwise-flink, beamwise-direct, beamwise-direct-unchecked.")
    @Default.String("plain,flink,beamwise-flink,beamwise-direct,beamwise-direct-unchecked")
    String getVariants();

    void setVariants(String value);

    @Description("Directory for the generated input (kept between runs; not in the repository).")
    @Default.String("out/bench")
    String getWorkDir();

    void setWorkDir(String value);

    @Description(
        "Beam pipeline options added to variant 3 (beamwise on the FlinkRunner), space-separated,"
            + " e.g. \"--objectReuse=true --fasterCopy=true\" or \"--useDataStreamForBatch=true\".")
    @Default.String("")
    String getBeamwiseFlinkOptions();

    void setBeamwiseFlinkOptions(String value);

    @Description("JVM options of every variant's JVM (space-separated).")
    @Default.String("-Xms1g -Xmx4g -XX:+UseParallelGC")
    String getJvmOptions();

    void setJvmOptions(String value);
  }

  private Bench() {}

  /**
   * Flink's Java 17 module flags from {@code runners-config/flink-local.jvm} (scripts/bench runs in
   * the repository's root), given to every variant alike: Kryo, which Flink uses for generic
   * types, needs {@code --add-opens=java.base/java.util} on Java 17.
   */
  static List<String> flinkJvmFlags() throws java.io.IOException {
    Path file = Paths.get("runners-config", "flink-local.jvm");
    List<String> flags = new ArrayList<>();
    if (Files.isRegularFile(file)) {
      for (String line : Files.readAllLines(file)) {
        String flag = line.replaceAll("#.*", "").trim();
        if (!flag.isEmpty()) {
          flags.add(flag);
        }
      }
    }
    return flags;
  }

  public static void main(String[] args) throws Exception {
    PipelineOptionsFactory.register(Options.class);
    Options o = PipelineOptionsFactory.fromArgs(args).withValidation().as(Options.class);
    check(o.getEvents() >= 1, "events must be >= 1, got " + o.getEvents());
    check(o.getWorkers() >= 1 && o.getWorkers() <= 64, "workers must be in [1, 64], got " + o.getWorkers());
    check(o.getRuns() >= 1 && o.getRuns() <= 99, "runs must be in [1, 99], got " + o.getRuns());
    List<Variant> variants = new ArrayList<>();
    for (String v : o.getVariants().split(",")) {
      variants.add(Variant.of(v));
    }

    Path input =
        Paths.get(o.getWorkDir())
            .resolve(String.format("readings-%d-%d-%d.jsonl", o.getEvents(), o.getSensors(), o.getSeed()));
    if (!Files.isRegularFile(input)) {
      System.err.printf("generating %,d readings of %d sensors into %s ...%n", o.getEvents(), o.getSensors(), input);
      Path partial = input.resolveSibling(input.getFileName() + ".partial");
      Workload.generate(partial, o.getEvents(), o.getSensors(), o.getSeed());
      Files.move(partial, input, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    String loadBefore = loadAverage();
    if (!o.getBeamwiseFlinkOptions().isBlank()) {
      System.out.println("beamwise-flink options: " + o.getBeamwiseFlinkOptions().trim());
    }

    Map<Variant, List<long[]>> runs = new LinkedHashMap<>();
    Map<Variant, Outcome> outcomes = new LinkedHashMap<>();
    for (int run = 1; run <= o.getRuns(); run++) {
      for (Variant v : variants) {
        System.err.printf("run %d/%d: %s ...%n", run, o.getRuns(), v.id());
        String[] result = runInOwnJvm(v, input, o);
        long[] figures = {Long.parseLong(result[3]), Long.parseLong(result[4]), Long.parseLong(result[5])};
        runs.computeIfAbsent(v, k -> new ArrayList<>()).add(figures);
        Outcome out = new Outcome();
        out.windows = Long.parseLong(result[6]);
        out.windowChecksum = Long.parseLong(result[7]);
        out.scores = Long.parseLong(result[8]);
        out.scoreChecksum = Long.parseLong(result[9]);
        out.alerts = Long.parseLong(result[10]);
        System.err.printf(
            "  %.2f s, %s%n", figures[0] / 1e9, out);
        Outcome first = outcomes.putIfAbsent(v, out);
        if (first != null && !first.sameAs(out)) {
          fail(v.id() + " computed different outputs in two runs: " + first + " vs " + out);
        }
      }
    }

    System.out.print(
        Report.table(o.getEvents(), o.getSensors(), o.getWorkers(), o.getRuns(), input, runs, loadBefore, loadAverage()));
    Outcome reference = outcomes.values().iterator().next();
    boolean agree = true;
    for (Map.Entry<Variant, Outcome> e : outcomes.entrySet()) {
      if (!e.getValue().sameAs(reference)) {
        agree = false;
        System.out.printf("MISMATCH %s: %s%n", e.getKey().id(), e.getValue());
      }
    }
    System.out.printf(
        "outputs: %s -- %s%n", reference, agree ? "all variants agree" : "VARIANTS DISAGREE");
    if (!agree || reference.scores != o.getEvents()) {
      fail("outputs differ between variants, or not every reading was scored");
    }
  }

  private static String[] runInOwnJvm(Variant v, Path input, Options o) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(o.getJvmOptions().trim().split("\\s+")));
    command.addAll(flinkJvmFlags());
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.add("-D" + Variant.FLINK_OPTIONS_PROPERTY + "=" + o.getBeamwiseFlinkOptions().trim());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(RunVariant.class.getName());
    command.add(v.id());
    command.add(input.toString());
    command.add(Integer.toString(o.getWorkers()));
    command.add(Long.toString(o.getEvents()));
    command.removeIf(String::isEmpty);
    Path log = Paths.get(o.getWorkDir()).resolve(v.id() + ".log");
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.to(log.toFile())).start();
    String result = null;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("RESULT ")) {
          result = line;
        }
      }
    }
    int status = process.waitFor();
    if (status != 0 || result == null) {
      fail(v.id() + " failed (exit status " + status + "); its log: " + log.toAbsolutePath());
    }
    return result.split(" ");
  }

  private static String loadAverage() {
    try {
      return Files.readString(Paths.get("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  private static void fail(String message) {
    System.err.println("bench: " + message);
    System.exit(1);
  }

  static String fileSize(Path p) {
    return String.format(Locale.ROOT, "%.0f MB", new File(p.toString()).length() / 1e6);
  }
}
