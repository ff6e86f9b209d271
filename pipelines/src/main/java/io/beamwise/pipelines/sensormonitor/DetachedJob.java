package io.beamwise.pipelines.sensormonitor;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Optional;
import org.apache.beam.sdk.PipelineResult;

/**
 * A job that a runner submitted and left running, such as a streaming job given to a Flink cluster
 * with {@code --attachedMode=false}: there is nothing to wait for and no final metrics, so {@code
 * sensor-monitor} reports the submission and exits instead of blocking until the job is cancelled.
 *
 * <p>Recognised by the result's class, because the runners are not on the default build's
 * classpath: Beam's {@code FlinkDetachedRunnerResult}. Its Flink job id is read from the result's
 * private {@code JobClient} (Beam 2.62 has no getter); when that fails the id is unknown and the
 * caller says where to look it up.
 */
final class DetachedJob {

  static final String FLINK_DETACHED_RESULT = "org.apache.beam.runners.flink.FlinkDetachedRunnerResult";

  private final PipelineResult result;

  private DetachedJob(PipelineResult result) {
    this.result = result;
  }

  /** The detached job behind {@code result}, or empty for a result one can wait for. */
  static Optional<DetachedJob> of(PipelineResult result) {
    return FLINK_DETACHED_RESULT.equals(result.getClass().getName())
        ? Optional.of(new DetachedJob(result))
        : Optional.empty();
  }

  /** Flink's job id (32 hex digits), or empty when it cannot be read from this Beam version. */
  Optional<String> jobId() {
    try {
      Field field = result.getClass().getDeclaredField("jobClient");
      field.setAccessible(true);
      Object client = field.get(result);
      Method getJobId = Class.forName("org.apache.flink.core.execution.JobClient", true,
              result.getClass().getClassLoader())
          .getMethod("getJobID");
      return Optional.of(String.valueOf(getJobId.invoke(client)));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The job's state as the runner reports it now, or {@code UNKNOWN} when it cannot be asked. */
  String state() {
    try {
      return String.valueOf(result.getState());
    } catch (RuntimeException e) {
      return PipelineResult.State.UNKNOWN.toString();
    }
  }
}
