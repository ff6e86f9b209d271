package io.beamwise.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.beamwise.testing.TestPipelineExtension;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class BundleCounterTest {

  private static final String NAMESPACE = "bundle-counter-test";

  /** Counts every element once and every even element's value. */
  private static final class CountFn extends DoFn<Long, Void> {
    private final BundleCounter elements = BundleCounter.of(NAMESPACE, "elements");
    private final BundleCounter evenSum = BundleCounter.of(NAMESPACE, "even_sum");
    private final BundleCounter never = BundleCounter.of(NAMESPACE, "never");

    @ProcessElement
    public void process(@Element Long x) {
      elements.inc();
      if (x % 2 == 0) {
        evenSum.inc(x);
      }
    }

    @FinishBundle
    public void finishBundle() {
      elements.flush();
      evenSum.flush();
      never.flush();
    }
  }

  @Test
  void everyCountReachesTheMetricOncePerBundle(TestPipeline p) {
    p.apply(Create.of(LongStream.rangeClosed(1, 1_000).boxed().collect(Collectors.toList())))
        .apply(ParDo.of(new CountFn()));
    PipelineResult result = p.run();
    result.waitUntilFinish();

    long elements = 0;
    long evenSum = 0;
    StringBuilder seen = new StringBuilder();
    for (MetricResult<Long> c :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder().addNameFilter(MetricNameFilter.inNamespace(NAMESPACE)).build())
            .getCounters()) {
      seen.append(c.getKey()).append('=').append(c.getCommitted()).append(' ');
      if (c.getName().getName().equals("elements")) {
        elements += c.getCommitted();
      } else if (c.getName().getName().equals("even_sum")) {
        evenSum += c.getCommitted();
      } else {
        fail("a counter flushed with nothing counted is never created: " + seen);
      }
    }
    assertEquals(1_000, elements, seen.toString());
    assertEquals(250_500, evenSum, seen.toString()); // 2 + 4 + ... + 1000
  }
}
