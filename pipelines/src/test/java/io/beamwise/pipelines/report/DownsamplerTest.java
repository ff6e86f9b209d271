package io.beamwise.pipelines.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DownsamplerTest {

  private static Point p(long t, double v, double s) {
    return new Point(t, v, s, 0.7);
  }

  @Test
  void eachBucketKeepsFirstLastLowestHighestAndTopScore() {
    // one bucket of 10 ms: times 0..9
    Downsampler d = new Downsampler(0, 9, 1);
    d.add(p(0, 5, 0.1)); // first
    d.add(p(3, -2, 0.2)); // lowest
    d.add(p(5, 1, 0.9)); // top score
    d.add(p(6, 8, 0.3)); // highest
    d.add(p(7, 4, 0.1)); // dropped
    d.add(p(9, 3, 0.0)); // last
    List<Long> times = d.points().stream().map(Point::time).toList();
    assertEquals(List.of(0L, 3L, 5L, 6L, 9L), times);
    assertEquals(6, d.added());
  }

  @Test
  void theResultDoesNotDependOnArrivalOrder() {
    Random random = new Random(7);
    List<Point> all = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      all.add(p(i * 60_000L, Math.round(random.nextGaussian() * 10), random.nextInt(5) / 4.0));
    }
    Downsampler inOrder = new Downsampler(0, 9_999 * 60_000L, 100);
    all.forEach(inOrder::add);
    Collections.shuffle(all, random);
    Downsampler shuffled = new Downsampler(0, 9_999 * 60_000L, 100);
    all.forEach(shuffled::add);
    assertEquals(inOrder.points(), shuffled.points());
    assertTrue(inOrder.points().size() <= 5 * 100, "at most 5 points per bucket");
    double max = all.stream().mapToDouble(Point::value).max().orElseThrow();
    double min = all.stream().mapToDouble(Point::value).min().orElseThrow();
    assertTrue(inOrder.points().stream().anyMatch(x -> x.value() == max), "global maximum kept");
    assertTrue(inOrder.points().stream().anyMatch(x -> x.value() == min), "global minimum kept");
  }

  @Test
  void timesOutsideTheSpanGoToTheEdgeBuckets() {
    Downsampler d = new Downsampler(1000, 1999, 10);
    assertEquals(0, d.bucketOf(-5));
    assertEquals(9, d.bucketOf(5000));
    assertEquals(4, d.bucketOf(1450));
  }

  @Test
  void nonFiniteValuesAreNeverExtremes() {
    Downsampler d = new Downsampler(0, 9, 1);
    d.add(p(0, Double.NaN, 0));
    d.add(p(5, 2, 0));
    d.add(p(9, 3, 0));
    List<Point> kept = d.points();
    assertEquals(3, kept.size()); // first (NaN), low 2, high/last 3
    assertEquals(2.0, kept.get(1).value());
  }

  @Test
  void rejectsAnEmptySpanOrNoBuckets() {
    assertThrows(IllegalArgumentException.class, () -> new Downsampler(10, 9, 5));
    assertThrows(IllegalArgumentException.class, () -> new Downsampler(0, 9, 0));
  }
}
