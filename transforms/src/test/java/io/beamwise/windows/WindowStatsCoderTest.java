package io.beamwise.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.stats.Stats;
import java.util.List;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.util.CoderUtils;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class WindowStatsCoderTest {

  private static WindowStats stats(String key, PaneInfo.Timing timing, boolean last, Stats s) {
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    return WindowStats.of(
        new WindowResult<>(key, start, start.plus(3_600_000), timing, 3, last, s));
  }

  private static List<WindowStats> samples() {
    return List.of(
        stats("sensor-01", PaneInfo.Timing.ON_TIME, true, Stats.of(1.5, 2.5, -0.0, 1e300)),
        stats("é 温度", PaneInfo.Timing.EARLY, false, Stats.of(7.0)), // std dev NaN
        stats("", PaneInfo.Timing.LATE, true, Stats.of()), // empty: min/max infinite or NaN
        stats("k", PaneInfo.Timing.UNKNOWN, false, Stats.of(Double.MIN_VALUE, Double.MAX_VALUE)));
  }

  @Test
  void roundTripsEveryFieldAndIsDeterministic() throws Exception {
    for (WindowStats s : samples()) {
      CoderProperties.coderDecodeEncodeEqual(WindowStatsCoder.of(), s);
      CoderProperties.coderDeterministic(WindowStatsCoder.of(), s, s);
      CoderProperties.coderConsistentWithEquals(WindowStatsCoder.of(), s, s);
      CoderProperties.structuralValueConsistentWithEquals(WindowStatsCoder.of(), s, s);
      WindowStats back = CoderUtils.clone(WindowStatsCoder.of(), s);
      assertEquals(s.getTiming(), back.getTiming());
      assertEquals(Double.doubleToLongBits(s.getSum()), Double.doubleToLongBits(back.getSum()));
    }
    CoderProperties.coderSerializable(WindowStatsCoder.of());
  }

  @Test
  void isSmallerThanTheSchemaCoder() throws Exception {
    WindowStats s = samples().get(0);
    int compact = CoderUtils.encodeToByteArray(WindowStatsCoder.of(), s).length;
    int schema =
        CoderUtils.encodeToByteArray(SchemaRegistry.createDefault().getSchemaCoder(WindowStats.class), s)
            .length;
    assertTrue(compact < schema, "compact " + compact + " bytes, schema coder " + schema);
  }

  @Test
  void refusesNullAndTruncatedInput() {
    assertThrows(CoderException.class, () -> CoderUtils.encodeToByteArray(WindowStatsCoder.of(), null));
    assertThrows(
        CoderException.class, () -> CoderUtils.decodeFromByteArray(WindowStatsCoder.of(), new byte[0]));
  }
}
