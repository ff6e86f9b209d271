package io.beamwise.parse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.SchemaCoder;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class SensorReadingSchemaCoderTest {

  private static SchemaCoder<SensorReading> registered() throws Exception {
    return SchemaRegistry.createDefault().getSchemaCoder(SensorReading.class);
  }

  private static List<SensorReading> readings() {
    List<SensorReading> readings = new ArrayList<>();
    readings.add(SensorReading.create("sensor-0042", Instant.ofEpochMilli(1_704_067_200_123L), 20.125, "file:///a.jsonl", 7));
    readings.add(SensorReading.create("é ü 温度", Instant.ofEpochMilli(-1), -0.0, "", 0));
    readings.add(SensorReading.create("s", Instant.ofEpochMilli(Long.MAX_VALUE / 1000), Double.MIN_VALUE, "kafka:t/3", Long.MAX_VALUE));
    readings.add(SensorReading.create("n", Instant.ofEpochMilli(Long.MIN_VALUE / 1000), -1e300, "x".repeat(1000), -5));
    Random random = new Random(42);
    for (int i = 0; i < 1000; i++) {
      readings.add(
          SensorReading.create(
              "sensor-" + random.nextInt(100_000),
              Instant.ofEpochMilli(random.nextLong() / 1000),
              random.nextGaussian() * 1e6,
              "/data/readings-" + random.nextInt(10) + ".jsonl",
              random.nextLong()));
    }
    return readings;
  }

  @Test
  void writesAndReadsTheRegisteredSchemaCodersBytes() throws Exception {
    SchemaCoder<SensorReading> registered = registered();
    SchemaCoder<SensorReading> direct = SensorReadingSchemaCoder.wrap(registered);
    assertInstanceOf(SensorReadingSchemaCoder.class, direct);
    assertEquals(registered.getSchema(), direct.getSchema());
    for (SensorReading r : readings()) {
      byte[] want = CoderUtils.encodeToByteArray(registered, r);
      assertArrayEquals(want, CoderUtils.encodeToByteArray(direct, r), r.toString());
      assertEquals(r, CoderUtils.decodeFromByteArray(direct, want));
      assertEquals(r, CoderUtils.decodeFromByteArray(registered, CoderUtils.encodeToByteArray(direct, r)));
    }
    CoderProperties.coderSerializable(direct);
  }

  @Test
  void keepsTheSchemaAndItsRowConversions() throws Exception {
    SchemaCoder<SensorReading> direct = SensorReadingSchemaCoder.wrap(registered());
    SensorReading r = readings().get(0);
    Row row = direct.getToRowFunction().apply(r);
    assertEquals("sensor-0042", row.getString("sensor"));
    assertEquals(7L, row.getInt64("line"));
    assertEquals(r, direct.getFromRowFunction().apply(row));
  }

  @Test
  void leavesAnotherSchemaToTheRegisteredCoder() throws Exception {
    SchemaCoder<SensorReading> registered = registered();
    Schema other = Schema.builder().addStringField("sensor").addDoubleField("value").build();
    SchemaCoder<SensorReading> foreign =
        SchemaCoder.of(
            other,
            TypeDescriptor.of(SensorReading.class),
            registered.getToRowFunction(),
            registered.getFromRowFunction());
    assertSame(foreign, SensorReadingSchemaCoder.wrap(foreign));
  }

  @Test
  void rejectsEncodingsNoSensorReadingHas() throws Exception {
    SchemaCoder<SensorReading> direct = SensorReadingSchemaCoder.wrap(registered());
    CoderException fieldCount =
        assertThrows(CoderException.class, () -> CoderUtils.decodeFromByteArray(direct, new byte[] {4, 0}));
    assertTrue(fieldCount.getMessage().contains("5 fields"), fieldCount.getMessage());
    assertThrows(CoderException.class, () -> CoderUtils.decodeFromByteArray(direct, new byte[] {5, 1, 1}));
    assertThrows(CoderException.class, () -> CoderUtils.encodeToByteArray(direct, null));
  }
}
