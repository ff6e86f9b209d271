package io.beamwise.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.beamwise.pipelines.sensormonitor.SensorMonitorOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void anOptionGivenTwiceIsNamed() {
    String[] args = {"--input=a.csv", "--output=x", "--window=tumbling:1h", "--output=y"};
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> PipelineOptionsFactory.fromArgs(args).as(SensorMonitorOptions.class));
    assertEquals(
        "--output is given 2 times (--output=x --output=y); give it once", Main.explain(e.getMessage(), args));
  }

  @Test
  void otherMessagesPassUnchanged() {
    assertEquals("--window: bad", Main.explain("--window: bad", new String[] {"--window=a", "--window=b"}));
  }
}
