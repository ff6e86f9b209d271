package io.beamwise.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class SensorReadingCoderTest {

  @Test
  void roundTripsEveryFieldExactly() throws Exception {
    SensorReading[] readings = {
      SensorReading.create("sensor-0042", Instant.ofEpochMilli(1_704_067_200_123L), 20.125, "file:///a.jsonl", 7),
      SensorReading.create("é ü 温度", Instant.ofEpochMilli(-1), -0.0, "", 0),
      SensorReading.create("s", Instant.ofEpochMilli(Long.MAX_VALUE / 1000), Double.MIN_VALUE, "kafka:t/3", Long.MAX_VALUE),
    };
    for (SensorReading r : readings) {
      CoderProperties.coderDecodeEncodeEqual(SensorReadingCoder.of(), r);
      CoderProperties.coderDeterministic(SensorReadingCoder.of(), r, r);
      SensorReading back =
          CoderUtils.decodeFromByteArray(
              SensorReadingCoder.of(), CoderUtils.encodeToByteArray(SensorReadingCoder.of(), r));
      assertEquals(Double.doubleToRawLongBits(r.getValue()), Double.doubleToRawLongBits(back.getValue()));
    }
    CoderProperties.coderSerializable(SensorReadingCoder.of());
  }

  @Test
  void refusesNull() {
    assertThrows(
        CoderException.class, () -> CoderUtils.encodeToByteArray(SensorReadingCoder.of(), null));
  }
}
