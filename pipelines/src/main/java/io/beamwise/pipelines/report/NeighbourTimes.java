package io.beamwise.pipelines.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Times for dead letters whose own time is unreadable: the event time of the nearest scored line
 * of the same source before it (after it when there is none before), found in one pass over the
 * scores. Lines of one source are read in arrival order, so that reading came in next to it.
 */
final class NeighbourTimes {

  private static final class Source {
    final long[] lines;
    final long[] beforeLine;
    final long[] beforeTime;
    final long[] afterLine;
    final long[] afterTime;

    Source(long[] lines) {
      this.lines = lines;
      beforeLine = new long[lines.length];
      beforeTime = new long[lines.length];
      afterLine = new long[lines.length];
      afterTime = new long[lines.length];
      Arrays.fill(beforeLine, Long.MIN_VALUE);
      Arrays.fill(afterLine, Long.MAX_VALUE);
    }
  }

  private final Map<String, Source> sources = new HashMap<>();

  /** Looks for neighbours of these dead letters (sources and lines). */
  NeighbourTimes(List<DeadLetterRow> wanted) {
    Map<String, List<Long>> lines = new HashMap<>();
    for (DeadLetterRow d : wanted) {
      if (d.source() != null) {
        lines.computeIfAbsent(d.source(), k -> new ArrayList<>()).add(d.line());
      }
    }
    lines.forEach(
        (source, l) ->
            sources.put(source, new Source(l.stream().mapToLong(Long::longValue).sorted().distinct().toArray())));
  }

  boolean isEmpty() {
    return sources.isEmpty();
  }

  /** Offers one scored reading as a neighbour. */
  void offer(ScoreRow r) {
    Source s = r.source() == null ? null : sources.get(r.source());
    if (s == null) {
      return;
    }
    int i = Arrays.binarySearch(s.lines, r.line());
    // the first dead letter after this line, and the last one before it
    int next = i >= 0 ? i + 1 : -i - 1;
    int previous = i >= 0 ? i - 1 : -i - 2;
    if (next < s.lines.length && r.line() > s.beforeLine[next]) {
      s.beforeLine[next] = r.line();
      s.beforeTime[next] = r.time();
    }
    if (previous >= 0 && r.line() < s.afterLine[previous]) {
      s.afterLine[previous] = r.line();
      s.afterTime[previous] = r.time();
    }
  }

  /** The neighbour's time for a dead letter at {@code line} of {@code source}, or {@code NO_TIME}. */
  long timeOf(String source, long line) {
    Source s = source == null ? null : sources.get(source);
    if (s == null) {
      return DeadLetterPlacement.NO_TIME;
    }
    int i = Arrays.binarySearch(s.lines, line);
    if (i < 0) {
      return DeadLetterPlacement.NO_TIME;
    }
    if (s.beforeLine[i] != Long.MIN_VALUE) {
      return s.beforeTime[i];
    }
    return s.afterLine[i] != Long.MAX_VALUE ? s.afterTime[i] : DeadLetterPlacement.NO_TIME;
  }
}
