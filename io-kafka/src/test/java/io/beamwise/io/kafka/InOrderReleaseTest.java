package io.beamwise.io.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.values.KV;
import org.junit.jupiter.api.Test;

/** The exactly-once writer's ordering rule, without Kafka or a pipeline. */
class InOrderReleaseTest {

  @Test
  void releasesInOrderAndWaitsBehindAGap() {
    InOrderRelease.Step<String> s = InOrderRelease.arrive(0, "r0", 0, -1, List.of());
    assertEquals(List.of("r0"), s.release());
    assertEquals(1, s.next());
    s = InOrderRelease.arrive(3, "r3", 1, -1, List.of());
    assertEquals(List.of(), s.release());
    assertEquals(List.of(KV.of(3L, "r3")), s.waiting());
    s = InOrderRelease.arrive(2, "r2", 1, -1, s.waiting());
    assertEquals(List.of(KV.of(3L, "r3"), KV.of(2L, "r2")), s.waiting()); // arrival order
    s = InOrderRelease.arrive(1, "r1", 1, -1, s.waiting());
    assertEquals(List.of("r1", "r2", "r3"), s.release());
    assertEquals(4, s.next());
    assertEquals(List.of(), s.waiting());
  }

  @Test
  void skipsWhatKafkaAlreadyHasAndReplays() {
    // Restored state says 5 is next, Kafka says 7 was committed (the last batch made it).
    InOrderRelease.Step<String> s = InOrderRelease.arrive(5, "r5", 5, 7, List.of());
    assertEquals(List.of(), s.release());
    assertEquals(1, s.skipped());
    s = InOrderRelease.arrive(8, "r8", 5, 7, List.of());
    assertEquals(List.of("r8"), s.release());
    assertEquals(9, s.next());
    s = InOrderRelease.arrive(8, "again", 9, 7, List.of());
    assertEquals(List.of(), s.release());
    assertEquals(1, s.skipped());
  }

  @Test
  void anyArrivalOrderWritesEachRecordOnceInOrder() {
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      List<Long> ids = new ArrayList<>();
      for (long i = 0; i < 50; i++) {
        ids.add(i);
        if (random.nextInt(5) == 0) {
          ids.add(i); // a duplicate delivery
        }
      }
      Collections.shuffle(ids, random);
      long next = 0;
      List<KV<Long, String>> waiting = List.of();
      List<String> written = new ArrayList<>();
      for (long id : ids) {
        InOrderRelease.Step<String> s = InOrderRelease.arrive(id, "r" + id, next, -1, waiting);
        written.addAll(s.release());
        next = s.next();
        waiting = s.waiting();
      }
      List<String> expected = new ArrayList<>();
      for (long i = 0; i < 50; i++) {
        expected.add("r" + i);
      }
      assertEquals(expected, written, "round " + round);
      assertEquals(List.of(), waiting);
    }
  }
}
