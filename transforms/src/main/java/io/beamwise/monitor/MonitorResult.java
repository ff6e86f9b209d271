package io.beamwise.monitor;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.anomaly.AlertEpisode;
import io.beamwise.anomaly.AnomalyResult;
import io.beamwise.failure.Failure;
import io.beamwise.windows.WindowStats;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.collect.ImmutableMap;

/**
 * The typed result of {@link MonitorSensors}: window statistics, scores, alerts, alert episodes and one
 * collection of every failure (parse failures, records that could not be read, readings late for
 * their windows or for scoring), each with its payload and input position. A part that the
 * transform was told not to compute is an empty collection, so writers need no special case; a
 * writer's {@code without(Part...)} leaves such a part out altogether (no empty file or topic).
 * Apply a writer to the whole result with {@link #apply}.
 */
public final class MonitorResult implements PInput, POutput {

  /**
   * The parts of a result, each with the name its writers give it: the file {@code NAME.jsonl} or
   * {@code NAME.parquet}, the Kafka topic {@code PREFIX.NAME}. Writers take a set of parts to
   * leave out, e.g. {@link #EPISODES} when the transform was told not to compute them.
   */
  public enum Part {
    /** {@link #windowStats()}: {@code window-stats}. */
    WINDOW_STATS("window-stats"),
    /** {@link #scores()}: {@code scores}. */
    SCORES("scores"),
    /** {@link #alerts()}: {@code alerts}. */
    ALERTS("alerts"),
    /** {@link #episodes()}: {@code episodes}. */
    EPISODES("episodes"),
    /** {@link #failures()}: {@code dead-letter}. */
    DEAD_LETTER("dead-letter");

    private final String outputName;

    Part(String outputName) {
      this.outputName = outputName;
    }

    /** The name of this part's file (without suffix) or topic (after the prefix and a dot). */
    public String outputName() {
      return outputName;
    }

    /**
     * The parts a writer leaves out after its {@code without(more)}: {@code leftOut} and {@code
     * more} (a new set; neither argument is changed).
     *
     * @throws IllegalArgumentException if {@code more} is null or holds null, or if every part
     *     would be left out (a writer that writes nothing is a mistake)
     */
    public static EnumSet<Part> leaveOut(Set<Part> leftOut, Part... more) {
      checkArgument(more != null, "parts to leave out must not be null");
      EnumSet<Part> all = leftOut.isEmpty() ? EnumSet.noneOf(Part.class) : EnumSet.copyOf(leftOut);
      for (Part p : more) {
        checkArgument(p != null, "parts to leave out must not hold null, got %s", Arrays.toString(more));
        all.add(p);
      }
      checkArgument(
          all.size() < values().length,
          "without(%s) leaves out every part of the result; a writer must write at least one",
          all);
      return all;
    }
  }

  private final PCollection<WindowStats> windowStats;
  private final PCollection<AnomalyResult> scores;
  private final PCollection<AnomalyResult> alerts;
  private final PCollection<AlertEpisode> episodes;
  private final PCollection<Failure> failures;
  private final String keyName;

  MonitorResult(
      PCollection<WindowStats> windowStats,
      PCollection<AnomalyResult> scores,
      PCollection<AnomalyResult> alerts,
      PCollection<AlertEpisode> episodes,
      PCollection<Failure> failures,
      String keyName) {
    this.windowStats = windowStats;
    this.scores = scores;
    this.alerts = alerts;
    this.episodes = episodes;
    this.failures = failures;
    this.keyName = keyName;
  }

  /** One per key and non-empty pane, timestamped at the end of the window. */
  public PCollection<WindowStats> windowStats() {
    return windowStats;
  }

  /** One per reading scored (in event-time order per key). */
  public PCollection<AnomalyResult> scores() {
    return scores;
  }

  /** The scores above the threshold. */
  public PCollection<AnomalyResult> alerts() {
    return alerts;
  }

  /**
   * The alerts grouped per key into episodes (alerts less than the episode gap apart), each
   * emitted once the watermark has passed its last alert by the gap.
   */
  public PCollection<AlertEpisode> episodes() {
    return episodes;
  }

  /** Every failure of every stage, with payload and position (one dead-letter sink). */
  public PCollection<Failure> failures() {
    return failures;
  }

  /** The name of the key in outputs: the key field(s) of the input, e.g. {@code device}. */
  public String keyName() {
    return keyName;
  }

  /** Applies {@code transform} (e.g. a writer) to the whole result. */
  public <R extends POutput> R apply(String name, PTransform<? super MonitorResult, R> transform) {
    return Pipeline.applyTransform(name, this, transform);
  }

  /** Applies {@code transform} (e.g. a writer) to the whole result. */
  public <R extends POutput> R apply(PTransform<? super MonitorResult, R> transform) {
    return Pipeline.applyTransform(this, transform);
  }

  @Override
  public Pipeline getPipeline() {
    return failures.getPipeline();
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return ImmutableMap.of(
        new TupleTag<>("windowStats"), windowStats,
        new TupleTag<>("scores"), scores,
        new TupleTag<>("alerts"), alerts,
        new TupleTag<>("episodes"), episodes,
        new TupleTag<>("failures"), failures);
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {}
}
