package io.beamwise.evaluation;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beamwise.anomaly.AnomalyResult;
import io.beamwise.parse.EventTimes;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Evaluates the scores of a bounded run against NAB anomaly windows: from {@code AnomalyResult}s
 * to one JSON report ({@link EvaluationReport}) with the NAB score per profile (threshold
 * optimised over all files), point- and window-wise precision, recall, F1 and detection delay.
 *
 * <pre>{@code
 * PCollection<String> report = scores.apply(
 *     EvaluateDetections.against(Files.readString(labelsPath), ZoneOffset.UTC));
 * }</pre>
 *
 * <p>Scores are matched to windows by their source's file name ({@code .../nyc_taxi.csv} ↔ label
 * key {@code realKnownCause/nyc_taxi.csv}) and put in input line order; timestamps are written in
 * {@code zone} as NAB's {@code yyyy-MM-dd HH:mm:ss}. A source without labels fails the pipeline
 * with a message naming it. Needs bounded input; all scores meet in one worker (NAB files are
 * small).
 */
public final class EvaluateDetections extends PTransform<PCollection<AnomalyResult>, PCollection<String>> {

  private final String labelsJson;
  private final ZoneId zone;

  private EvaluateDetections(String labelsJson, ZoneId zone) {
    this.labelsJson = labelsJson;
    this.zone = zone;
  }

  /**
   * Evaluates against the windows in {@code labelsJson} (NAB's combined_windows.json format).
   *
   * @throws IllegalArgumentException if the labels do not parse
   */
  public static EvaluateDetections against(String labelsJson, ZoneId zone) {
    checkArgument(labelsJson != null, "labelsJson must not be null");
    checkArgument(zone != null, "zone must not be null");
    try {
      AnomalyWindows.parse(labelsJson); // fail at construction on bad labels
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("labels are not NAB combined_windows JSON: " + e.getMessage(), e);
    }
    return new EvaluateDetections(labelsJson, zone);
  }

  @Override
  public PCollection<String> expand(PCollection<AnomalyResult> scores) {
    checkArgument(
        scores.isBounded() == PCollection.IsBounded.BOUNDED,
        "EvaluateDetections needs bounded input: it scores complete files");
    ZoneId z = zone;
    return scores
        .apply(
            "To rows",
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                .via(
                    (AnomalyResult r) ->
                        KV.of(
                            "all",
                            fileName(r.getSource())
                                + "\t"
                                + r.getLine()
                                + "\t"
                                + EventTimes.NAB_FORMAT.format(
                                    java.time.Instant.ofEpochMilli(r.getTimestamp().getMillis()).atZone(z))
                                + "\t"
                                + r.getScore())))
        .apply("Gather", GroupByKey.create())
        .apply("Score", ParDo.of(new ScoreFn(labelsJson)));
  }

  static String fileName(String source) {
    return source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
  }

  private static final class ScoreFn extends DoFn<KV<String, Iterable<String>>, String> {
    private final String labelsJson;

    ScoreFn(String labelsJson) {
      this.labelsJson = labelsJson;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<String>> all, OutputReceiver<String> out)
        throws JsonProcessingException {
      AnomalyWindows labels = AnomalyWindows.parse(labelsJson);
      Map<String, String> keyByName = new TreeMap<>();
      for (String key : labels.byFile().keySet()) {
        keyByName.put(fileName(key), key);
      }
      Map<String, List<String[]>> byFile = new TreeMap<>();
      for (String row : all.getValue()) {
        String[] f = row.split("\t");
        byFile.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f);
      }
      Map<String, List<NabScorer.Row>> rows = new TreeMap<>();
      for (Map.Entry<String, List<String[]>> e : byFile.entrySet()) {
        String key = keyByName.get(e.getKey());
        if (key == null) {
          throw new IllegalArgumentException(
              "scores of " + e.getKey() + " have no anomaly windows in the labels " + keyByName.keySet());
        }
        e.getValue().sort((a, b) -> Long.compare(Long.parseLong(a[1]), Long.parseLong(b[1])));
        List<NabScorer.Row> fileRows = new ArrayList<>();
        for (String[] f : e.getValue()) {
          fileRows.add(NabScorer.Row.of(f[2], Double.parseDouble(f[3])));
        }
        rows.put(key, fileRows);
      }
      out.output(
          new ObjectMapper().writeValueAsString(EvaluationReport.build(NabScorer.of(rows, labels))));
    }
  }
}
