package io.beamwise.io.generator;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.io.files.ReadLinesWithPosition;
import io.beamwise.parse.SourceLine;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * A {@link SensorGenerator}'s records as JSON Lines {@link SourceLine}s (source {@value #SOURCE},
 * line = record index + 1), each with its event time as element timestamp (the parsed {@code ts},
 * except for malformed records, whose line carries the event time the reading would have had).
 * Counts {@code beamwise.io/lines_read} like the file reader.
 *
 * <ul>
 *   <li>{@link #from(SensorGenerator)}: a bounded {@code PCollection} over a bounded stream
 *       ({@code GenerateSequence} over the indices). As with any bounded input the runner holds the
 *       watermark until everything is read, so no record is late; late records are only out of
 *       order.
 *   <li>{@link #unbounded(SensorGenerator)}: an unbounded {@code PCollection} in arrival order
 *       whose watermark is {@link SensorGenerator#watermarkBefore(long)} of the next record, so
 *       late records are behind it by more than the configured lateness and on-time ones never
 *       are; {@link #withRate(double)} paces it. Over a bounded stream it ends after the last
 *       record.
 * </ul>
 */
public final class GenerateSensorLines extends PTransform<PBegin, PCollection<SourceLine>> {

  public static final String SOURCE = "generator";

  private final SensorGenerator generator;
  private final boolean unbounded;
  private final double ratePerSecond;

  private GenerateSensorLines(SensorGenerator generator, boolean unbounded, double ratePerSecond) {
    this.generator = generator;
    this.unbounded = unbounded;
    this.ratePerSecond = ratePerSecond;
  }

  /**
   * The bounded form.
   *
   * @throws IllegalArgumentException if the generator's stream is unbounded
   */
  public static GenerateSensorLines from(SensorGenerator generator) {
    checkArgument(generator != null, "generator must not be null");
    checkArgument(generator.isBounded(), "an unbounded generator (days=0) needs GenerateSensorLines.unbounded");
    return new GenerateSensorLines(generator, false, 0);
  }

  /** The unbounded form, unpaced (see {@link #withRate(double)}). */
  public static GenerateSensorLines unbounded(SensorGenerator generator) {
    checkArgument(generator != null, "generator must not be null");
    return new GenerateSensorLines(generator, true, 0);
  }

  /**
   * Paces the unbounded form at {@code recordsPerSecond} (processing time, all splits together),
   * in [0, 1e7]; 0 (the default) means as fast as the runner reads.
   */
  public GenerateSensorLines withRate(double recordsPerSecond) {
    checkArgument(unbounded, "withRate applies to GenerateSensorLines.unbounded only");
    checkArgument(
        recordsPerSecond >= 0 && recordsPerSecond <= 1e7,
        "recordsPerSecond must be in [0, 1e7], got %s", recordsPerSecond);
    return new GenerateSensorLines(generator, true, recordsPerSecond);
  }

  @Override
  public PCollection<SourceLine> expand(PBegin input) {
    PCollection<Long> indexes =
        unbounded
            ? input.apply("Indexes", Read.from(new GeneratorSource(generator, ratePerSecond, 0, 1)))
            : input.apply("Indexes", GenerateSequence.from(0).to(generator.size()));
    return indexes.apply("To JSON lines", ParDo.of(new ToLineFn(generator, !unbounded)));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("generator", generator.config().toString()))
        .add(DisplayData.item("unbounded", unbounded))
        .add(DisplayData.item("ratePerSecond", ratePerSecond));
  }

  private static final class ToLineFn extends DoFn<Long, SourceLine> {
    private final SensorGenerator generator;
    private final boolean stampEventTime;
    private final Counter linesRead =
        Metrics.counter(ReadLinesWithPosition.METRICS_NAMESPACE, ReadLinesWithPosition.LINES_READ);

    ToLineFn(SensorGenerator generator, boolean stampEventTime) {
      this.generator = generator;
      this.stampEventTime = stampEventTime;
    }

    @ProcessElement
    public void process(@Element Long index, OutputReceiver<SourceLine> out) {
      linesRead.inc();
      GeneratedRecord record = generator.record(index);
      SourceLine line = SourceLine.of(SOURCE, index + 1, record.json());
      if (stampEventTime) {
        // Bounded indexes carry the minimum timestamp, so moving forward is always allowed.
        out.outputWithTimestamp(line, record.eventTime());
      } else {
        out.output(line); // the source already stamped the event time
      }
    }
  }
}
