package io.beamwise.anomaly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.parse.SensorReading;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class AnomalyResultCoderTest {

  private static final SensorReading READING =
      SensorReading.create(
          "sensor-0042", Instant.ofEpochMilli(1_704_067_200_123L), 20.125, "/data/in/readings.jsonl", 7);

  private static List<AnomalyResult> results() {
    Map<String, Double> details = new LinkedHashMap<>();
    details.put("z", 4.5);
    details.put("mean", 20.0);
    details.put("std", Double.NaN);
    return List.of(
        AnomalyResult.of(READING, 0.0, AnomalyResult.WARMING_UP, 0.7, "zscore:288"),
        AnomalyResult.of(READING, 0.3, AnomalyResult.NORMAL, 0.7, "zscore:288"),
        AnomalyResult.create(READING, 0.91, AnomalyResult.ANOMALY, 0.7, "zscore:288", true, details),
        AnomalyResult.create(
            SensorReading.create("é ü 温度", Instant.ofEpochMilli(-1), -0.0, "", Long.MAX_VALUE),
            Double.MIN_VALUE,
            "custom label",
            0.0,
            "",
            false),
        AnomalyResult.createMultivariate(
            MultivariateReading.create(
                "machine-1", Instant.ofEpochMilli(5), List.of(1.0, -2.5, 1e300), "kafka:m/0", 12),
            0.75,
            AnomalyResult.ANOMALY,
            0.5,
            "mahalanobis",
            false,
            Map.of("d2", 9.0)));
  }

  @Test
  void roundTripsEveryFieldAndIsDeterministic() throws Exception {
    for (AnomalyResult r : results()) {
      CoderProperties.coderDecodeEncodeEqual(AnomalyResultCoder.of(), r);
      CoderProperties.coderDeterministic(AnomalyResultCoder.of(), r, r);
      CoderProperties.coderConsistentWithEquals(AnomalyResultCoder.of(), r, r);
      CoderProperties.structuralValueConsistentWithEquals(AnomalyResultCoder.of(), r, r);
      AnomalyResult back = CoderUtils.clone(AnomalyResultCoder.of(), r);
      assertEquals(r.getLabel(), back.getLabel());
      assertEquals(r.getIsAnomaly(), back.getIsAnomaly());
      assertEquals(Double.doubleToLongBits(r.getValue()), Double.doubleToLongBits(back.getValue()));
      assertEquals(Double.doubleToLongBits(r.getScore()), Double.doubleToLongBits(back.getScore()));
    }
    CoderProperties.coderSerializable(AnomalyResultCoder.of());
  }

  @Test
  void equalDetailsInAnotherOrderEncodeToTheSameBytes() throws Exception {
    Map<String, Double> a = new LinkedHashMap<>();
    a.put("z", 1.0);
    a.put("mean", 2.0);
    Map<String, Double> b = new HashMap<>();
    b.put("mean", 2.0);
    b.put("z", 1.0);
    AnomalyResult x = AnomalyResult.create(READING, 0.5, AnomalyResult.NORMAL, 0.7, "d", false, a);
    AnomalyResult y = AnomalyResult.create(READING, 0.5, AnomalyResult.NORMAL, 0.7, "d", false, b);
    assertEquals(x, y);
    CoderProperties.coderDeterministic(AnomalyResultCoder.of(), x, y);
    assertArrayEquals(
        CoderUtils.encodeToByteArray(AnomalyResultCoder.of(), x),
        CoderUtils.encodeToByteArray(AnomalyResultCoder.of(), y));
  }

  @Test
  void isSmallerThanTheSchemaCoder() throws Exception {
    AnomalyResult r = AnomalyResult.of(READING, 0.3, AnomalyResult.NORMAL, 0.7, "zscore:288");
    int compact = CoderUtils.encodeToByteArray(AnomalyResultCoder.of(), r).length;
    int schema =
        CoderUtils.encodeToByteArray(
                SchemaRegistry.createDefault().getSchemaCoder(AnomalyResult.class), r)
            .length;
    assertTrue(compact < schema, "compact " + compact + " bytes, schema coder " + schema);
  }

  @Test
  void refusesNullAndTruncatedInput() throws Exception {
    assertThrows(CoderException.class, () -> CoderUtils.encodeToByteArray(AnomalyResultCoder.of(), null));
    assertThrows(
        CoderException.class, () -> CoderUtils.decodeFromByteArray(AnomalyResultCoder.of(), new byte[0]));
  }
}
