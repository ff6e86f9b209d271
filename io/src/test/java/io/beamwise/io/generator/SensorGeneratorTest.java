package io.beamwise.io.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.io.files.ReadLinesWithPosition;
import io.beamwise.parse.ParseOutcome;
import io.beamwise.parse.JsonReadingParser;
import io.beamwise.parse.SensorReading;
import io.beamwise.parse.SourceLine;
import java.time.ZoneOffset;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class SensorGeneratorTest {

  @Test
  void sameSeedSameStreamOtherSeedOtherStream() {
    SensorGenerator a = SensorGenerator.of(42, 3, 8);
    SensorGenerator b = SensorGenerator.of(42, 3, 8);
    SensorGenerator c = SensorGenerator.of(43, 3, 8);
    int differing = 0;
    for (long i = 0; i < a.size(); i += 97) {
      assertEquals(a.jsonLine(i), b.jsonLine(i));
      differing += a.valueOf(i) != c.valueOf(i) ? 1 : 0;
    }
    assertTrue(differing > 0);
    assertEquals(a.anomalies().toString(), b.anomalies().toString());
    assertNotEquals(a.anomalies().toString(), c.anomalies().toString());
  }

  @Test
  void shapeIsAWeekOrMoreOfFiveMinuteReadingsInterleavedBySensor() {
    SensorGenerator g = SensorGenerator.of(1, 3, 8);
    assertEquals(3 * 8 * 288, g.size());
    assertEquals("sensor-01", g.sensorOf(0));
    assertEquals("sensor-03", g.sensorOf(2));
    assertEquals(g.timestampOf(0), g.timestampOf(2));
    assertEquals(g.timestampOf(0).plus(Duration.standardMinutes(5)), g.timestampOf(3));
    assertEquals(Instant.parse("2024-01-01T00:00:00Z"), g.timestampOf(0));
  }

  @Test
  void everyLineParsesAsJsonLines() {
    SensorGenerator g = SensorGenerator.of(9, 2, 3);
    JsonReadingParser parser = new JsonReadingParser(ZoneOffset.UTC);
    for (long i = 0; i < g.size(); i++) {
      ParseOutcome<SensorReading> o = parser.parse(SourceLine.of(GenerateSensorLines.SOURCE, i + 1, g.jsonLine(i)));
      assertEquals(ParseOutcome.Kind.RECORD, o.kind(), o.toString());
      assertEquals(g.timestampOf(i), o.value().getTimestamp());
      assertEquals(g.valueOf(i), o.value().getValue(), 0.0);
    }
  }

  @Test
  void anomaliesStandOutFromTheDailyCycleAndComeAfterWarmUp() {
    SensorGenerator g = SensorGenerator.of(42, 3, 8);
    assertEquals(9, g.anomalies().size());
    for (SensorGenerator.Anomaly a : g.anomalies()) {
      assertTrue(a.step >= 2 * 288, "after two days: " + a);
      int k = Integer.parseInt(a.sensor.substring("sensor-".length())) - 1;
      // Range of this sensor's values over the day before the anomaly.
      double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
      for (long s = a.step - 288; s < a.step; s++) {
        double v = g.valueOf(s * 3 + k);
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      double v = g.valueOf(a.step * 3 + k);
      assertTrue(v > max + (max - min) || v < min - (max - min), a + " value " + v + " vs [" + min + ", " + max + "]");
    }
  }

  @Test
  void parametersAreValidated() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SensorGenerator.of(1, 0, 8));
    assertTrue(e.getMessage().contains("sensors"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SensorGenerator.of(1, 3, 1));
    assertTrue(e.getMessage().contains("days"), e.getMessage());
    assertEquals("beamwise.io", ReadLinesWithPosition.METRICS_NAMESPACE);
  }
}
