/*
 * Licensed to the Apache Software Foundation (ASF) under one
 * or more contributor license agreements.  See the NOTICE file
 * distributed with this work for additional information
 * regarding copyright ownership.  The ASF licenses this file
 * to you under the Apache License, Version 2.0 (the
 * "License"); you may not use this file except in compliance
 * with the License.  You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
/*
 * beamwise patch of Apache Beam 2.62.0's class of the same name (runners/flink/1.19,
 * org.apache.beam.runners.flink.translation.functions.FlinkStatefulDoFnFunction; Apache License
 * 2.0, as above), in module beamwise-runners-flink-patches, which sensor-monitor's flink profile
 * and the benchmarks put ahead of the runner's own copy.
 *
 * What changed: reduce() accepts a group that holds several keys, each with its own in-memory
 * state, timers and windows (class KeyState), fired key by key at the end of the group, all in
 * one bundle. Upstream assumed one key per group (the first element's). The patched
 * FlinkBatchTransformTranslators groups @RequiresTimeSortedInput input by a 64-bit hash of the
 * encoded key, so that Flink's sorter orders records by two longs (hash, timestamp) on its
 * normalized binary keys alone: grouped by the encoded key bytes, every comparison of two records
 * of the same key deserialized both (the key bytes fill the sorter's 16-byte normalized key and
 * leave none for the timestamp), 15% of the CPU samples of beamwise's time-sorted scoring. Two keys
 * with the same hash share a group and arrive interleaved, each in timestamp order, which is all
 * @RequiresTimeSortedInput promises per key. Groups of one key (every group of a plain stateful
 * DoFn, grouped by the key bytes as upstream) are processed as upstream. Remove the patch when the
 * Beam version sorts time-sorted input on normalized keys itself.
 */
package org.apache.beam.runners.flink.translation.functions;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.beam.runners.core.DoFnRunner;
import org.apache.beam.runners.core.DoFnRunners;
import org.apache.beam.runners.core.InMemoryStateInternals;
import org.apache.beam.runners.core.InMemoryTimerInternals;
import org.apache.beam.runners.core.StateInternals;
import org.apache.beam.runners.core.StateNamespace;
import org.apache.beam.runners.core.StateNamespaces;
import org.apache.beam.runners.core.TimerInternals;
import org.apache.beam.runners.core.construction.SerializablePipelineOptions;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.metrics.DoFnRunnerWithMetricsUpdate;
import org.apache.beam.runners.flink.metrics.FlinkMetricContainer;
import org.apache.beam.runners.flink.translation.utils.Workarounds;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.DoFnSchemaInformation;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.RawUnionValue;
import org.apache.beam.sdk.transforms.reflect.DoFnInvoker;
import org.apache.beam.sdk.transforms.reflect.DoFnInvokers;
import org.apache.beam.sdk.transforms.reflect.DoFnSignatures;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.util.WindowedValue;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowingStrategy;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.collect.Lists;
import org.apache.flink.api.common.functions.RichGroupReduceFunction;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.Collector;
import org.joda.time.Duration;
import org.joda.time.Instant;

