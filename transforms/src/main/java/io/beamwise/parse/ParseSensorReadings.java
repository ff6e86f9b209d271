package io.beamwise.parse;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.time.ZoneId;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;

/**
 * Parses {@link SourceLine}s into {@link SensorReading}s whose element timestamp is the event time
 * from the payload; every line that cannot be parsed becomes a {@link io.beamwise.failure.Failure}
 * in {@link ParseResult#failures()}. No exception escapes for any input and no line is dropped
 * silently: {@code lines in = output + failures + header lines}.
 *
 * <pre>{@code
 * ParseResult<SensorReading> parsed = lines.apply(ParseSensorReadings.nabCsv(ZoneOffset.UTC));
 * parsed.output();    // PCollection<SensorReading>, timestamped by event time
 * parsed.failures();  // PCollection<Failure>, stage "parse"
 * }</pre>
 *
 * <p>Metrics as for {@link ParseJson}: namespace {@code beamwise.parse}, {@code parsed}, {@code
 * headers}, {@code failed}, {@code failed_<reason>}.
 */
public final class ParseSensorReadings
    extends PTransform<PCollection<SourceLine>, ParseResult<SensorReading>> {

  public static final String METRICS_NAMESPACE = ParseLines.METRICS_NAMESPACE;
  public static final String STAGE = ParseLines.STAGE;

  private final LineParser<SensorReading> parser;

  private ParseSensorReadings(LineParser<SensorReading> parser) {
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

  /**
   * NAB CSV for sources ending in {@code .csv} (zone-less timestamps in {@code zone}), JSON Lines
   * read by {@code json} (e.g. {@link JsonReadingParser#JsonReadingParser(String, String,
   * EventTime)} for other field names) for every other source.
   */
  public static ParseSensorReadings byExtension(ZoneId zone, JsonReadingParser json) {
    checkArgument(json != null, "json parser must not be null");
    return with(new ParserByExtension(checkZone(zone), json));
  }

  /** Any {@link LineParser} of readings. */
  public static ParseSensorReadings with(LineParser<SensorReading> parser) {
    checkArgument(parser != null, "parser must not be null");
    return new ParseSensorReadings(parser);
  }

  private static ZoneId checkZone(ZoneId zone) {
    checkArgument(zone != null, "zone must not be null (use ZoneOffset.UTC for UTC)");
    return zone;
  }

  @Override
  public ParseResult<SensorReading> expand(PCollection<SourceLine> lines) {
    try {
      return lines.apply(
          "Parse readings",
          new ParseLines<>(
              parser,
              SensorReadingSchemaCoder.wrap(
                  lines.getPipeline().getSchemaRegistry().getSchemaCoder(SensorReading.class))));
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException("SensorReading has a schema", e);
    }
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("parser", parser.getClass().getName()).withLabel("Parser"));
  }
}
