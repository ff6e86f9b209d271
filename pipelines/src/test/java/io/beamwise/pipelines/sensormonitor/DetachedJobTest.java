package io.beamwise.pipelines.sensormonitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;

/**
 * {@link DetachedJob} and {@link Summary#submitted()}; the detached Flink submission itself is
 * exercised against a real cluster by {@code scripts/chaos-check}.
 */
class DetachedJobTest {

  @Test
  void aResultOneCanWaitForIsNotDetached() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    p.apply(Create.of(List.of(1, 2, 3)));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertFalse(DetachedJob.of(result).isPresent(), result.getClass().getName());
  }

  @Test
  void theSummaryOfASubmittedJobHasNoCountsAndReconciles() {
    Summary s = Summary.submitted().with("job_id", "0123").with("state", "RUNNING");
    assertEquals(List.of("job_id", "state"), List.copyOf(s.fields().keySet()));
    assertTrue(s.reconciles(), s.mismatch());
  }
}
