package io.beamwise.parse;

import java.time.ZoneId;
import java.util.Locale;

/**
 * Chooses the parser from the source name: {@code .csv} (also compressed, {@code .csv.gz}) is NAB CSV ({@link NabCsvParser}); any
 * other source (for example {@code .jsonl}, {@code .ndjson}, {@code .json} or the generator) is
 * JSON Lines ({@link JsonReadingParser}). Both read zone-less timestamps in {@code zone}.
 */
public final class ParserByExtension implements LineParser<SensorReading> {

  private static final long serialVersionUID = 1L;

  private final NabCsvParser csv;
  private final JsonReadingParser json;

  public ParserByExtension(ZoneId zone) {
    this(zone, new JsonReadingParser(zone));
  }

  /** NAB CSV in {@code zone}, and JSON Lines with {@code json} (e.g. other field names). */
  public ParserByExtension(ZoneId zone, JsonReadingParser json) {
    this.csv = new NabCsvParser(zone);
    this.json = json;
  }

  @Override
  public ParseOutcome<SensorReading> parse(SourceLine line) {
    return NabCsvParser.withoutCompressionSuffix(line.getSource()).toLowerCase(Locale.ROOT).endsWith(".csv")
        ? csv.parse(line)
        : json.parse(line);
  }
}
