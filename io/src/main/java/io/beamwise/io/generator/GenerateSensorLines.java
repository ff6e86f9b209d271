package io.beamwise.io.generator;

import io.beamwise.io.files.ReadLinesWithPosition;
import io.beamwise.parse.SourceLine;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * A bounded source of the {@link SensorGenerator}'s readings as JSON Lines {@link SourceLine}s
 * (source {@value #SOURCE}, line = reading index + 1), to be parsed like any JSON Lines input.
 * Counts {@code beamwise.io/lines_read} like the file reader.
 */
public final class GenerateSensorLines extends PTransform<PBegin, PCollection<SourceLine>> {

  public static final String SOURCE = "generator";

  private final SensorGenerator generator;

  private GenerateSensorLines(SensorGenerator generator) {
    this.generator = generator;
  }

  public static GenerateSensorLines from(SensorGenerator generator) {
    return new GenerateSensorLines(generator);
  }

  @Override
  public PCollection<SourceLine> expand(PBegin input) {
    return input
        .apply("Indexes", GenerateSequence.from(0).to(generator.size()))
        .apply("To JSON lines", ParDo.of(new ToLineFn(generator)));
  }

  private static final class ToLineFn extends DoFn<Long, SourceLine> {
    private final SensorGenerator generator;
    private final Counter linesRead =
        Metrics.counter(ReadLinesWithPosition.METRICS_NAMESPACE, ReadLinesWithPosition.LINES_READ);

    ToLineFn(SensorGenerator generator) {
      this.generator = generator;
    }

    @ProcessElement
    public void process(@Element Long index, OutputReceiver<SourceLine> out) {
      linesRead.inc();
      out.output(SourceLine.of(SOURCE, index + 1, generator.jsonLine(index)));
    }
  }
}
