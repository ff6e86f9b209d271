package io.beamwise.parse;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.failure.Failure;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Parses JSON Lines into records of a declared Beam schema, with the event time taken from the
 * payload and every bad line sent to {@link ParseResult#failures()} with its reason. Rules: {@link
 * JsonRecordParser}, {@link RecordRules}, {@link FieldValues} (coercions), {@link EventTime}.
 *
 * <pre>{@code
 * Schema schema = Schema.builder()
 *     .addStringField("sensor").addDateTimeField("ts").addDoubleField("value").build();
 * ParseResult<Row> parsed = lines.apply(
 *     ParseJson.rows(schema).withEventTime(EventTime.epoch("ts", TimeUnit.SECONDS)));
 *
 * // or into your own type with a Beam schema (AutoValue, POJO, JavaBean):
 * ParseResult<Reading> typed = lines.apply(
 *     ParseJson.to(Reading.class).withEventTime(EventTime.iso("ts")));
 * }</pre>
 *
 * <p>Invalid configuration (an event-time field that is not a DATETIME field of the schema, an
 * unsupported field type, ...) fails when the transform is applied. Metrics: see {@link
 * ParseLines}.
 *
 * @param <T> {@link Row} or the user type
 */
public final class ParseJson<T> extends PTransform<PCollection<SourceLine>, ParseResult<T>> {

  private final RecordTarget<T> target;
  private final EventTime eventTime;
  private final NonFinitePolicy nonFinite;
  private final int maxPayloadBytes;

  private ParseJson(
      RecordTarget<T> target, EventTime eventTime, NonFinitePolicy nonFinite, int maxPayloadBytes) {
    this.target = target;
    this.eventTime = eventTime;
    this.nonFinite = nonFinite;
    this.maxPayloadBytes = maxPayloadBytes;
  }

  /** Parses into {@link Row}s of {@code schema}. */
  public static ParseJson<Row> rows(Schema schema) {
    return new ParseJson<>(
        RecordTarget.rows(schema), null, NonFinitePolicy.DEAD_LETTER, Payloads.DEFAULT_MAX_BYTES);
  }

  /** Parses into {@code type}, whose Beam schema comes from the pipeline's schema registry. */
  public static <T> ParseJson<T> to(Class<T> type) {
    return new ParseJson<>(
        RecordTarget.type(type), null, NonFinitePolicy.DEAD_LETTER, Payloads.DEFAULT_MAX_BYTES);
  }

  /**
   * Where the event time is; without it, records keep the input element's timestamp (then no
   * field is treated as the event time).
   */
  public ParseJson<T> withEventTime(EventTime eventTime) {
    checkArgument(eventTime != null, "eventTime must not be null");
    return new ParseJson<>(target, eventTime, nonFinite, maxPayloadBytes);
  }

  /** NaN/Infinity handling; default {@link NonFinitePolicy#DEAD_LETTER}. */
  public ParseJson<T> withNonFinite(NonFinitePolicy policy) {
    checkArgument(policy != null, "policy must not be null");
    return new ParseJson<>(target, eventTime, policy, maxPayloadBytes);
  }

  /** Lines over this many UTF-8 bytes are dead-lettered; default 1 MiB. Must be positive. */
  public ParseJson<T> withMaxPayloadBytes(int maxPayloadBytes) {
    checkArgument(maxPayloadBytes > 0, "maxPayloadBytes must be positive, got %s", maxPayloadBytes);
    return new ParseJson<>(target, eventTime, nonFinite, maxPayloadBytes);
  }

  @Override
  public ParseResult<T> expand(PCollection<SourceLine> lines) {
    Schema schema = target.schema(lines.getPipeline());
    JsonRecordParser parser =
        new JsonRecordParser(new RecordRules(schema, eventTime, nonFinite, maxPayloadBytes));
    ParseResult<Row> rows = lines.apply("Parse JSON", new ParseLines<>(parser, RowCoder.of(schema)));
    PCollection<Failure> failures = rows.failures();
    return ParseResult.of(target.convert(rows.output()), failures);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("target", target.describe()))
        .add(DisplayData.item("eventTime", String.valueOf(eventTime)))
        .add(DisplayData.item("nonFinite", nonFinite.name()))
        .add(DisplayData.item("maxPayloadBytes", maxPayloadBytes));
  }
}
