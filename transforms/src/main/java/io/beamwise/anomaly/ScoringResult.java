package io.beamwise.anomaly;

import io.beamwise.windows.WindowStats;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.collect.ImmutableMap;

/**
 * The typed result of {@link ScoreAnomalies} over points of type {@code P} ({@link
 * io.beamwise.parse.SensorReading} or {@link MultivariateReading}): one {@link AnomalyResult} per
 * scored point in {@link #scores()}; the points that arrived behind their key's released
 * event-time frontier, unscored, in {@link #late()}; and the points the detector cannot take (a
 * multivariate point whose number of values is not the detector's dimension), unscored, in {@link
 * #rejected()}. Every input point is in exactly one of the three (late points scored under {@link
 * LatePolicy#SCORE_WITHOUT_LEARNING} are in {@link #scores()} with {@code late = true}).
 */
public final class ScoringResult<P> implements POutput {

  private final Pipeline pipeline;
  private final PCollection<AnomalyResult> scores;
  private final PCollection<P> late;
  private final PCollection<P> rejected;
  private final PCollection<WindowStats> windowStats;
  private final PCollection<P> lateForWindows;

  ScoringResult(
      PCollection<AnomalyResult> scores,
      PCollection<P> late,
      PCollection<P> rejected,
      PCollection<WindowStats> windowStats,
      PCollection<P> lateForWindows) {
    this.pipeline = scores.getPipeline();
    this.scores = scores;
    this.late = late;
    this.rejected = rejected;
    this.windowStats = windowStats;
    this.lateForWindows = lateForWindows;
  }

  /** Scores, each timestamped with its point's event time. */
  public PCollection<AnomalyResult> scores() {
    return scores;
  }

  /** Points too late to be scored in order, each with its own event time. */
  public PCollection<P> late() {
    return late;
  }

  /** Points of the wrong dimension for a multivariate detector; always empty for univariate input. */
  public PCollection<P> rejected() {
    return rejected;
  }

  /**
   * Each key's statistics per window and pane, timestamped at the window's last millisecond, in
   * their windows, when {@link ScoreAnomalies#withWindowStats} asked for them; empty otherwise.
   */
  public PCollection<WindowStats> windowStats() {
    return windowStats;
  }

  /**
   * Points too late for every window they belong to, with their own event time (only unbounded
   * input has any); empty without {@link ScoreAnomalies#withWindowStats}. Independent of {@link
   * #late()}: a point can be late for its windows and still scored, or the reverse.
   */
  public PCollection<P> lateForWindows() {
    return lateForWindows;
  }

  @Override
  public Pipeline getPipeline() {
    return pipeline;
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return ImmutableMap.of(
        new TupleTag<AnomalyResult>("scores"), scores,
        new TupleTag<P>("late"), late,
        new TupleTag<P>("rejected"), rejected,
        new TupleTag<WindowStats>("windowStats"), windowStats,
        new TupleTag<P>("lateForWindows"), lateForWindows);
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {}
}
