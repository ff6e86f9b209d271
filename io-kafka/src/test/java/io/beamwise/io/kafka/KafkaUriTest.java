package io.beamwise.io.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class KafkaUriTest {

  @Test
  void parsesServersAndTopics() {
    KafkaUri uri = KafkaUri.parse("kafka://127.0.0.1:9092,127.0.0.1:9093/readings,more.readings");
    assertEquals("127.0.0.1:9092,127.0.0.1:9093", uri.bootstrapServers());
    assertEquals(List.of("readings", "more.readings"), uri.topics());
    assertEquals("kafka://127.0.0.1:9092,127.0.0.1:9093/readings,more.readings", uri.toString());
    assertTrue(KafkaUri.isKafka("kafka://x:1/t"));
    assertFalse(KafkaUri.isKafka("data/*.csv"));
  }

  @Test
  void rejectsWhatIsNotAKafkaLocationNamingThePart() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> KafkaUri.parse("kafka://127.0.0.1/readings"))
            .getMessage()
            .contains("'127.0.0.1' is not HOST:PORT"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> KafkaUri.parse("kafka://h:9092/bad topic"))
            .getMessage()
            .contains("topic 'bad topic'"));
    assertThrows(IllegalArgumentException.class, () -> KafkaUri.parse("kafka://h:9092/"));
    assertThrows(IllegalArgumentException.class, () -> KafkaUri.parse("file.csv"));
  }
}
