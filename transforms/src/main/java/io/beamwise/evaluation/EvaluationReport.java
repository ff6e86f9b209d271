package io.beamwise.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The JSON evaluation report of a detector's scores against NAB's windows. */
public final class EvaluationReport {

  private EvaluationReport() {}

  /**
   * The report for {@code scorer}'s files: {@code files}; per profile ({@code profiles}) the
   * optimised {@code threshold}, the normalised {@code score} (null detector 0, perfect 100),
   * {@code tp_windows}, {@code missed_windows}, {@code fp_rows}, and the same per file at that
   * threshold ({@code files}: {@code file}, {@code raw_score}, {@code tp_windows}, {@code
   * missed_windows}, {@code fp_rows}); and at the standard profile's
   * threshold ({@code at_standard_threshold}) point-wise and window-wise precision, recall, F1
   * and the mean detection delay in minutes (NaN when nothing was detected).
   */
  public static ObjectNode build(NabScorer scorer) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode report = mapper.createObjectNode();
    report.put("files", scorer.files().size());
    ArrayNode profiles = report.putArray("profiles");
    double standardThreshold = Double.NaN;
    for (NabProfile profile : NabProfile.values()) {
      NabScorer.CorpusScore best = scorer.optimizeThreshold(profile);
      ObjectNode p = profiles.addObject();
      p.put("profile", profile.nabName());
      p.put("threshold", best.threshold());
      p.put("score", NabScorer.normalize(best.rawScore(), scorer.nullScore(profile), scorer.perfectScore(profile)));
      p.put("tp_windows", best.total().detectedWindows());
      p.put("missed_windows", best.total().missedWindows());
      p.put("fp_rows", best.total().fp());
      ArrayNode perFile = p.putArray("files");
      for (NabScorer.Score f : best.files()) {
        perFile
            .addObject()
            .put("file", f.file())
            .put("raw_score", f.rawScore())
            .put("tp_windows", f.detectedWindows())
            .put("missed_windows", f.missedWindows())
            .put("fp_rows", f.fp());
      }
      if (profile == NabProfile.STANDARD) {
        standardThreshold = best.threshold();
      }
    }
    List<NabScorer.DataFile> files = scorer.files();
    DetectionMetrics.Counts points = DetectionMetrics.pointWise(files, standardThreshold, true);
    DetectionMetrics.Counts windows = DetectionMetrics.windowWise(files, standardThreshold, true);
    ObjectNode at = report.putObject("at_standard_threshold");
    at.put("threshold", standardThreshold);
    at.put("point_precision", points.precision());
    at.put("point_recall", points.recall());
    at.put("point_f1", points.f1());
    at.put("window_precision", windows.precision());
    at.put("window_recall", windows.recall());
    at.put("window_f1", windows.f1());
    List<Duration> delays = new ArrayList<>();
    for (NabScorer.DataFile f : files) {
      for (DetectionMetrics.Delay d : DetectionMetrics.detectionDelays(f, standardThreshold, true)) {
        d.time().ifPresent(delays::add);
      }
    }
    Optional<Duration> mean =
        delays.isEmpty()
            ? Optional.empty()
            : Optional.of(delays.stream().reduce(Duration.ZERO, Duration::plus).dividedBy(delays.size()));
    at.put("mean_detection_delay_minutes", mean.map(d -> d.toSeconds() / 60.0).orElse(Double.NaN));
    return report;
  }
}
