package io.beamwise.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.anomaly.detectors.Detector;
import io.beamwise.anomaly.detectors.DetectorSpec;
import io.beamwise.anomaly.detectors.RollingZScore;
import io.beamwise.anomaly.detectors.ValueRange;
import java.util.Map;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExpectedRangeTest {

  @Test
  void valueRangeParsesValidatesAndWidens() throws Exception {
    assertEquals(ValueRange.of(0, 100), ValueRange.parse("0:100"));
    assertEquals(ValueRange.of(-5.5, 1000), ValueRange.parse(" -5.5:1e3 "));
    assertEquals(ValueRange.of(-3, -1), ValueRange.parse("-3:-1"));
    assertEquals(ValueRange.of(2, 2), ValueRange.parse("2:2"));
    assertEquals(ValueRange.of(-1, 9), ValueRange.of(0, 5).including(9).including(-1));
    assertEquals(ValueRange.of(0, 5), ValueRange.of(0, 5).including(3));
    assertEquals(ValueRange.of(-1, 7), ValueRange.of(0, 7).span(ValueRange.of(-1, 2)));
    assertTrue(ValueRange.of(0, 5).contains(5) && !ValueRange.of(0, 5).contains(5.01));
    for (ValueRange r : new ValueRange[] {ValueRange.of(-1.5, 3), ValueRange.of(7, 7)}) {
      assertEquals(r, CoderUtils.decodeFromByteArray(ValueRange.coder(), CoderUtils.encodeToByteArray(ValueRange.coder(), r)));
    }
    ValueRange.coder().verifyDeterministic();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "a:b", "5:1", "0:NaN", "-Infinity:0", "1:2:3"})
  void badRangesAreRejectedWithTheText(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExpectedRange.parse(text));
    assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    assertTrue(e.getMessage().contains("learned, input or MIN:MAX"), e.getMessage());
  }

  @Test
  void sourcesGiveEachSensorItsRange() {
    assertEquals(ExpectedRange.learned(), ExpectedRange.parse("learned"));
    assertEquals(ExpectedRange.ofInput(), ExpectedRange.parse("INPUT"));
    assertEquals(ExpectedRange.fixed(ValueRange.of(0, 10)), ExpectedRange.parse("0:10"));
    assertNull(ExpectedRange.learned().forSensor("s"));
    assertNull(ExpectedRange.ofInput().forSensor("s"));
    assertEquals(ValueRange.of(0, 10), ExpectedRange.parse("0:10").forSensor("any"));
    ExpectedRange per = ExpectedRange.perSensor(Map.of("a", ValueRange.of(1, 2)));
    assertEquals(ValueRange.of(1, 2), per.forSensor("a"));
    assertNull(per.forSensor("b"));
    assertEquals("per-sensor(1 sensors)", per.describe());
    assertEquals("learned", ExpectedRange.learned().describe());
    assertEquals("input", ExpectedRange.ofInput().toString());
    assertEquals("0.0:10.0", ExpectedRange.parse("0:10").describe());
  }

  @Test
  void detectorsThatUseNoRangeIgnoreIt() {
    DetectorSpec z = RollingZScore.spec(10);
    Detector given = z.create(ValueRange.of(0, 1));
    Detector plain = z.create();
    for (int i = 0; i < 50; i++) {
      double v = i % 7 + (i == 40 ? 100 : 0);
      assertEquals(plain.isReady(), given.isReady());
      if (plain.isReady()) {
        assertEquals(plain.score(v), given.score(v));
      }
      plain.learn(v);
      given.learn(v);
    }
  }
}
