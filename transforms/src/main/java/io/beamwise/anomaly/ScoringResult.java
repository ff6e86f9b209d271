package io.beamwise.anomaly;

import io.beamwise.parse.SensorReading;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.collect.ImmutableMap;

/**
 * The typed result of {@link ScoreAnomalies}: one {@link AnomalyResult} per scored reading in
 * {@link #scores()}, and the readings that arrived behind their sensor's released event-time
 * frontier, unscored, in {@link #late()}.
 */
public final class ScoringResult implements POutput {

  private final Pipeline pipeline;
  private final TupleTag<AnomalyResult> scoresTag;
  private final PCollection<AnomalyResult> scores;
  private final TupleTag<SensorReading> lateTag;
  private final PCollection<SensorReading> late;

  ScoringResult(
      PCollectionTuple tuple, TupleTag<AnomalyResult> scoresTag, TupleTag<SensorReading> lateTag) {
    this.pipeline = tuple.getPipeline();
    this.scoresTag = scoresTag;
    this.scores = tuple.get(scoresTag);
    this.lateTag = lateTag;
    this.late = tuple.get(lateTag);
  }

  /** Scores, each timestamped with its reading's event time. */
  public PCollection<AnomalyResult> scores() {
    return scores;
  }

  /** Readings too late to be scored in order, each with its own event time. */
  public PCollection<SensorReading> late() {
    return late;
  }

  @Override
  public Pipeline getPipeline() {
    return pipeline;
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return ImmutableMap.of(scoresTag, scores, lateTag, late);
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {}
}
