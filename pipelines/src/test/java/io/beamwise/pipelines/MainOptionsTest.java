package io.beamwise.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.pipelines.sensormonitor.SensorMonitorOptions;
import org.junit.jupiter.api.Test;

class MainOptionsTest {

  @Test
  void aMainOptionShowsItsDefaultAndDescription() {
    String text = MainOptions.describe(SensorMonitorOptions.class, "keyField");
    assertEquals("  --keyField=sensor", text.lines().findFirst().orElseThrow());
    assertTrue(text.contains("sensor id"), text);
    assertTrue(MainOptions.describe(SensorMonitorOptions.class, "report").startsWith("  --report=false"));
  }

  @Test
  void anUnknownOptionIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> MainOptions.describe(SensorMonitorOptions.class, "nope"));
  }
}
