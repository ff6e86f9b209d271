package io.beamwise.parse;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.failure.Failure;
import java.time.ZoneId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Instant;

/**
 * Parses {@link SourceLine}s into {@link SensorReading}s whose element timestamp is the event time
 * from the payload; every line that cannot be parsed becomes a {@link Failure} in {@link
 * ParseResult#failures()}. No exception escapes for any input and no line is dropped silently:
 * {@code lines in = output + failures + header lines}.
 *
 * <pre>{@code
 * ParseResult parsed = lines.apply(ParseSensorReadings.nabCsv(ZoneOffset.UTC));
 * parsed.output();    // PCollection<SensorReading>, timestamped by event time
 * parsed.failures();  // PCollection<Failure>, stage "parse"
 * }</pre>
 *
 * <p>Metrics (namespace {@value #METRICS_NAMESPACE}): {@code parsed}, {@code headers}, {@code
 * failed}, and {@code failed_<reason>} per reason code.
 *
 * <p>An event time earlier than the input element's own timestamp cannot be assigned in Beam
 * without skew; such a line is dead-lettered with reason {@code bad_timestamp} rather than
 * failing the bundle. Inputs read from files carry the minimum timestamp, so this never happens
 * for them.
 */
public final class ParseSensorReadings
    extends PTransform<PCollection<SourceLine>, ParseResult> {

  public static final String METRICS_NAMESPACE = "beamwise.parse";
  public static final String STAGE = "parse";

  private final ReadingParser parser;

  private ParseSensorReadings(ReadingParser parser) {
    this.parser = parser;
  }

  /** NAB CSV ({@code timestamp,value}); zone-less timestamps are read in {@code zone}. */
  public static ParseSensorReadings nabCsv(ZoneId zone) {
    return with(new NabCsvParser(checkZone(zone)));
  }

  /** JSON Lines ({@code {"sensor","ts","value"}}); zone-less timestamps are read in {@code zone}. */
  public static ParseSensorReadings jsonLines(ZoneId zone) {
    return with(new JsonReadingParser(checkZone(zone)));
  }

  /** NAB CSV for sources ending in {@code .csv}, JSON Lines for every other source. */
  public static ParseSensorReadings byExtension(ZoneId zone) {
    return with(new ParserByExtension(checkZone(zone)));
  }

  /** Any {@link ReadingParser}. */
  public static ParseSensorReadings with(ReadingParser parser) {
    checkArgument(parser != null, "parser must not be null");
    return new ParseSensorReadings(parser);
  }

  private static ZoneId checkZone(ZoneId zone) {
    checkArgument(zone != null, "zone must not be null (use ZoneOffset.UTC for UTC)");
    return zone;
  }

  @Override
  public ParseResult expand(PCollection<SourceLine> lines) {
    TupleTag<SensorReading> outputTag = new TupleTag<SensorReading>() {};
    TupleTag<Failure> failuresTag = new TupleTag<Failure>() {};
    PCollectionTuple tuple =
        lines.apply(
            "Parse",
            ParDo.of(new ParseFn(parser, outputTag, failuresTag))
                .withOutputTags(outputTag, TupleTagList.of(failuresTag)));
    return new ParseResult(tuple, outputTag, failuresTag);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("parser", parser.getClass().getName()).withLabel("Parser"));
  }

  private static final class ParseFn extends DoFn<SourceLine, SensorReading> {
    private final ReadingParser parser;
    private final TupleTag<SensorReading> outputTag;
    private final TupleTag<Failure> failuresTag;
    private final Counter parsed = Metrics.counter(METRICS_NAMESPACE, "parsed");
    private final Counter headers = Metrics.counter(METRICS_NAMESPACE, "headers");
    private final Counter failed = Metrics.counter(METRICS_NAMESPACE, "failed");

    ParseFn(ReadingParser parser, TupleTag<SensorReading> outputTag, TupleTag<Failure> failuresTag) {
      this.parser = parser;
      this.outputTag = outputTag;
      this.failuresTag = failuresTag;
    }

    @ProcessElement
    public void process(
        @Element SourceLine line, @Timestamp Instant inputTime, MultiOutputReceiver out) {
      ParseOutcome outcome;
      try {
        outcome = parser.parse(line);
      } catch (RuntimeException e) {
        // A parser bug must not lose the line: route it with the exception.
        outcome = ParseOutcome.failure("parser_error", String.valueOf(e), e);
      }
      if (outcome.kind() == ParseOutcome.Kind.HEADER) {
        headers.inc();
        return;
      }
      if (outcome.kind() == ParseOutcome.Kind.READING) {
        Instant eventTime = outcome.reading().getTimestamp();
        if (!eventTime.isBefore(inputTime)) {
          parsed.inc();
          out.get(outputTag).outputWithTimestamp(outcome.reading(), eventTime);
          return;
        }
        outcome =
            ParseOutcome.failure(
                Failure.Reasons.BAD_TIMESTAMP,
                "event time "
                    + eventTime
                    + " is earlier than the input element's timestamp "
                    + inputTime
                    + "; Beam cannot move an element back in time");
      }
      failed.inc();
      Metrics.counter(METRICS_NAMESPACE, "failed_" + outcome.reason()).inc();
      out.get(failuresTag)
          .output(
              Failure.of(
                  STAGE,
                  outcome.reason(),
                  outcome.message(),
                  outcome.error(),
                  line.getSource(),
                  line.getLine(),
                  line.getText(),
                  Instant.now()));
    }
  }
}
