package io.beamwise.benchmarks.prototypes.htm;

/**
 * A periodic encoder of the UTC time of day: {@code w} consecutive bits (wrapping around) of
 * {@code n = ceil(w · 24 / radiusHours)}, so two times {@code radiusHours} apart share no bit and
 * closer times share bits in proportion to their closeness (source: S. Purdy, "Encoding Data for
 * HTM Systems", arXiv:1602.05925, 2016, periodic scalar and date encoders; NAB's HTM run encodes the
 * time of day with w = 21 and a radius of 9.49 hours; our own code).
 */
final class TimeOfDayEncoder {
  private static final long DAY_MS = 86_400_000L;
  private final int n;
  private final int w;

  TimeOfDayEncoder(int w, double radiusHours) {
    this.w = w;
    this.n = (int) Math.ceil(w * 24.0 / radiusHours);
  }

  int width() {
    return n;
  }

  /** Writes the active bits of the time of day of {@code epochMillis} (UTC), shifted by {@code at}. */
  int encode(long epochMillis, int[] out, int from, int at) {
    double dayFraction = Math.floorMod(epochMillis, DAY_MS) / (double) DAY_MS;
    int first = (int) Math.floor(dayFraction * n) - w / 2;
    for (int i = 0; i < w; i++) {
      out[from + i] = at + Math.floorMod(first + i, n);
    }
    return from + w;
  }
}
