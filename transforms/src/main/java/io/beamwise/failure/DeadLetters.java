package io.beamwise.failure;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * Gathers the failures of every stage of a pipeline into one dead-letter {@link PCollection},
 * ready for one sink (JSON Lines, Parquet, a Kafka topic), and counts them.
 *
 * <pre>{@code
 * PCollection<Failure> deadLetters =
 *     DeadLetters.of(parsed.failures(), lateReadings, writeFailures);
 * }</pre>
 *
 * <p>The output, and every input not already in it, uses the compact {@link FailureCoder}.
 *
 * <p>Metrics (namespace {@value #METRICS_NAMESPACE}): {@code dead_letters}, and {@code
 * <stage>.<reason>} per stage and reason.
 */
public final class DeadLetters extends PTransform<PCollectionList<Failure>, PCollection<Failure>> {

  public static final String METRICS_NAMESPACE = "beamwise.deadletter";

  private DeadLetters() {}

  /** The transform, for {@code PCollectionList.of(a).and(b).apply(DeadLetters.collect())}. */
  public static DeadLetters collect() {
    return new DeadLetters();
  }

  /** Flattens and counts the given failure collections (all from one pipeline). */
  @SafeVarargs
  public static PCollection<Failure> of(PCollection<Failure> first, PCollection<Failure>... more) {
    PCollectionList<Failure> all = PCollectionList.of(first);
    for (PCollection<Failure> f : more) {
      all = all.and(f);
    }
    return all.apply("Dead letters", collect());
  }

  @Override
  public PCollection<Failure> expand(PCollectionList<Failure> failures) {
    // Every input in FailureCoder: some runners (Flink's batch mode) can only flatten collections
    // with equal coders, and callers may hand in failures with the schema coder.
    PCollectionList<Failure> compact = PCollectionList.empty(failures.getPipeline());
    int i = 0;
    for (PCollection<Failure> f : failures.getAll()) {
      compact =
          compact.and(
              f.getCoder() instanceof FailureCoder
                  ? f
                  : f.apply("Compact coder " + i, ParDo.of(new IdentityFn()))
                      .setCoder(FailureCoder.of()));
      i++;
    }
    return compact
        .apply("Flatten", Flatten.pCollections())
        .apply("Count", ParDo.of(new CountFn()))
        .setCoder(FailureCoder.of());
  }

  private static final class IdentityFn extends DoFn<Failure, Failure> {
    @ProcessElement
    public void process(@Element Failure f, OutputReceiver<Failure> out) {
      out.output(f);
    }
  }

  private static final class CountFn extends DoFn<Failure, Failure> {
    private final Counter total = Metrics.counter(METRICS_NAMESPACE, "dead_letters");

    @ProcessElement
    public void process(@Element Failure f, OutputReceiver<Failure> out) {
      total.inc();
      Metrics.counter(METRICS_NAMESPACE, f.getStage() + "." + f.getReason()).inc();
      out.output(f);
    }
  }
}
