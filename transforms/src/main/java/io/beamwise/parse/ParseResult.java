package io.beamwise.parse;

import io.beamwise.failure.Failure;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.collect.ImmutableMap;

/**
 * The typed result of {@link ParseSensorReadings}: parsed readings in {@link #output()}, rejected
 * lines in {@link #failures()}. Header lines appear in neither (they are counted in the {@code
 * headers} metric).
 */
public final class ParseResult implements POutput {

  private final Pipeline pipeline;
  private final TupleTag<SensorReading> outputTag;
  private final PCollection<SensorReading> output;
  private final TupleTag<Failure> failuresTag;
  private final PCollection<Failure> failures;

  ParseResult(
      PCollectionTuple tuple, TupleTag<SensorReading> outputTag, TupleTag<Failure> failuresTag) {
    this.pipeline = tuple.getPipeline();
    this.outputTag = outputTag;
    this.output = tuple.get(outputTag);
    this.failuresTag = failuresTag;
    this.failures = tuple.get(failuresTag);
  }

  /** Readings, each with its event time as element timestamp. */
  public PCollection<SensorReading> output() {
    return output;
  }

  /** Dead-letter records for lines that could not be parsed. */
  public PCollection<Failure> failures() {
    return failures;
  }

  @Override
  public Pipeline getPipeline() {
    return pipeline;
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return ImmutableMap.of(outputTag, output, failuresTag, failures);
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {}
}
