package io.beamwise.pipelines.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartDataTest {

  private static String value(double d) {
    StringBuilder sb = new StringBuilder();
    ChartData.value(sb, d);
    return sb.toString();
  }

  @Test
  void valuesKeepSevenSignificantDigits() {
    assertEquals("10844", value(10844.0));
    assertEquals("0.1234568", value(0.123456789));
    assertEquals("-85.12346", value(-85.123456));
    assertEquals("123456800", value(123456789.0));
    assertEquals("0", value(0));
    assertEquals("null", value(Double.NaN));
  }

  @Test
  void timesAreDeltasAndTheTextIsSafeInAScriptElement() throws Exception {
    SensorSeries s = new SensorSeries("</script><b>", 10, false);
    s.addWindow(new WindowRow("</script><b>", 0, 3_600_000, 2, 5.5, 4, 0));
    s.windowsDone();
    s.addScore(new ScoreRow("</script><b>", 1000, 1.5, 0.2, 0.7, false, false, "normal", "f", 1));
    s.addScore(new ScoreRow("</script><b>", 4000, 9.5, 0.9, 0.7, true, false, "anomaly", "f", 2));
    s.finish();
    String json = ChartData.of(List.of(s));
    assertFalse(json.contains("</"), json);
    JsonNode sensor = new ObjectMapper().readTree(json).get("sensors").get(0);
    assertEquals("</script><b>", sensor.get("id").asText());
    assertEquals(1000, sensor.get("t0").asLong());
    assertEquals("[0,3000]", sensor.get("p").get("dt").toString());
    assertEquals("[3000]", sensor.get("a").get("dt").toString());
    assertEquals(0.7, sensor.get("th").asDouble());
    JsonNode band = sensor.get("b");
    assertEquals("[-1000]", band.get("dt").toString()); // the window starts before t0
    assertEquals("[3600000]", band.get("d").toString());
    assertEquals("[1.5]", band.get("lo").toString());
    assertEquals("[9.5]", band.get("hi").toString());
  }
}