/** A {@link RichGroupReduceFunction} for stateful {@link ParDo} in Flink Batch Runner. */
@SuppressWarnings({
  "rawtypes", // TODO(https://github.com/apache/beam/issues/20447)
  "nullness" // TODO(https://github.com/apache/beam/issues/20497)
})
public class FlinkStatefulDoFnFunction<K, V, OutputT>
    extends RichGroupReduceFunction<WindowedValue<KV<K, V>>, WindowedValue<RawUnionValue>> {

  private final DoFn<KV<K, V>, OutputT> dofn;
  private final boolean usesOnWindowExpiration;
  private String stepName;
  private final WindowingStrategy<?, ?> windowingStrategy;
  private final Map<PCollectionView<?>, WindowingStrategy<?, ?>> sideInputs;
  private final SerializablePipelineOptions serializedOptions;
  private final Map<TupleTag<?>, Integer> outputMap;
  private final TupleTag<OutputT> mainOutputTag;
  private final Coder<KV<K, V>> inputCoder;
  private final Map<TupleTag<?>, Coder<?>> outputCoderMap;
  private final DoFnSchemaInformation doFnSchemaInformation;
  private final Map<String, PCollectionView<?>> sideInputMapping;
  private final Coder<K> keyCoder; // beamwise patch
  private final boolean keyIsItsStructuralValue; // beamwise patch

  private transient DoFnInvoker doFnInvoker;
  private transient FlinkMetricContainer metricContainer;

  public FlinkStatefulDoFnFunction(
      DoFn<KV<K, V>, OutputT> dofn,
      String stepName,
      WindowingStrategy<?, ?> windowingStrategy,
      Map<PCollectionView<?>, WindowingStrategy<?, ?>> sideInputs,
      PipelineOptions pipelineOptions,
      Map<TupleTag<?>, Integer> outputMap,
      TupleTag<OutputT> mainOutputTag,
      Coder<KV<K, V>> inputCoder,
      Map<TupleTag<?>, Coder<?>> outputCoderMap,
      DoFnSchemaInformation doFnSchemaInformation,
      Map<String, PCollectionView<?>> sideInputMapping) {

    this.dofn = dofn;
    this.usesOnWindowExpiration =
        DoFnSignatures.signatureForDoFn(dofn).onWindowExpiration() != null;
    this.stepName = stepName;
    this.windowingStrategy = windowingStrategy;
    this.sideInputs = sideInputs;
    this.serializedOptions = new SerializablePipelineOptions(pipelineOptions);
    this.outputMap = outputMap;
    this.mainOutputTag = mainOutputTag;
    this.inputCoder = inputCoder;
    this.outputCoderMap = outputCoderMap;
    this.doFnSchemaInformation = doFnSchemaInformation;
    this.sideInputMapping = sideInputMapping;
    this.keyCoder = ((KvCoder<K, V>) inputCoder).getKeyCoder(); // beamwise patch
    this.keyIsItsStructuralValue = keyCoder.consistentWithEquals(); // beamwise patch
  }

  @Override
  public void reduce(
      Iterable<WindowedValue<KV<K, V>>> values, Collector<WindowedValue<RawUnionValue>> out)
      throws Exception {
    RuntimeContext runtimeContext = getRuntimeContext();

    DoFnRunners.OutputManager outputManager;
    if (outputMap.size() == 1) {
      outputManager = new FlinkDoFnFunction.DoFnOutputManager(out);
    } else {
      // it has some additional Outputs
      outputManager = new FlinkDoFnFunction.MultiDoFnOutputManager(out, outputMap);
    }

    final Iterator<WindowedValue<KV<K, V>>> iterator = values.iterator();

    // get the first value, we need this for initializing the state internals with the key.
    // we are guaranteed to have a first value, otherwise reduce() would not have been called.
    WindowedValue<KV<K, V>> currentValue = iterator.next();

    // beamwise patch: the state and timers of the key being processed; the step context below
    // returns the current key's, which SimpleDoFnRunner asks for at each access.
    final KeyState first = new KeyState(currentValue.getValue().getKey());
    final CurrentKeyStepContext stepContext = new CurrentKeyStepContext(first);
    // Keys after the first, in a group keyed by a hash of the key (time-sorted input): rare.
    Map<Object, KeyState> others = null;

    List<TupleTag<?>> additionalOutputTags = Lists.newArrayList(outputMap.keySet());

    DoFnRunner<KV<K, V>, OutputT> doFnRunner =
        DoFnRunners.simpleRunner(
            serializedOptions.get(),
            dofn,
            new FlinkSideInputReader(sideInputs, runtimeContext),
            outputManager,
            mainOutputTag,
            additionalOutputTags,
            stepContext,
            inputCoder,
            outputCoderMap,
            windowingStrategy,
            doFnSchemaInformation,
            sideInputMapping);

    FlinkPipelineOptions pipelineOptions = serializedOptions.get().as(FlinkPipelineOptions.class);
    if (!pipelineOptions.getDisableMetrics()) {
      doFnRunner = new DoFnRunnerWithMetricsUpdate<>(stepName, doFnRunner, metricContainer);
    }

    doFnRunner.startBundle();

    first.process(currentValue, doFnRunner);
    while (iterator.hasNext()) {
      currentValue = iterator.next();
      K key = currentValue.getValue().getKey();
      KeyState state = first;
      if (!first.isKey(key)) {
        // beamwise patch: another key in the same group (grouped by a hash of the key).
        if (others == null) {
          others = new LinkedHashMap<>();
        }
        Object structuralKey = keyCoder.structuralValue(key);
        state = others.get(structuralKey);
        if (state == null) {
          state = new KeyState(key);
          others.put(structuralKey, state);
        }
      }
      stepContext.current = state;
      state.process(currentValue, doFnRunner);
    }

    stepContext.current = first;
    first.finish(doFnRunner);
    if (others != null) {
      for (KeyState state : others.values()) {
        stepContext.current = state;
        state.finish(doFnRunner);
      }
    }

    doFnRunner.finishBundle();
  }

  /** beamwise patch: the step context of the key being processed. */
  private final class CurrentKeyStepContext extends FlinkNoOpStepContext {
    private KeyState current;

    CurrentKeyStepContext(KeyState current) {
      this.current = current;
    }

    @Override
    public StateInternals stateInternals() {
      return current.stateInternals;
    }

    @Override
    public TimerInternals timerInternals() {
      return current.timerInternals;
    }
  }

  /**
   * beamwise patch: one key's state, timers and windows, so that a group may hold several keys. The
   * upstream reduce() kept these in local variables for the group's one key.
   */
  private final class KeyState {
    private final K key;
    private final Object structuralKey;
    private final InMemoryStateInternals<K> stateInternals;
    // Used with Batch, we know that all the data is available for this key. We can't use the
    // timer manager from the context because it doesn't exist. So we create one and advance
    // time to the end after processing all elements.
    private final InMemoryTimerInternals timerInternals = new InMemoryTimerInternals();
    private final Set<BoundedWindow> windowsSeen = new HashSet<>();

    KeyState(K key) throws Exception {
      this.key = key;
      this.structuralKey = keyCoder.structuralValue(key);
      this.stateInternals = InMemoryStateInternals.forKey(key);
      timerInternals.advanceProcessingTime(Instant.now());
      timerInternals.advanceSynchronizedProcessingTime(Instant.now());
    }

    boolean isKey(K other) {
      return keyIsItsStructuralValue
          ? Objects.equals(key, other)
          : structuralKey.equals(keyCoder.structuralValue(other));
    }

    void process(WindowedValue<KV<K, V>> value, DoFnRunner<KV<K, V>, OutputT> doFnRunner) {
      if (usesOnWindowExpiration) {
        windowsSeen.addAll(value.getWindows());
      }
      doFnRunner.processElement(value);
    }

    void finish(DoFnRunner<KV<K, V>, OutputT> doFnRunner) throws Exception {
      // Finish any pending windows by advancing the input watermark to infinity.
      timerInternals.advanceInputWatermark(BoundedWindow.TIMESTAMP_MAX_VALUE);

      // Finally, advance the processing time to infinity to fire any timers.
      timerInternals.advanceProcessingTime(BoundedWindow.TIMESTAMP_MAX_VALUE);
      timerInternals.advanceSynchronizedProcessingTime(BoundedWindow.TIMESTAMP_MAX_VALUE);

      fireEligibleTimers(key, timerInternals, doFnRunner);

      if (usesOnWindowExpiration) {
        for (BoundedWindow window : windowsSeen) {
          doFnRunner.onWindowExpiration(
              window, window.maxTimestamp().minus(Duration.millis(1)), key);
        }
      }
    }
  }

  private void fireEligibleTimers(
      final K key, InMemoryTimerInternals timerInternals, DoFnRunner<KV<K, V>, OutputT> runner)
      throws Exception {

    while (true) {

      TimerInternals.TimerData timer;
      boolean hasFired = false;

      while ((timer = timerInternals.removeNextEventTimer()) != null) {
        hasFired = true;
        fireTimer(key, timer, runner);
      }
      while ((timer = timerInternals.removeNextProcessingTimer()) != null) {
        hasFired = true;
        fireTimer(key, timer, runner);
      }
      while ((timer = timerInternals.removeNextSynchronizedProcessingTimer()) != null) {
        hasFired = true;
        fireTimer(key, timer, runner);
      }
      if (!hasFired) {
        break;
      }
    }
  }

  private void fireTimer(
      final K key, TimerInternals.TimerData timer, DoFnRunner<KV<K, V>, OutputT> doFnRunner) {
    StateNamespace namespace = timer.getNamespace();
    checkArgument(namespace instanceof StateNamespaces.WindowNamespace);
    BoundedWindow window = ((StateNamespaces.WindowNamespace) namespace).getWindow();
    doFnRunner.onTimer(
        timer.getTimerId(),
        timer.getTimerFamilyId(),
        key,
        window,
        timer.getTimestamp(),
        timer.getOutputTimestamp(),
        timer.getDomain());
  }

  @Override
  public void open(Configuration parameters) {
    // Note that the SerializablePipelineOptions already initialize FileSystems in the readObject()
    // deserialization method. However, this is a hack, and we want to properly initialize the
    // options where they are needed.
    PipelineOptions options = serializedOptions.get();
    FileSystems.setDefaultPipelineOptions(options);
    metricContainer = new FlinkMetricContainer(getRuntimeContext());
    doFnInvoker = DoFnInvokers.tryInvokeSetupFor(dofn, options);
  }

  @Override
  public void close() throws Exception {
    try {
      metricContainer.registerMetricsForPipelineResult();
      Optional.ofNullable(doFnInvoker).ifPresent(DoFnInvoker::invokeTeardown);
    } finally {
      Workarounds.deleteStaticCaches();
    }
  }
}
