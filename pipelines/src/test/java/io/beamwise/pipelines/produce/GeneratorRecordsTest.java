package io.beamwise.pipelines.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.beamwise.io.generator.SensorGenerator;
import io.beamwise.parse.JsonReadingParser;
import io.beamwise.parse.ParseOutcome;
import io.beamwise.parse.SensorReading;
import io.beamwise.parse.SourceLine;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class GeneratorRecordsTest {

  private final SensorGenerator generator = SensorGenerator.of(42, 3, 3);
  private final JsonReadingParser parser = new JsonReadingParser(ZoneOffset.UTC);

  @Test
  void everyNthRecordIsMalformedAndTheParserGivesTheDeclaredReason() {
    GeneratorRecords records = new GeneratorRecords(generator, 1000L, 10);
    assertEquals(1000, records.size());
    assertEquals(100, records.malformedCount());
    Map<String, Integer> reasons = new TreeMap<>();
    long parsed = 0;
    for (long i = 0; i < records.size(); i++) {
      assertEquals(generator.sensorOf(i), records.key(i));
      ParseOutcome<SensorReading> o = parser.parse(SourceLine.of("t", i, records.value(i)));
      if (records.isMalformed(i)) {
        assertEquals(ParseOutcome.Kind.FAILURE, o.kind(), records.value(i));
        long k = (i + 1) / 10 - 1;
        assertEquals(GeneratorRecords.MALFORMED_REASONS[(int) (k % 4)], o.reason(), records.value(i));
        reasons.merge(o.reason(), 1, Integer::sum);
      } else {
        assertEquals(ParseOutcome.Kind.RECORD, o.kind(), records.value(i));
        assertEquals(generator.jsonLine(i), records.value(i));
        parsed++;
      }
    }
    assertEquals(900, parsed);
    assertEquals(
        Map.of("bad_timestamp", 25, "malformed_json", 25, "missing_field", 25, "bad_value", 25), reasons);
  }

  @Test
  void withoutMalformedOrLimitItIsTheWholeGeneratorStream() {
    GeneratorRecords records = new GeneratorRecords(generator, null, 0);
    assertEquals(generator.size(), records.size());
    assertEquals(0, records.malformedCount());
    assertEquals(generator.jsonLine(records.size() - 1), records.value(records.size() - 1));
    assertThrows(IllegalArgumentException.class, () -> new GeneratorRecords(generator, 0L, 0));
    assertThrows(IllegalArgumentException.class, () -> new GeneratorRecords(generator, null, -1));
  }
}
