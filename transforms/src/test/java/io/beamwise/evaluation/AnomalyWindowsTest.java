package io.beamwise.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.evaluation.AnomalyWindows.Window;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnomalyWindowsTest {

  @Test
  void parsesNabJsonAndSortsWindows() {
    String json =
        "{\"realKnownCause/a.csv\": [[\"2014-03-29 15:00:00.000000\", \"2014-04-20 22:00:00.000000\"],"
            + " [\"2013-12-15 07:00:00.000000\", \"2013-12-30 09:00:00.000000\"]],"
            + " \"realKnownCause/b.csv\": []}";
    AnomalyWindows w = AnomalyWindows.parse(json);
    assertEquals(2, w.fileCount());
    assertEquals(2, w.windowCount());
    List<Window> a = w.windows("realKnownCause/a.csv");
    assertEquals(LocalDateTime.of(2013, 12, 15, 7, 0), a.get(0).start());
    assertEquals(LocalDateTime.of(2014, 4, 20, 22, 0), a.get(1).end());
    assertTrue(w.windows("realKnownCause/b.csv").isEmpty());
    assertTrue(w.windows("missing.csv").isEmpty());
  }

  @Test
  void parsesTimestampsWithAndWithoutFraction() {
    LocalDateTime t = LocalDateTime.of(2014, 7, 1, 0, 30);
    assertEquals(t, AnomalyWindows.parseTimestamp("2014-07-01 00:30:00"));
    assertEquals(t, AnomalyWindows.parseTimestamp("2014-07-01 00:30:00.000000"));
    assertEquals(t, AnomalyWindows.parseTimestamp("2014-07-01T00:30:00"));
    assertEquals(
        t.plusNanos(500_000), AnomalyWindows.parseTimestamp("2014-07-01 00:30:00.000500"));
    assertThrows(IllegalArgumentException.class, () -> AnomalyWindows.parseTimestamp("07/01/2014"));
  }

  @Test
  void windowContainsBothEnds() {
    Window w = Window.of("2014-07-01 00:00:00", "2014-07-01 02:00:00");
    assertTrue(w.contains(w.start()));
    assertTrue(w.contains(w.end()));
    assertFalse(w.contains(w.end().plusSeconds(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> Window.of("2014-07-02 00:00:00", "2014-07-01 00:00:00"));
  }

  @Test
  void rejectsMalformedJson() {
    assertThrows(IllegalArgumentException.class, () -> AnomalyWindows.parse("[]"));
    assertThrows(
        IllegalArgumentException.class,
        () -> AnomalyWindows.parse("{\"a.csv\": [[\"2014-07-01 00:00:00\"]]}"));
  }
}
