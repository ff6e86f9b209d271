package io.beamwise.pipelines;

import io.beamwise.pipelines.evaluate.Evaluate;
import io.beamwise.pipelines.evaluate.EvaluateOptions;
import io.beamwise.pipelines.generate.Generate;
import io.beamwise.pipelines.generate.GenerateOptions;
import io.beamwise.pipelines.produce.Produce;
import io.beamwise.pipelines.produce.ProduceOptions;
import io.beamwise.pipelines.report.Report;
import io.beamwise.pipelines.report.ReportOptions;
import io.beamwise.pipelines.sensormonitor.SensorMonitor;
import io.beamwise.pipelines.sensormonitor.SensorMonitorOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The command line behind {@code scripts/run}: {@code PIPELINE [--option=value ...]}. {@code
 * --help} lists the pipelines; {@code PIPELINE --help} lists that pipeline's options.
 */
public final class Main {

  private static final class Entry {
    final String description;
    final Class<? extends PipelineOptions> options;
    final Consumer<String[]> main;
    final List<String> mainOptions;

    Entry(
        String description,
        Class<? extends PipelineOptions> options,
        Consumer<String[]> main,
        String... mainOptions) {
      this.description = description;
      this.options = options;
      this.main = main;
      this.mainOptions = List.of(mainOptions);
    }
  }

  private static final Map<String, Entry> PIPELINES = new LinkedHashMap<>();

  static {
    PIPELINES.put(
        SensorMonitor.NAME,
        new Entry(
            "parse sensor readings -> event-time window stats -> per-sensor anomaly scores",
            SensorMonitorOptions.class,
            SensorMonitor::main,
            "input", "output", "window", "detector", "threshold", "keyField", "valueField",
            "timeField", "timeFormat", "outputFormat", "report"));
    PIPELINES.put(
        Evaluate.NAME,
        new Entry(
            "score NAB results files (e.g. sensor-monitor's nab/) against NAB's anomaly windows",
            EvaluateOptions.class,
            Evaluate::main));
    PIPELINES.put(
        Report.NAME,
        new Entry(
            "write an HTML report (charts, alerts, NAB evaluation) and PNG charts of a sensor-monitor run",
            ReportOptions.class,
            Report::main));
    PIPELINES.put(
        Generate.NAME,
        new Entry(
            "write a synthetic sensor stream (disorder, late, malformed, labelled anomalies) to JSON Lines",
            GenerateOptions.class,
            Generate::main));
    PIPELINES.put(
        Produce.NAME,
        new Entry(
            "write the sensor generator's stream to a Kafka topic and/or a JSON Lines file",
            ProduceOptions.class,
            Produce::main));
  }

  private Main() {}

  public static void main(String[] args) {
    if (args.length == 0 || isHelp(args[0])) {
      printPipelines();
      System.exit(args.length == 0 ? 2 : 0);
    }
    Entry entry = PIPELINES.get(args[0]);
    if (entry == null) {
      System.err.println("Unknown pipeline '" + args[0] + "'.");
      printPipelines();
      System.exit(2);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    if (Arrays.stream(rest).anyMatch(Main::isHelp)) {
      System.out.println("Usage: scripts/run " + args[0] + " [--option=value ...]");
      System.out.println();
      PipelineOptionsFactory.register(entry.options);
      if (!entry.mainOptions.isEmpty()) {
        System.out.println("Main options:");
        for (String name : entry.mainOptions) {
          System.out.println(MainOptions.describe(entry.options, name));
        }
        System.out.println();
        System.out.println("All options:");
        System.out.println();
      }
      PipelineOptionsFactory.printHelp(System.out, entry.options);
      System.out.println(
          "Runner options (--runner, and those of the runner) are listed by --help=<OptionsInterface>,"
              + " e.g. --help=DirectOptions.");
      return;
    }
    try {
      entry.main.accept(rest);
    } catch (IllegalArgumentException e) {
      System.err.println(args[0] + ": " + explain(e.getMessage(), rest));
      System.exit(2);
    }
  }

  /**
   * Beam's options parser reports an option given twice as "expected one element but was: <a, b>",
   * without the option's name; this names it.
   */
  static String explain(String message, String[] args) {
    if (message == null || !message.startsWith("expected one element but was")) {
      return message;
    }
    Map<String, List<String>> byName = new LinkedHashMap<>();
    for (String a : args) {
      if (a.startsWith("--")) {
        int eq = a.indexOf('=');
        byName.computeIfAbsent(eq < 0 ? a : a.substring(0, eq), k -> new ArrayList<>()).add(a);
      }
    }
    return byName.entrySet().stream()
        .filter(e -> e.getValue().size() > 1)
        .map(e -> e.getKey() + " is given " + e.getValue().size() + " times (" + String.join(" ", e.getValue())
            + "); give it once")
        .findFirst()
        .orElse(message);
  }

  private static boolean isHelp(String arg) {
    return arg.equals("--help") || arg.equals("-h") || arg.equals("help");
  }

  private static void printPipelines() {
    System.out.println("Usage: scripts/run PIPELINE [--runner-config=NAME] [--option=value ...]");
    System.out.println();
    System.out.println("Pipelines:");
    PIPELINES.forEach(
        (name, e) -> System.out.printf("  %-16s %s%n", name, e.description));
    System.out.println();
    System.out.println("'scripts/run PIPELINE --help' lists the options of a pipeline.");
  }
}
