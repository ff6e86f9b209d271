package io.beamwise.parse;

import io.beamwise.failure.Failure;
import io.beamwise.failure.FailureCoder;
import io.beamwise.metrics.BundleCounter;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Instant;

/**
 * Applies a {@link LineParser} to every line: records go to the output with their event time as
 * element timestamp, failures to the dead-letter output with stage {@value #STAGE}. The shared
 * engine of {@link ParseJson}, {@link ParseCsv} and {@link ParseSensorReadings}.
 *
 * <p>No exception escapes: a parser that throws (a bug) yields a {@code parser_error} failure. An
 * event time earlier than the input element's own timestamp cannot be assigned in Beam without
 * skew; such a line becomes a {@code bad_timestamp} failure instead of failing the bundle (inputs
 * read from files carry the minimum timestamp, so it never happens for them).
 *
 * <p>Metrics (namespace {@value #METRICS_NAMESPACE}, scoped to the step): {@code parsed}, {@code
 * headers}, {@code failed}, and {@code failed_<reason>} per reason.
 */
final class ParseLines<T> extends PTransform<PCollection<SourceLine>, ParseResult<T>> {

  static final String METRICS_NAMESPACE = "beamwise.parse";
  static final String STAGE = "parse";

  private final LineParser<T> parser;
  private final Coder<T> outputCoder;

  ParseLines(LineParser<T> parser, Coder<T> outputCoder) {
    this.parser = parser;
    this.outputCoder = outputCoder;
  }

  @Override
  public ParseResult<T> expand(PCollection<SourceLine> lines) {
    TupleTag<T> outputTag = new TupleTag<>();
    TupleTag<Failure> failuresTag = new TupleTag<Failure>() {};
    PCollectionTuple tuple =
        lines.apply(
            "Parse lines",
            ParDo.of(new ParseFn<>(parser, outputTag, failuresTag))
                .withOutputTags(outputTag, TupleTagList.of(failuresTag)));
    return ParseResult.of(
        tuple.get(outputTag).setCoder(outputCoder), tuple.get(failuresTag).setCoder(FailureCoder.of()));
  }

  private static final class ParseFn<T> extends DoFn<SourceLine, T> {
    private final LineParser<T> parser;
    private final TupleTag<T> outputTag;
    private final TupleTag<Failure> failuresTag;
    private final BundleCounter parsed = BundleCounter.of(METRICS_NAMESPACE, "parsed");
    private final Counter headers = Metrics.counter(METRICS_NAMESPACE, "headers");
    private final Counter failed = Metrics.counter(METRICS_NAMESPACE, "failed");

    ParseFn(LineParser<T> parser, TupleTag<T> outputTag, TupleTag<Failure> failuresTag) {
      this.parser = parser;
      this.outputTag = outputTag;
      this.failuresTag = failuresTag;
    }

    @FinishBundle
    public void finishBundle() {
      parsed.flush();
    }

    @ProcessElement
    public void process(
        @Element SourceLine line, @Timestamp Instant inputTime, MultiOutputReceiver out) {
      ParseOutcome<T> outcome;
      try {
        outcome = parser.parse(line);
      } catch (RuntimeException e) {
        outcome = ParseOutcome.failure(Failure.Reasons.PARSER_ERROR, String.valueOf(e), e);
      }
      if (outcome.kind() == ParseOutcome.Kind.HEADER) {
        headers.inc();
        return;
      }
      if (outcome.kind() == ParseOutcome.Kind.RECORD) {
        Instant eventTime = outcome.eventTime();
        if (eventTime == null) {
          parsed.inc();
          out.get(outputTag).output(outcome.value());
          return;
        }
        if (!eventTime.isBefore(inputTime)) {
          parsed.inc();
          out.get(outputTag).outputWithTimestamp(outcome.value(), eventTime);
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
