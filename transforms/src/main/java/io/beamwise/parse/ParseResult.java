package io.beamwise.parse;

import io.beamwise.failure.Failure;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.collect.ImmutableMap;

/**
 * The typed result of the parse transforms ({@link ParseJson}, {@link ParseCsv}, {@link
 * ParseSensorReadings}): parsed records in {@link #output()}, rejected lines in {@link
 * #failures()}. Header lines appear in neither (they are counted in the {@code headers} metric).
 *
 * @param <T> the record type
 */
public final class ParseResult<T> implements PInput, POutput {

  private final PCollection<T> output;
  private final PCollection<Failure> failures;
  private final TupleTag<T> outputTag = new TupleTag<>("output");
  private final TupleTag<Failure> failuresTag = new TupleTag<>("failures");

  private ParseResult(PCollection<T> output, PCollection<Failure> failures) {
    this.output = output;
    this.failures = failures;
  }

  public static <T> ParseResult<T> of(PCollection<T> output, PCollection<Failure> failures) {
    return new ParseResult<>(output, failures);
  }

  /** Records without parse failures (e.g. from a source that yields typed records). */
  public static <T> ParseResult<T> of(PCollection<T> records) {
    PCollection<Failure> none =
        records.getPipeline().apply("No parse failures", Create.empty(TypeDescriptor.of(Failure.class)));
    return new ParseResult<>(records, none);
  }

  /** Applies {@code transform} to both outputs, e.g. {@code MonitorSensors}. */
  public <R extends POutput> R apply(String name, PTransform<? super ParseResult<T>, R> transform) {
    return Pipeline.applyTransform(name, this, transform);
  }

  /** Applies {@code transform} to both outputs, e.g. {@code MonitorSensors}. */
  public <R extends POutput> R apply(PTransform<? super ParseResult<T>, R> transform) {
    return Pipeline.applyTransform(this, transform);
  }

  /** Records, each with its event time as element timestamp. */
  public PCollection<T> output() {
    return output;
  }

  /** Dead-letter records for lines that could not be parsed. */
  public PCollection<Failure> failures() {
    return failures;
  }

  @Override
  public Pipeline getPipeline() {
    return output.getPipeline();
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return ImmutableMap.of(outputTag, output, failuresTag, failures);
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {}
}
