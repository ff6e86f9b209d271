package io.beamwise.pipelines.sensormonitor;

import java.util.Optional;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * What an unbounded {@code sensor-monitor} job needs from the FlinkRunner, set without a compile
 * dependency on it (the options below mirror {@code FlinkPipelineOptions}' getters, types and
 * defaults; Beam shares one value per option name).
 *
 * <ul>
 *   <li>Checkpoints: exactly-once output and resuming need them; without {@code
 *       --checkpointingInterval} the job checkpoints every {@link #DEFAULT_CHECKPOINT_MS} ms.
 *   <li>{@code --finishBundleBeforeCheckpointing=true}: Beam's Flink {@code DoFnOperator} holds its
 *       output watermark while a bundle is open and, when a bundle ends by time rather than by
 *       size, forwards the watermark only from a timer that usually finds the next bundle already
 *       open. Under a steady feed below {@code --maxBundleSize} records per {@code
 *       --maxBundleTimeMills} the watermark after the first operator then never advances and no
 *       window or score comes out until the feed stops. Finishing the bundle at each checkpoint
 *       forwards the watermark through every operator, so results follow the feed within about a
 *       checkpoint interval.
 * </ul>
 */
final class FlinkStreamingSettings {

  static final long DEFAULT_CHECKPOINT_MS = 5_000;

  private FlinkStreamingSettings() {}

  /** Mirrors of {@code FlinkPipelineOptions} getters (same names, types and defaults). */
  public interface Options extends PipelineOptions {
    @Description("FlinkRunner: checkpoint interval in ms (-1: none).")
    @Default.Long(-1L)
    Long getCheckpointingInterval();

    void setCheckpointingInterval(Long value);

    @Description("FlinkRunner: finish bundles (and forward the watermark) before each checkpoint.")
    @Default.Boolean(false)
    boolean getFinishBundleBeforeCheckpointing();

    void setFinishBundleBeforeCheckpointing(boolean value);

    @Description("FlinkRunner: restore the job from this savepoint or retained checkpoint.")
    String getSavepointPath();

    void setSavepointPath(String value);
  }

  static boolean isFlink(PipelineOptions options) {
    return options.getRunner() != null
        && options.getRunner().getName().startsWith("org.apache.beam.runners.flink.");
  }

  /**
   * For an unbounded job on the FlinkRunner: checkpoints (default interval when none is given) and
   * bundles finished at each checkpoint. Returns what it changed, for the log; nothing on other
   * runners.
   */
  static Optional<String> applyForStreaming(PipelineOptions options) {
    if (!isFlink(options)) {
      return Optional.empty();
    }
    Options flink = options.as(Options.class);
    StringBuilder changed = new StringBuilder();
    Long interval = flink.getCheckpointingInterval();
    if (interval == null || interval <= 0) {
      flink.setCheckpointingInterval(DEFAULT_CHECKPOINT_MS);
      changed.append("--checkpointingInterval=").append(DEFAULT_CHECKPOINT_MS).append(' ');
    }
    if (!flink.getFinishBundleBeforeCheckpointing()) {
      flink.setFinishBundleBeforeCheckpointing(true);
      changed.append("--finishBundleBeforeCheckpointing=true");
    }
    return changed.length() == 0 ? Optional.empty() : Optional.of(changed.toString().trim());
  }

  /** The {@code --savepointPath} the job resumes from, if any (any runner: only Flink sets it). */
  static Optional<String> savepointPath(PipelineOptions options) {
    String path = options.as(Options.class).getSavepointPath();
    return path == null || path.isBlank() ? Optional.empty() : Optional.of(path);
  }
}
