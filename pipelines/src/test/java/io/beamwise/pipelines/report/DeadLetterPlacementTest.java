package io.beamwise.pipelines.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.util.List;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class DeadLetterPlacementTest {

  private final DeadLetterPlacement placement = new DeadLetterPlacement(ZoneId.of("UTC"));

  private static DeadLetterRow row(String reason, String source, long line, String payload) {
    return new DeadLetterRow("parse", reason, "m", source, line, payload);
  }

  private static long ms(String iso) {
    return Instant.parse(iso).getMillis();
  }

  @Test
  void readsTheSensorTimeAndValueOfAJsonPayload() {
    var p = placement.place(row("bad_value", "generator", 7,
        "{\"sensor\":\"sensor-02\",\"ts\":\"2024-01-03T10:00:00.000Z\",\"value\":\"n/a\"}"));
    assertEquals("sensor-02", p.sensor());
    assertEquals(ms("2024-01-03T10:00:00Z"), p.time());
    assertTrue(Double.isNaN(p.value()));
    var epoch = placement.place(row("missing_field", "f.jsonl", 1, "{\"sensor\":\"a\",\"ts\":1700000000000,\"value\":2.5}"));
    assertEquals(1_700_000_000_000L, epoch.time());
    assertEquals(2.5, epoch.value());
  }

  @Test
  void aTruncatedOrBadTimestampLeavesTheTimeUnknown() {
    var cut = placement.place(row("malformed_json", "generator", 9, "{\"sensor\":\"sensor-01\",\"ts\":\"2024-01-03T1"));
    assertEquals("sensor-01", cut.sensor());
    assertEquals(DeadLetterPlacement.NO_TIME, cut.time());
    var bad = placement.place(row("bad_timestamp", "generator", 9, "{\"sensor\":\"s\",\"ts\":\"2024-13-45T25:61:00Z\",\"value\":1}"));
    assertEquals(DeadLetterPlacement.NO_TIME, bad.time());
    var none = placement.place(row("malformed_json", "generator", 9, "{\"sen"));
    assertNull(none.sensor());
  }

  @Test
  void readsALateReadingAndANabCsvLine() {
    var late = placement.place(new DeadLetterRow("score", "late_for_scoring", "m", "f.csv", 3,
        "SensorReading{sensor=nyc_taxi, timestamp=2014-07-01T00:30:00.000Z, value=9485.0, source=f.csv, line=3}"));
    assertEquals("nyc_taxi", late.sensor());
    assertEquals(ms("2014-07-01T00:30:00Z"), late.time());
    assertEquals(9485.0, late.value());
    assertTrue(late.late());
    var csv = placement.place(row("bad_value", "/data/realKnownCause/nyc_taxi.csv", 12, "2014-07-01 05:30:00,abc"));
    assertEquals("nyc_taxi", csv.sensor());
    assertEquals(ms("2014-07-01T05:30:00Z"), csv.time());
  }

  @Test
  void neighbourTimesComeFromTheNearestScoredLineBeforeElseAfter() {
    NeighbourTimes n = new NeighbourTimes(List.of(row("x", "g", 5, ""), row("x", "g", 1, ""), row("x", "h", 5, "")));
    for (long line : new long[] {2, 3, 4, 6, 9}) {
      n.offer(new ScoreRow("s", line * 1000, 1, 0, 0.7, false, false, "normal", "g", line));
    }
    assertEquals(4000, n.timeOf("g", 5));
    assertEquals(2000, n.timeOf("g", 1), "nothing before line 1: the next line's");
    assertEquals(DeadLetterPlacement.NO_TIME, n.timeOf("h", 5));
  }
}
