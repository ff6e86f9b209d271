package io.beamwise.pipelines.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beamwise.evaluation.AnomalyWindows;
import io.beamwise.evaluation.EvaluationReport;
import io.beamwise.evaluation.NabScorer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * {@code evaluate}: scores a detector's NAB results files against NAB's anomaly windows, as NAB
 * does (see {@link NabScorer}): per profile the threshold that maximises the score over all files,
 * the normalised NAB score (null detector 0, perfect detector 100), and at the standard profile's
 * threshold point-wise and window-wise precision, recall, F1 and the mean detection delay.
 *
 * <p>Results files are read by {@link NabResultsFiles} (matched to label entries by file name); a
 * results file without labels is an error. Plain Java: the
 * inputs are a few files, so no pipeline is needed.
 */
public final class Evaluate {

  public static final String NAME = "evaluate";

  private Evaluate() {}

  public static void main(String[] args) {
    PipelineOptionsFactory.register(EvaluateOptions.class);
    EvaluateOptions options =
        PipelineOptionsFactory.fromArgs(args).withValidation().as(EvaluateOptions.class);
    ObjectNode report = run(options);
    System.out.print(table(report));
  }

  /**
   * Evaluates and writes the JSON report.
   *
   * @throws IllegalArgumentException for a missing directory, file or label entry
   */
  public static ObjectNode run(EvaluateOptions options) {
    Path results = Paths.get(options.getResults());
    Path labelsPath = Paths.get(options.getLabelsFile());
    if (!Files.isDirectory(results)) {
      throw new IllegalArgumentException("--results=" + results + " is not a directory");
    }
    if (!Files.isRegularFile(labelsPath)) {
      throw new IllegalArgumentException("--labelsFile=" + labelsPath + " does not exist");
    }
    try {
      ObjectNode report = evaluate(results, AnomalyWindows.read(labelsPath));
      report.put("results", results.toString());
      report.put("labels", labelsPath.toString());
      Path out = Paths.get(options.getOutput());
      if (out.getParent() != null) {
        Files.createDirectories(out.getParent());
      }
      Files.writeString(out, json(report) + "\n", StandardCharsets.UTF_8);
      return report;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String table(ObjectNode report) {
    StringBuilder s = new StringBuilder();
    s.append(String.format("NAB evaluation of %d files%n", report.get("files").asInt()));
    s.append(String.format("%-20s %10s %8s %6s %8s %8s%n", "profile", "threshold", "score", "TP", "missed", "FP rows"));
    report
        .get("profiles")
        .forEach(
            p ->
                s.append(
                    String.format(
                        Locale.ROOT,
                        "%-20s %10.4f %8.2f %6d %8d %8d%n",
                        p.get("profile").asText(),
                        p.get("threshold").asDouble(),
                        p.get("score").asDouble(),
                        p.get("tp_windows").asInt(),
                        p.get("missed_windows").asInt(),
                        p.get("fp_rows").asInt())));
    var at = report.get("at_standard_threshold");
    s.append(
        String.format(
            Locale.ROOT,
            "at the standard threshold: point P/R/F1 %.3f/%.3f/%.3f, window P/R/F1 %.3f/%.3f/%.3f,"
                + " mean delay %.0f min%n",
            at.get("point_precision").asDouble(),
            at.get("point_recall").asDouble(),
            at.get("point_f1").asDouble(),
            at.get("window_precision").asDouble(),
            at.get("window_recall").asDouble(),
            at.get("window_f1").asDouble(),
            at.get("mean_detection_delay_minutes").asDouble()));
    return s.toString();
  }

  /**
   * The evaluation report ({@link EvaluationReport#build}) of the NAB results files in {@code
   * results} ({@link NabResultsFiles}) against {@code labels}.
   *
   * @throws IllegalArgumentException for a results file without labels or a malformed row
   */
  public static ObjectNode evaluate(Path results, AnomalyWindows labels) throws IOException {
    return EvaluationReport.build(NabScorer.of(NabResultsFiles.read(results, labels), labels));
  }

  private static String json(ObjectNode node) throws IOException {
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node);
  }
}
