package io.beamwise.pipelines.sensormonitor;

import io.beamwise.failure.Failure;
import io.beamwise.failure.FailureCoder;
import io.beamwise.io.parquet.ReadParquetRows;
import io.beamwise.parse.ParseOutcome;
import io.beamwise.parse.ParseResult;
import io.beamwise.parse.ParseSensorReadings;
import io.beamwise.parse.SensorReading;
import java.time.ZoneId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Instant;

/**
 * Reads sensor readings from Parquet files ({@code sensor}, {@code timestamp}, {@code value}
 * columns; see {@link RowReadings}) into the same {@link ParseResult} as the text parsers: readings
 * with their event time as element timestamp, and bad rows as dead letters (stage {@code parse},
 * source = file, line = 1-based row). Counts into the parse metrics ({@code beamwise.parse/parsed},
 * {@code failed}, {@code failed_<reason>}) so that the job's totals reconcile: rows read ({@code
 * beamwise.io/rows_read}) = parsed + failed.
 */
final class ReadParquetReadings extends PTransform<PBegin, ParseResult<SensorReading>> {

  private final String filepattern;
  private final ZoneId zone;

  ReadParquetReadings(String filepattern, ZoneId zone) {
    this.filepattern = filepattern;
    this.zone = zone;
  }

  /** True for inputs read as Parquet: names ending in {@code .parquet}. */
  static boolean isParquet(String input) {
    return input != null && input.endsWith(".parquet");
  }

  @Override
  public ParseResult<SensorReading> expand(PBegin begin) {
    ReadParquetRows read =
        ReadParquetRows.from(filepattern)
            .withSourcePosition(RowReadings.SOURCE_FIELD, RowReadings.LINE_FIELD);
    PCollection<Row> rows = begin.apply("Read Parquet", read);
    RowReadings converter = RowReadings.forSchema(rows.getSchema(), zone);
    TupleTag<SensorReading> readings = new TupleTag<>("readings") {};
    TupleTag<Failure> failures = new TupleTag<>("failures") {};
    PCollectionTuple out =
        rows.apply(
            "To readings",
            ParDo.of(new ConvertFn(converter, readings, failures))
                .withOutputTags(readings, TupleTagList.of(failures)));
    return ParseResult.of(out.get(readings), out.get(failures).setCoder(FailureCoder.of()));
  }

  private static final class ConvertFn extends DoFn<Row, SensorReading> {
    private final Counter parsed = Metrics.counter(ParseSensorReadings.METRICS_NAMESPACE, "parsed");
    private final Counter failed = Metrics.counter(ParseSensorReadings.METRICS_NAMESPACE, "failed");
    private final RowReadings converter;
    private final TupleTag<SensorReading> readings;
    private final TupleTag<Failure> failures;

    ConvertFn(RowReadings converter, TupleTag<SensorReading> readings, TupleTag<Failure> failures) {
      this.converter = converter;
      this.readings = readings;
      this.failures = failures;
    }

    @ProcessElement
    public void process(@Element Row row, @Timestamp Instant inputTime, MultiOutputReceiver out) {
      ParseOutcome<SensorReading> outcome;
      try {
        outcome = converter.convert(row);
      } catch (RuntimeException e) {
        outcome = ParseOutcome.failure(Failure.Reasons.PARSER_ERROR, String.valueOf(e), e);
      }
      if (outcome.kind() == ParseOutcome.Kind.RECORD && !outcome.eventTime().isBefore(inputTime)) {
        parsed.inc();
        out.get(readings).outputWithTimestamp(outcome.value(), outcome.eventTime());
        return;
      }
      if (outcome.kind() == ParseOutcome.Kind.RECORD) {
        outcome =
            ParseOutcome.failure(
                Failure.Reasons.BAD_TIMESTAMP,
                "event time " + outcome.eventTime() + " is earlier than the input element's timestamp "
                    + inputTime + "; Beam cannot move an element back in time");
      }
      failed.inc();
      Metrics.counter(ParseSensorReadings.METRICS_NAMESPACE, "failed_" + outcome.reason()).inc();
      out.get(failures)
          .output(
              Failure.of(
                  ParseSensorReadings.STAGE,
                  outcome.reason(),
                  outcome.message(),
                  outcome.error(),
                  row.getString(RowReadings.SOURCE_FIELD),
                  row.getInt64(RowReadings.LINE_FIELD),
                  RowReadings.payload(row),
                  Instant.now()));
    }
  }
}
