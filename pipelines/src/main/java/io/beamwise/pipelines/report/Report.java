package io.beamwise.pipelines.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * {@code report}: a static, self-contained HTML report of a finished {@code sensor-monitor} run
 * ({@code index.html}, opens from disk with no network) and one PNG chart per sensor: the run's
 * summary, the NAB evaluation when labels are given, a sensor index by alert count, the dead
 * letters, and per sensor the values, window band, score, threshold, alerts, late readings, dead
 * letters and labelled windows over time (see {@link HtmlPage}, {@link PngCharts}).
 *
 * <p>Plain Java over the run's files ({@link RunLoader}), in memory proportional to sensors ×
 * {@code --chartBuckets} plus windows, alerts and dead letters.
 */
public final class Report {

  public static final String NAME = "report";

  /**
   * The generator's injected anomalies in NAB's labels format, which {@code sensor-monitor} writes
   * into its output directory for generated input; the report's default labels.
   */
  public static final String INJECTED_ANOMALIES = "injected-anomalies.json";

  /** The HTML page's name in the output directory. */
  public static final String PAGE = "index.html";

  /** What was written. */
  public record Written(Path page, long pageBytes, int sensors, int pngs, long alerts, double seconds) {
    @Override
    public String toString() {
      return String.format(
          java.util.Locale.ROOT,
          "report: %s (%.1f MB, %d sensors, %d alerts%s) in %.1f s",
          page,
          pageBytes / 1e6,
          sensors,
          alerts,
          pngs > 0 ? ", " + pngs + " PNG charts beside it" : "",
          seconds);
    }
  }

  private Report() {}

  public static void main(String[] args) {
    PipelineOptionsFactory.register(ReportOptions.class);
    ReportOptions options = PipelineOptionsFactory.fromArgs(args).withValidation().as(ReportOptions.class);
    System.out.println(run(options));
  }

  /**
   * Writes the report that {@code options} describe.
   *
   * @throws IllegalArgumentException for a results directory without scores, a missing labels
   *     file, an unknown time zone or buckets out of range
   */
  public static Written run(ReportOptions options) {
    Path results = Paths.get(options.getResults());
    if (!Files.isDirectory(results)) {
      throw new IllegalArgumentException("--results=" + results + " is not a directory");
    }
    Path output = options.getOutput() == null ? results.resolve("report") : Paths.get(options.getOutput());
    ZoneId zone;
    try {
      zone = ZoneId.of(options.getTimeZone());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("--timeZone=" + options.getTimeZone() + " is not a time zone", e);
    }
    return write(
        new ReportRequest(
            results,
            output,
            Optional.ofNullable(options.getLabelsFile()).filter(s -> !s.isBlank()).map(Paths::get),
            zone,
            options.getChartBuckets(),
            options.getPng()));
  }

  /** Reads the run, writes {@code output/index.html} and the PNG charts. */
  public static Written write(ReportRequest request) {
    long started = System.nanoTime();
    try {
      RunData run = RunLoader.load(request);
      Files.createDirectories(request.output());
      Map<String, String> pngs = new ConcurrentHashMap<>();
      if (request.png()) {
        // Drawing and PNG encoding dominate: one chart per core.
        run.sensors().parallelStream()
            .forEach(
                s -> {
                  String name = PngCharts.fileName(s.sensor());
                  try {
                    PngCharts.write(s, request.output().resolve(name));
                  } catch (IOException e) {
                    throw new UncheckedIOException("cannot write " + name, e);
                  }
                  pngs.put(s.sensor(), name);
                });
      }
      Path page = request.output().resolve(PAGE);
      Files.writeString(page, HtmlPage.render(run, request.buckets(), pngs), StandardCharsets.UTF_8);
      return new Written(
          page,
          Files.size(page),
          run.sensors().size(),
          pngs.size(),
          run.sensors().stream().mapToLong(SensorSeries::alertCount).sum(),
          (System.nanoTime() - started) / 1e9);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report of " + request.results(), e);
    }
  }
}
