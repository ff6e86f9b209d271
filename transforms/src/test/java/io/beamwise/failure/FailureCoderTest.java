package io.beamwise.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class FailureCoderTest {

  private static List<Failure> samples() {
    return List.of(
        Failure.of(
            "parse",
            Failure.Reasons.BAD_VALUE,
            "value 'abc' is not a number",
            new NumberFormatException("abc"),
            "/data/in/a.csv",
            17,
            "2024-01-01 00:00:00,abc",
            Instant.ofEpochMilli(1_704_067_200_123L)),
        Failure.of("score", Failure.Reasons.LATE_FOR_SCORING, "", null, "kafka:t/0", 0, null, new Instant(0)),
        // Truncated: payloadBytes keeps the original's size, which the coder must not recompute.
        Failure.of(
            "parse",
            Failure.Reasons.PAYLOAD_TOO_LARGE,
            "too long",
            null,
            "é 温度",
            Long.MAX_VALUE,
            "é".repeat(Failure.MAX_PAYLOAD_CHARS + 10),
            new Instant(-1)));
  }

  @Test
  void roundTripsEveryFieldAndIsDeterministic() throws Exception {
    for (Failure f : samples()) {
      CoderProperties.coderDecodeEncodeEqual(FailureCoder.of(), f);
      CoderProperties.coderDeterministic(FailureCoder.of(), f, f);
      CoderProperties.coderConsistentWithEquals(FailureCoder.of(), f, f);
      CoderProperties.structuralValueConsistentWithEquals(FailureCoder.of(), f, f);
      assertEquals(f.getPayloadBytes(), CoderUtils.clone(FailureCoder.of(), f).getPayloadBytes());
    }
    assertEquals(2 * (Failure.MAX_PAYLOAD_CHARS + 10), samples().get(2).getPayloadBytes());
    CoderProperties.coderSerializable(FailureCoder.of());
  }

  @Test
  void isSmallerThanTheSchemaCoder() throws Exception {
    Failure f = samples().get(0);
    int compact = CoderUtils.encodeToByteArray(FailureCoder.of(), f).length;
    int schema =
        CoderUtils.encodeToByteArray(SchemaRegistry.createDefault().getSchemaCoder(Failure.class), f).length;
    assertTrue(compact < schema, "compact " + compact + " bytes, schema coder " + schema);
  }

  @Test
  void refusesNullAndTruncatedInput() {
    assertThrows(CoderException.class, () -> CoderUtils.encodeToByteArray(FailureCoder.of(), null));
    assertThrows(
        CoderException.class, () -> CoderUtils.decodeFromByteArray(FailureCoder.of(), new byte[0]));
  }
}
