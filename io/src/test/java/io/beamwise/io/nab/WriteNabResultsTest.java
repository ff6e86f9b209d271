package io.beamwise.io.nab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.beamwise.anomaly.AnomalyResult;
import io.beamwise.parse.SensorReading;
import io.beamwise.testing.TestPipelineExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TestPipelineExtension.class)
class WriteNabResultsTest {

  @TempDir Path dir;

  @Test
  void writesOneFilePerSourceInLineOrderWithTheInputsLocalTimestamps(TestPipeline p)
      throws IOException {
    String source = "/data/realKnownCause/nyc_taxi.csv";
    // Read in New York time: 2014-07-01 00:30 local is 04:30 UTC.
    AnomalyResult line3 =
        AnomalyResult.of(
            SensorReading.create("nyc_taxi", Instant.parse("2014-07-01T04:30:00Z"), 8127, source, 3),
            0.25,
            AnomalyResult.NORMAL,
            0.7,
            "test");
    AnomalyResult line2 =
        AnomalyResult.of(
            SensorReading.create("nyc_taxi", Instant.parse("2014-07-01T04:00:00Z"), 10844, source, 2),
            0.0,
            AnomalyResult.WARMING_UP,
            0.7,
            "test");
    AnomalyResult other =
        AnomalyResult.of(
            SensorReading.create("x", Instant.parse("2014-07-01T04:00:00Z"), 73.96732207, "/d/x.csv", 2),
            0.9,
            AnomalyResult.ANOMALY,
            0.7,
            "test");
    String out = dir.resolve("nab").toString();
    PAssert.that(
            p.apply(Create.of(line3, line2, other))
                .apply(WriteNabResults.to(out, ZoneId.of("America/New_York"))))
        .containsInAnyOrder(KV.of(out + "/nyc_taxi.csv", 2L), KV.of(out + "/x.csv", 1L));
    p.run().waitUntilFinish();

    assertEquals(
        List.of(
            "timestamp,value,anomaly_score",
            "2014-07-01 00:00:00,10844,0.0",
            "2014-07-01 00:30:00,8127,0.25"),
        Files.readAllLines(dir.resolve("nab/nyc_taxi.csv")));
    assertEquals(
        List.of("timestamp,value,anomaly_score", "2014-07-01 00:00:00,73.96732207,0.9"),
        Files.readAllLines(dir.resolve("nab/x.csv")));
  }

  @Test
  void valuesAreWrittenInPlainDecimal() {
    assertEquals("10844", WriteNabResults.formatValue(10844.0));
    assertEquals("0.0001", WriteNabResults.formatValue(1e-4));
    assertEquals("-2.5", WriteNabResults.formatValue(-2.5));
    assertEquals("0", WriteNabResults.formatValue(-0.0));
    assertEquals("12345678901234", WriteNabResults.formatValue(1.2345678901234E13));
  }
}
