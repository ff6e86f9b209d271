package io.beamwise.anomaly;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.windows.AggregateWindows;
import io.beamwise.windows.WindowResult;
import io.beamwise.windows.WindowSpec;
import io.beamwise.windows.WindowedAggregation;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.collect.ImmutableMap;
import org.joda.time.Duration;

/**
 * Groups each key's alerts into {@link AlertEpisode}s: an episode is a run of alerts of one key in
 * which each alert follows the previous one by at most {@code gap} of event time. A detector often
 * flags several readings of one incident (the jump and the readings after it); the episode is the
 * incident, what a person is paged for. Input: scores or alerts ({@link AnomalyResult}); only
 * those with {@code isAnomaly} count.
 *
 * <pre>{@code
 * GroupAlertsIntoEpisodes.Result r = scores.apply(GroupAlertsIntoEpisodes.withGap(Duration.standardHours(1)));
 * r.episodes();   // PCollection<AlertEpisode>, one per episode once the watermark passes last alert + gap
 * r.late();       // alerts that arrived after their episode had closed (unbounded input only)
 * }</pre>
 *
 * <p>Built on Beam's event-time session windows ({@code Sessions.withGapDuration(gap)}, fired
 * once when the watermark passes the end of the session, no allowed lateness) through {@link
 * AggregateWindows}, so the episodes are identical on every runner, in batch and streaming, and
 * alerts too late for their session are routed to {@link Result#late()}, with the limit the
 * README's late-data table states for session windows: an alert that comes after all of its key's
 * sessions were closed may instead be dropped by the runner and counted in the runner's {@code
 * droppedDueToLateness} metric. Alerts of {@link ScoreAnomalies} are on time (its streaming path
 * holds the watermark at its earliest buffered reading), except those of late readings scored
 * under {@link LatePolicy#SCORE_WITHOUT_LEARNING}. An episode's
 * window ends {@code gap} after its last alert: that is how long after the incident the episode is
 * reported. Metrics (namespace {@value #METRICS_NAMESPACE}): {@code episodes}, and {@code
 * late_dropped} for the alerts routed to {@link Result#late()}.
 */
public final class GroupAlertsIntoEpisodes
    extends PTransform<PCollection<AnomalyResult>, GroupAlertsIntoEpisodes.Result> {

  /** The namespace of this transform's metrics. */
  public static final String METRICS_NAMESPACE = "beamwise.episodes";

  private final WindowSpec sessions;

  private GroupAlertsIntoEpisodes(WindowSpec sessions) {
    this.sessions = sessions;
  }

  /**
   * Episodes whose consecutive alerts are less than {@code gap} apart in event time (alerts
   * exactly {@code gap} apart start a new episode, as Beam's session windows {@code [t, t + gap)}
   * that only touch do not merge).
   *
   * @throws IllegalArgumentException unless gap is in [1 ms, 366 days] (as {@link
   *     WindowSpec#sessions})
   */
  public static GroupAlertsIntoEpisodes withGap(Duration gap) {
    checkArgument(gap != null, "gap must not be null");
    return new GroupAlertsIntoEpisodes(WindowSpec.sessions(gap));
  }

  public Duration getGap() {
    return sessions.getSize();
  }

  @Override
  public Result expand(PCollection<AnomalyResult> scores) {
    WindowedAggregation<String, AnomalyResult, AlertEpisode> agg =
        scores
            .apply("Only alerts", Filter.by(AnomalyResult::getIsAnomaly))
            .apply(
                "By key",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptors.strings(), TypeDescriptor.of(AnomalyResult.class)))
                    .via((AnomalyResult r) -> KV.of(r.getSensor(), r)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), AnomalyResultCoder.of()))
            .apply(
                "Sessions",
                AggregateWindows.<String, AnomalyResult, AlertEpisode>perKey(sessions, new EpisodeFn())
                    .withMetricsNamespace(METRICS_NAMESPACE));
    PCollection<AlertEpisode> episodes =
        agg.results().apply("To episodes", ParDo.of(new ToEpisodeFn())).setCoder(AlertEpisodeCoder.of());
    PCollection<AnomalyResult> late =
        agg.late()
            .apply("Late alerts", MapElements.into(TypeDescriptor.of(AnomalyResult.class)).via(KV::getValue))
            .setCoder(AnomalyResultCoder.of());
    return new Result(episodes, late);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("gap", getGap()).withLabel("Episode gap (event time)"));
  }

  private static final class ToEpisodeFn extends DoFn<WindowResult<String, AlertEpisode>, AlertEpisode> {
    private final Counter episodes = Metrics.counter(METRICS_NAMESPACE, "episodes");

    @ProcessElement
    public void process(@Element WindowResult<String, AlertEpisode> r, OutputReceiver<AlertEpisode> out) {
      episodes.inc();
      out.output(r.getValue());
    }
  }

  /** Episodes and the alerts too late for theirs. */
  public static final class Result implements POutput {
    private final PCollection<AlertEpisode> episodes;
    private final PCollection<AnomalyResult> late;

    Result(PCollection<AlertEpisode> episodes, PCollection<AnomalyResult> late) {
      this.episodes = episodes;
      this.late = late;
    }

    /** One per episode, timestamped at the end of its session ({@code end + gap}, minus 1 ms). */
    public PCollection<AlertEpisode> episodes() {
      return episodes;
    }

    /** Alerts that arrived after their session had closed; empty for bounded input. */
    public PCollection<AnomalyResult> late() {
      return late;
    }

    @Override
    public Pipeline getPipeline() {
      return episodes.getPipeline();
    }

    @Override
    public Map<TupleTag<?>, PValue> expand() {
      return ImmutableMap.of(new TupleTag<>("episodes"), episodes, new TupleTag<>("late"), late);
    }

    @Override
    public void finishSpecifyingOutput(String transformName, PInput input, PTransform<?, ?> transform) {}
  }
}
