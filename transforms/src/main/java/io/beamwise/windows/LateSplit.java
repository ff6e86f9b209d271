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

/** The two outputs of {@link SplitLateData}: elements to window, and droppably late elements. */
final class LateSplit<K, V> implements POutput {
  private final PCollection<KV<K, V>> onTime;
  private final PCollection<KV<K, V>> late;

  LateSplit(PCollection<KV<K, V>> onTime, PCollection<KV<K, V>> late) {
    this.onTime = onTime;
    this.late = late;
  }

  PCollection<KV<K, V>> onTime() {
    return onTime;
  }

  PCollection<KV<K, V>> late() {
    return late;
  }

  @Override
  public Pipeline getPipeline() {
    return onTime.getPipeline();
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return ImmutableMap.of(new TupleTag<>("onTime"), onTime, new TupleTag<>("late"), late);
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {}
}
