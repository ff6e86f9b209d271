package io.beamwise.io.kafka;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import org.apache.beam.sdk.values.KV;

/**
 * Releases numbered records strictly in number order, once each: what {@link
 * ExactlyOnceKafkaSink}'s writer does with each arriving record of a shard. Plain and stateless;
 * the writer keeps {@code next} and the waiting records in Beam state.
 *
 * @param <T> the record
 */
final class InOrderRelease<T> {

  /** What to write now (in order), the next number to expect, and the records still waiting. */
  record Step<T>(List<T> release, long next, List<KV<Long, T>> waiting, int skipped) {}

  private InOrderRelease() {}

  /**
   * The step for record {@code id} arriving when {@code next} is expected and everything up to
   * {@code written} (inclusive; -1: nothing) is known to be written already.
   *
   * @param waiting records that arrived ahead of a gap, in any order (not modified)
   */
  static <T> Step<T> arrive(long id, T record, long next, long written, List<KV<Long, T>> waiting) {
    long expected = Math.max(next, written + 1);
    if (id < expected) {
      return new Step<>(List.of(), next, waiting, 1); // already written (a replay)
    }
    if (id > expected) {
      List<KV<Long, T>> more = new ArrayList<>(waiting);
      more.add(KV.of(id, record));
      return new Step<>(List.of(), next, more, 0);
    }
    List<T> release = new ArrayList<>();
    release.add(record);
    long n = id + 1;
    TreeMap<Long, T> sorted = new TreeMap<>();
    waiting.forEach(kv -> sorted.put(kv.getKey(), kv.getValue()));
    List<KV<Long, T>> still = new ArrayList<>();
    int skipped = 0;
    for (var w : sorted.entrySet()) {
      if (w.getKey() < n) {
        skipped++;
      } else if (w.getKey() == n) {
        release.add(w.getValue());
        n++;
      } else {
        still.add(KV.of(w.getKey(), w.getValue()));
      }
    }
    return new Step<>(
        Collections.unmodifiableList(release), n, Collections.unmodifiableList(still), skipped);
  }
}
