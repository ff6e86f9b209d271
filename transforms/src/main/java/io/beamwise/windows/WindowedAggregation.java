package io.beamwise.windows;

import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.collect.ImmutableMap;

/**
 * The typed result of {@link AggregateWindows}: one {@link WindowResult} per non-empty pane in
 * {@link #results()}, and the input elements that arrived too late for every window they belong
 * to in {@link #late()} (always empty for bounded input).
 */
public final class WindowedAggregation<K, InputT, OutputT> implements POutput {

  private final PCollection<WindowResult<K, OutputT>> results;
  private final PCollection<KV<K, InputT>> late;

  WindowedAggregation(PCollection<WindowResult<K, OutputT>> results, PCollection<KV<K, InputT>> late) {
    this.results = results;
    this.late = late;
  }

  /** Panes, timestamped at the end of their window. */
  public PCollection<WindowResult<K, OutputT>> results() {
    return results;
  }

  /** Late input elements with their own timestamps, in the global window. */
  public PCollection<KV<K, InputT>> late() {
    return late;
  }

  @Override
  public Pipeline getPipeline() {
    return results.getPipeline();
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return ImmutableMap.of(new TupleTag<>("results"), results, new TupleTag<>("late"), late);
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {}
}
