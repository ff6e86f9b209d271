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
  private final PositionFields position;

  private ParseJson(
      RecordTarget<T> target,
      EventTime eventTime,
      NonFinitePolicy nonFinite,
      int maxPayloadBytes,
      PositionFields position) {
    this.target = target;
    this.eventTime = eventTime;
    this.nonFinite = nonFinite;
    this.maxPayloadBytes = maxPayloadBytes;
    this.position = position;
  }

  /** Parses into {@link Row}s of {@code schema}. */
  public static ParseJson<Row> rows(Schema schema) {
    return new ParseJson<>(
        RecordTarget.rows(schema), null, NonFinitePolicy.DEAD_LETTER, Payloads.DEFAULT_MAX_BYTES, null);
  }

  /** Parses into {@code type}, whose Beam schema comes from the pipeline's schema registry. */
  public static <T> ParseJson<T> to(Class<T> type) {
    return new ParseJson<>(
        RecordTarget.type(type), null, NonFinitePolicy.DEAD_LETTER, Payloads.DEFAULT_MAX_BYTES, null);
  }

  /**
   * Where the event time is; without it, records keep the input element's timestamp (then no
   * field is treated as the event time).
   */
  public ParseJson<T> withEventTime(EventTime eventTime) {
    checkArgument(eventTime != null, "eventTime must not be null");
    return new ParseJson<>(target, eventTime, nonFinite, maxPayloadBytes, position);
  }

  /** NaN/Infinity handling; default {@link NonFinitePolicy#DEAD_LETTER}. */
  public ParseJson<T> withNonFinite(NonFinitePolicy policy) {
    checkArgument(policy != null, "policy must not be null");
    return new ParseJson<>(target, eventTime, policy, maxPayloadBytes, position);
  }

  /** Lines over this many UTF-8 bytes are dead-lettered; default 1 MiB. Must be positive. */
  public ParseJson<T> withMaxPayloadBytes(int maxPayloadBytes) {
    checkArgument(maxPayloadBytes > 0, "maxPayloadBytes must be positive, got %s", maxPayloadBytes);
    return new ParseJson<>(target, eventTime, nonFinite, maxPayloadBytes, position);
  }

  /**
   * Fills the fields {@code sourceField} (a {@code STRING}) and {@code lineField} (an {@code
   * INT64}) of each record with the input position of its line (file or Kafka partition, and line
   * number or offset) instead of reading them from the JSON, so records can be traced back to
   * their line later (e.g. {@code MonitorSensors.withPositionFields}).
   *
   * @throws IllegalArgumentException if a name is null or empty, or both names are the same; at
   *     expansion, if the schema lacks either field or has it with another type
   */
  public ParseJson<T> withPositionFields(String sourceField, String lineField) {
    return new ParseJson<>(
        target, eventTime, nonFinite, maxPayloadBytes, PositionFields.of(sourceField, lineField));
  }

  @Override
  public ParseResult<T> expand(PCollection<SourceLine> lines) {
    Schema schema = target.schema(lines.getPipeline());
    Schema payloadSchema = position == null ? schema : position.payloadSchema(schema);
    LineParser<Row> parser =
        new JsonRecordParser(new RecordRules(payloadSchema, eventTime, nonFinite, maxPayloadBytes));
    if (position != null) {
      parser = position.around(parser, schema);
    }
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
        .add(DisplayData.item("maxPayloadBytes", maxPayloadBytes))
        .addIfNotNull(DisplayData.item("positionFields", position == null ? null : position.toString()));
  }
}
