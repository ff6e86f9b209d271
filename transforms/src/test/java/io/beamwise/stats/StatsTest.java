package io.beamwise.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.testing.CombineFnTester;
import org.apache.beam.sdk.util.CoderUtils;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.Test;

class StatsTest {

  // ---------------------------------------------------------------- reference implementation

  /** Straightforward two-pass statistics over the non-NaN values. */
  static final class Reference {
    final long count;
    final long nanCount;
    final double sum;
    final double mean;
    final double m2;
    final double min;
    final double max;

    Reference(double[] values) {
      long n = 0;
      long nans = 0;
      double s = 0;
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (double v : values) {
        if (Double.isNaN(v)) {
          nans++;
          continue;
        }
        n++;
        s += v;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      double m = n == 0 ? Double.NaN : s / n;
      double squares = 0;
      for (double v : values) {
        if (!Double.isNaN(v)) {
          squares += (v - m) * (v - m);
        }
      }
      count = n;
      nanCount = nans;
      sum = s;
      mean = m;
      m2 = squares;
      min = lo;
      max = hi;
    }

    double populationVariance() {
      return count == 0 ? Double.NaN : m2 / count;
    }

    double sampleVariance() {
      return count < 2 ? Double.NaN : m2 / (count - 1);
    }
  }

  private static void assertClose(double expected, double actual, double relTol, String what) {
    assertClose(expected, actual, relTol, Double.MIN_NORMAL, what);
  }

  /**
   * {@code actual} within {@code relTol} of {@code expected}, relative to the larger of |expected|
   * and {@code scale} (a mean or sum near zero is judged against the size of the data).
   */
  private static void assertClose(
      double expected, double actual, double relTol, double scale, String what) {
    if (Double.isNaN(expected)) {
      assertTrue(Double.isNaN(actual), what + ": expected NaN, got " + actual);
      return;
    }
    double tol = relTol * Math.max(Math.abs(expected), scale);
    assertEquals(expected, actual, tol, what);
  }

  /** Largest magnitude among the non-NaN values summarized (0 when empty). */
  private static double magnitude(Stats s) {
    return s.count() == 0 ? 0.0 : Math.max(Math.abs(s.min()), Math.abs(s.max()));
  }

  private static void assertMatchesReference(Reference ref, Stats s, double relTol) {
    assertEquals(ref.count, s.count(), "count");
    assertEquals(ref.nanCount, s.nanCount(), "nanCount");
    assertEquals(ref.min, s.min(), "min");
    assertEquals(ref.max, s.max(), "max");
    double size = ref.count == 0 ? 0.0 : Math.max(Math.abs(ref.min), Math.abs(ref.max));
    assertClose(ref.sum, s.sum(), relTol, ref.count * size, "sum");
    assertClose(ref.mean, s.mean(), relTol, size, "mean");
    assertClose(ref.populationVariance(), s.populationVariance(), relTol, "populationVariance");
    assertClose(ref.sampleVariance(), s.sampleVariance(), relTol, "sampleVariance");
  }

  private static double[] randomValues(Random r, int n, int kind) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      switch (kind) {
        case 0: // standard normal
          v[i] = r.nextGaussian();
          break;
        case 1: // offset and scaled
          v[i] = 250.0 + 40.0 * r.nextGaussian();
          break;
        case 2: // uniform, mixed signs, wide range
          v[i] = (r.nextDouble() - 0.5) * 1e6;
          break;
        case 3: // log-normal, heavy right tail
          v[i] = Math.exp(2 * r.nextGaussian());
          break;
        default: // small integers (ties, exact arithmetic)
          v[i] = r.nextInt(7) - 3;
      }
    }
    return v;
  }

  // ---------------------------------------------------------------- basics

  @Test
  void emptyStats() {
    Stats s = new Stats();
    assertEquals(0, s.count());
    assertEquals(0, s.nanCount());
    assertEquals(0.0, s.sum());
    assertTrue(Double.isNaN(s.mean()));
    assertTrue(Double.isNaN(s.populationVariance()));
    assertTrue(Double.isNaN(s.sampleVariance()));
    assertTrue(Double.isNaN(s.populationStdDev()));
    assertTrue(Double.isNaN(s.sampleStdDev()));
    assertEquals(Double.POSITIVE_INFINITY, s.min());
    assertEquals(Double.NEGATIVE_INFINITY, s.max());
    assertEquals(new Stats(), Stats.of());
  }

  @Test
  void singleValue() {
    Stats s = Stats.of(-7.25);
    assertEquals(1, s.count());
    assertEquals(-7.25, s.sum());
    assertEquals(-7.25, s.mean());
    assertEquals(-7.25, s.min());
    assertEquals(-7.25, s.max());
    assertEquals(0.0, s.populationVariance());
    assertTrue(Double.isNaN(s.sampleVariance()), "sample variance needs two values");
  }

  @Test
  void textbookExample() {
    Stats s = Stats.of(2, 4, 4, 4, 5, 5, 7, 9);
    assertEquals(8, s.count());
    assertEquals(40.0, s.sum());
    assertEquals(5.0, s.mean(), 1e-15);
    assertEquals(4.0, s.populationVariance(), 1e-14);
    assertEquals(2.0, s.populationStdDev(), 1e-14);
    assertEquals(32.0 / 7.0, s.sampleVariance(), 1e-14);
    assertEquals(Math.sqrt(32.0 / 7.0), s.sampleStdDev(), 1e-14);
    assertEquals(2.0, s.min());
    assertEquals(9.0, s.max());
  }

  @Test
  void addReturnsThis() {
    Stats s = new Stats();
    assertSame(s, s.add(1.0));
    assertSame(s, s.add(Double.NaN));
  }

  @Test
  void matchesTwoPassComputationOnRandomData() {
    Random r = new Random(42);
    for (int kind = 0; kind < 5; kind++) {
      for (int n : new int[] {1, 2, 3, 10, 1000, 20_000}) {
        double[] values = randomValues(r, n, kind);
        Stats s = Stats.of(values);
        assertMatchesReference(new Reference(values), s, 1e-10);
      }
    }
  }

  @Test
  void constantValuesHaveZeroVariance() {
    double[] values = new double[1000];
    Arrays.fill(values, 1e9 + 0.1);
    Stats s = Stats.of(values);
    assertEquals(1e9 + 0.1, s.mean());
    assertEquals(0.0, s.populationVariance());
    assertEquals(0.0, s.sampleVariance());
  }

  @Test
  void varianceIsNeverNegative() {
    Random r = new Random(3);
    for (int t = 0; t < 200; t++) {
      double base = (r.nextDouble() - 0.5) * 1e12;
      Stats s = new Stats();
      for (int i = 0; i < 50; i++) {
        s.add(base + (r.nextInt(3) - 1) * Math.ulp(base));
        assertTrue(s.populationVariance() >= 0.0);
        if (s.count() >= 2) {
          assertTrue(s.sampleVariance() >= 0.0);
        }
      }
    }
  }

  // ---------------------------------------------------------------- large offset

  /** Exact mean and population variance of the given doubles, in BigDecimal. */
  private static double[] exactMeanAndVariance(double[] values) {
    MathContext mc = MathContext.DECIMAL128;
    BigDecimal sum = BigDecimal.ZERO;
    for (double v : values) {
      sum = sum.add(new BigDecimal(v));
    }
    BigDecimal n = BigDecimal.valueOf(values.length);
    BigDecimal mean = sum.divide(n, mc);
    BigDecimal squares = BigDecimal.ZERO;
    for (double v : values) {
      BigDecimal d = new BigDecimal(v).subtract(mean);
      squares = squares.add(d.multiply(d));
    }
    return new double[] {mean.doubleValue(), squares.divide(n, mc).doubleValue()};
  }

  @Test
  void largeOffsetKeepsVarianceAccurate() {
    Random r = new Random(1962);
    for (int n : new int[] {100, 10_000, 100_000}) {
      double[] values = new double[n];
      for (int i = 0; i < n; i++) {
        values[i] = 1e9 + r.nextGaussian();
      }
      double[] exact = exactMeanAndVariance(values);
      Stats s = Stats.of(values);
      assertClose(exact[0], s.mean(), 1e-12, "mean, n=" + n);
      assertClose(exact[1], s.populationVariance(), 1e-6, "population variance, n=" + n);

      // The case is genuinely hard: the naive sum-of-squares formula is far off.
      double sum = 0;
      double sumSq = 0;
      for (double v : values) {
        sum += v;
        sumSq += v * v;
      }
      double naive = sumSq / n - (sum / n) * (sum / n);
      assertTrue(
          Math.abs(naive - exact[1]) > 1e-6 * exact[1],
          "naive formula should fail here, got " + naive + " vs " + exact[1]);
    }
  }

  @Test
  void largeOffsetSurvivesMerging() {
    Random r = new Random(77);
    int n = 50_000;
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = 1e9 + r.nextGaussian();
    }
    double[] exact = exactMeanAndVariance(values);
    Stats merged = new Stats();
    int from = 0;
    while (from < n) {
      int to = Math.min(n, from + 1 + r.nextInt(5000));
      merged.merge(Stats.of(Arrays.copyOfRange(values, from, to)));
      from = to;
    }
    assertEquals(n, merged.count());
    assertClose(exact[1], merged.populationVariance(), 1e-6, "merged population variance");
  }

  // ---------------------------------------------------------------- NaN and infinities

  @Test
  void nanIsCountedButNotIncluded() {
    Stats s = Stats.of(1.0, Double.NaN, 3.0, Double.NaN);
    assertEquals(2, s.count());
    assertEquals(2, s.nanCount());
    assertEquals(4.0, s.sum());
    assertEquals(2.0, s.mean());
    assertEquals(1.0, s.populationVariance());
    assertEquals(1.0, s.min());
    assertEquals(3.0, s.max());
    assertEquals(Stats.of(1.0, 3.0).mean(), s.mean());
  }

  @Test
  void onlyNanIsEmptyButCounted() {
    Stats s = Stats.of(Double.NaN, Double.NaN, Double.NaN);
    assertEquals(0, s.count());
    assertEquals(3, s.nanCount());
    assertTrue(Double.isNaN(s.mean()));
    assertTrue(Double.isNaN(s.populationVariance()));
    assertEquals(Double.POSITIVE_INFINITY, s.min());
    assertEquals(Double.NEGATIVE_INFINITY, s.max());
  }

  @Test
  void infinitiesAreAcceptedAndPropagate() {
    Stats s = Stats.of(1.0, Double.POSITIVE_INFINITY, 2.0);
    assertEquals(3, s.count());
    assertEquals(0, s.nanCount());
    assertEquals(Double.POSITIVE_INFINITY, s.max());
    assertEquals(1.0, s.min());
    assertEquals(Double.POSITIVE_INFINITY, s.sum());
    assertFalse(Double.isFinite(s.mean()));
    assertFalse(Double.isFinite(s.populationVariance()));

    Stats both = Stats.of(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    assertEquals(2, both.count());
    assertTrue(Double.isNaN(both.sum()));
    assertEquals(Double.NEGATIVE_INFINITY, both.min());
    assertEquals(Double.POSITIVE_INFINITY, both.max());
  }

  // ---------------------------------------------------------------- merge

  @Test
  void mergeOfArbitrarySplitsEqualsSequentialAdd() {
    Random r = new Random(2024);
    for (int trial = 0; trial < 300; trial++) {
      int n = r.nextInt(400);
      double[] values = randomValues(r, n, trial % 5);
      for (int i = 0; i < n; i++) {
        if (r.nextInt(25) == 0) {
          values[i] = Double.NaN;
        }
      }
      Stats sequential = Stats.of(values);

      // Random cut points, empty parts allowed.
      int parts = 1 + r.nextInt(8);
      int[] cuts = new int[parts + 1];
      for (int p = 1; p < parts; p++) {
        cuts[p] = r.nextInt(n + 1);
      }
      cuts[parts] = n;
      Arrays.sort(cuts);
      List<Stats> pieces = new ArrayList<>();
      for (int p = 0; p < parts; p++) {
        pieces.add(Stats.of(Arrays.copyOfRange(values, cuts[p], cuts[p + 1])));
      }

      // Left fold in order.
      Stats folded = new Stats();
      for (Stats piece : pieces) {
        folded.merge(piece.copy());
      }
      assertMergedEquals(sequential, folded);

      // Random pairwise tree in shuffled order.
      List<Stats> pool = new ArrayList<>();
      for (Stats piece : pieces) {
        pool.add(piece.copy());
      }
      Collections.shuffle(pool, r);
      while (pool.size() > 1) {
        Stats a = pool.remove(r.nextInt(pool.size()));
        Stats b = pool.remove(r.nextInt(pool.size()));
        pool.add(a.merge(b));
      }
      assertMergedEquals(sequential, pool.get(0));
    }
  }

  private static void assertMergedEquals(Stats expected, Stats actual) {
    assertEquals(expected.count(), actual.count(), "count");
    assertEquals(expected.nanCount(), actual.nanCount(), "nanCount");
    assertEquals(expected.min(), actual.min(), "min");
    assertEquals(expected.max(), actual.max(), "max");
    double size = magnitude(expected);
    assertClose(expected.sum(), actual.sum(), 1e-9, expected.count() * size, "sum");
    assertClose(expected.mean(), actual.mean(), 1e-9, size, "mean");
    assertClose(expected.populationVariance(), actual.populationVariance(), 1e-9, "variance");
    assertClose(expected.sampleVariance(), actual.sampleVariance(), 1e-9, "sample variance");
  }

  @Test
  void mergeReturnsThisAndLeavesOtherUnchanged() {
    Stats a = Stats.of(1, 2, 3);
    Stats b = Stats.of(10, 20);
    Stats bBefore = b.copy();
    assertSame(a, a.merge(b));
    assertEquals(bBefore, b);
    assertEquals(5, a.count());
    assertEquals(7.2, a.mean(), 1e-12);
  }

  @Test
  void mergingEmptyAccumulators() {
    Stats empty = new Stats();
    empty.merge(new Stats()).merge(new Stats());
    assertEquals(new Stats(), empty);
    assertEquals(0, empty.count());
    assertTrue(Double.isNaN(empty.mean()));
    assertEquals(Double.POSITIVE_INFINITY, empty.min());
    assertEquals(Double.NEGATIVE_INFINITY, empty.max());

    Stats s = Stats.of(4, 8, 15, 16, 23, 42);
    Stats sBefore = s.copy();
    s.merge(new Stats());
    assertEquals(sBefore, s, "merging an empty summary changes nothing");

    Stats intoEmpty = new Stats().merge(sBefore);
    assertEquals(sBefore, intoEmpty, "merging into an empty summary copies the other exactly");
  }

  @Test
  void mergingNanOnlyAccumulatorsAddsNanCounts() {
    Stats a = Stats.of(Double.NaN);
    Stats b = Stats.of(Double.NaN, 1.0, Double.NaN);
    a.merge(b);
    assertEquals(1, a.count());
    assertEquals(3, a.nanCount());
    assertEquals(1.0, a.mean());
    Stats c = Stats.of(5.0).merge(Stats.of(Double.NaN));
    assertEquals(1, c.count());
    assertEquals(1, c.nanCount());
    assertEquals(5.0, c.mean());
  }

  @Test
  void selfMergeDoublesTheData() {
    Stats s = Stats.of(1, 2, 3, 4, Double.NaN);
    s.merge(s);
    Stats expected = Stats.of(1, 2, 3, 4, Double.NaN, 1, 2, 3, 4, Double.NaN);
    assertMergedEquals(expected, s);
  }

  @Test
  void copyIsIndependent() {
    Stats s = Stats.of(1, 2, 3);
    Stats c = s.copy();
    assertNotSame(s, c);
    assertEquals(s, c);
    c.add(100);
    assertEquals(3, s.count());
    assertEquals(3.0, s.max());
  }

  @Test
  void equalsAndHashCode() {
    assertEquals(Stats.of(1, 2, 3), Stats.of(1, 2, 3));
    assertEquals(Stats.of(1, 2, 3).hashCode(), Stats.of(1, 2, 3).hashCode());
    assertNotEquals(Stats.of(1, 2, 3), Stats.of(1, 2, 4));
    assertNotEquals(Stats.of(1, 2, 3), Stats.of(1, 2, 3, Double.NaN));
    assertNotEquals(Stats.of(1, 2, 3), "Stats");
  }

  // ---------------------------------------------------------------- coder

  /**
   * Every field bit for bit. NaN is compared by {@link Double#doubleToLongBits} (one canonical NaN):
   * the coder writes doubles with {@code DataOutputStream.writeDouble}, which does not keep NaN
   * payloads or signs; those are not observable through Stats' API.
   */
  private static void assertBitIdentical(Stats expected, Stats actual) {
    assertEquals(expected.count(), actual.count(), "count");
    assertEquals(expected.nanCount(), actual.nanCount(), "nanCount");
    assertSameBits(expected.sum(), actual.sum(), "sum");
    assertSameBits(expected.rawMean(), actual.rawMean(), "mean");
    assertSameBits(expected.m2(), actual.m2(), "m2");
    assertSameBits(expected.min(), actual.min(), "min");
    assertSameBits(expected.max(), actual.max(), "max");
    assertEquals(expected, actual);
    assertEquals(expected.hashCode(), actual.hashCode());
  }

  private static void assertSameBits(double expected, double actual, String what) {
    assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual), what);
  }

  private static List<Stats> coderSamples() {
    Random r = new Random(5);
    List<Stats> samples = new ArrayList<>();
    samples.add(new Stats());
    samples.add(Stats.of(Double.NaN, Double.NaN));
    samples.add(Stats.of(0.0));
    samples.add(Stats.of(-0.0));
    samples.add(Stats.of(Double.MIN_VALUE, -Double.MAX_VALUE));
    samples.add(Stats.of(Double.MAX_VALUE, Double.MAX_VALUE)); // sum overflows
    samples.add(Stats.of(1.0, Double.POSITIVE_INFINITY, Double.NaN));
    samples.add(Stats.of(randomValues(r, 1000, 0)));
    samples.add(Stats.of(randomValues(r, 777, 3)));
    samples.add(Stats.of(1L << 40, 12345L, 1e300, -3.5, 7e12, -1e300, 1e300));
    return samples;
  }

  @Test
  void coderRoundTripIsBitExact() throws Exception {
    for (Stats s : coderSamples()) {
      byte[] bytes = CoderUtils.encodeToByteArray(StatsCoder.of(), s);
      assertTrue(bytes.length <= 60, "encoded size " + bytes.length);
      assertBitIdentical(s, CoderUtils.decodeFromByteArray(StatsCoder.of(), bytes));
      // Nested context too (other data follows in the stream).
      CoderProperties.coderDecodeEncodeEqual(StatsCoder.of(), s);
    }
  }

  @Test
  void coderRoundTripOfEmptyStatsIsBitExact() throws Exception {
    Stats decoded =
        CoderUtils.decodeFromByteArray(
            StatsCoder.of(), CoderUtils.encodeToByteArray(StatsCoder.of(), new Stats()));
    assertBitIdentical(new Stats(), decoded);
    assertTrue(Double.isNaN(decoded.mean()));
    assertEquals(Double.POSITIVE_INFINITY, decoded.min());
    assertEquals(Double.NEGATIVE_INFINITY, decoded.max());
    // A decoded empty summary still merges like an empty one.
    assertEquals(Stats.of(1, 2), decoded.merge(Stats.of(1, 2)));
  }

  @Test
  void decodedStatsContinueIdentically() throws Exception {
    Random r = new Random(8);
    Stats original = Stats.of(randomValues(r, 500, 1));
    Stats decoded =
        CoderUtils.decodeFromByteArray(
            StatsCoder.of(), CoderUtils.encodeToByteArray(StatsCoder.of(), original));
    for (int i = 0; i < 500; i++) {
      double x = 250 + 40 * r.nextGaussian();
      original.add(x);
      decoded.add(x);
    }
    Stats other = Stats.of(randomValues(r, 100, 2));
    original.merge(other);
    decoded.merge(other);
    assertBitIdentical(original, decoded);
  }

  @Test
  void encodedSizeIsAtMostSixtyBytes() throws Exception {
    // Largest counts (restored through the coder's package-private factory): 9 + 9 + 5 * 8 bytes.
    Stats huge = Stats.of(Long.MAX_VALUE, Long.MAX_VALUE, 1.0, 2.0, 3.0, 4.0, 5.0);
    byte[] bytes = CoderUtils.encodeToByteArray(StatsCoder.of(), huge);
    assertTrue(bytes.length <= 60, "encoded size " + bytes.length);
    assertBitIdentical(huge, CoderUtils.decodeFromByteArray(StatsCoder.of(), bytes));
    // Small counts: two one-byte varints and five doubles.
    assertEquals(42, CoderUtils.encodeToByteArray(StatsCoder.of(), Stats.of(1.0)).length);
  }

  @Test
  void coderIsDeterministicAndConsistentWithEquals() throws Exception {
    StatsCoder.of().verifyDeterministic();
    assertTrue(StatsCoder.of().consistentWithEquals());
    for (Stats s : coderSamples()) {
      CoderProperties.coderDeterministic(StatsCoder.of(), s, s.copy());
      CoderProperties.coderConsistentWithEquals(StatsCoder.of(), s, s.copy());
    }
    CoderProperties.coderSerializable(StatsCoder.of());
  }

  @Test
  void coderRejectsNull() {
    assertThrows(
        CoderException.class, () -> StatsCoder.of().encode(null, new ByteArrayOutputStream()));
  }

  @Test
  void coderRejectsTruncatedInput() throws Exception {
    byte[] bytes = CoderUtils.encodeToByteArray(StatsCoder.of(), Stats.of(1, 2, 3));
    byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);
    assertThrows(IOException.class, () -> StatsCoder.of().decode(new ByteArrayInputStream(truncated)));
  }

  // ---------------------------------------------------------------- StatsFn

  /** Exact count/nanCount/min/max; sum, mean and variances within a relative tolerance. */
  static Matcher<Stats> statsCloseTo(double[] values, double relTol) {
    Reference ref = new Reference(values);
    double size = ref.count == 0 ? 0.0 : Math.max(Math.abs(ref.min), Math.abs(ref.max));
    return new TypeSafeMatcher<Stats>() {
      @Override
      protected boolean matchesSafely(Stats s) {
        return s.count() == ref.count
            && s.nanCount() == ref.nanCount
            && Double.compare(s.min(), ref.min) == 0
            && Double.compare(s.max(), ref.max) == 0
            && close(ref.sum, s.sum(), ref.count * size)
            && close(ref.mean, s.mean(), size)
            && close(ref.populationVariance(), s.populationVariance(), Double.MIN_NORMAL)
            && close(ref.sampleVariance(), s.sampleVariance(), Double.MIN_NORMAL);
      }

      private boolean close(double expected, double actual, double scale) {
        if (Double.isNaN(expected)) {
          return Double.isNaN(actual);
        }
        return Math.abs(expected - actual) <= relTol * Math.max(Math.abs(expected), scale);
      }

      @Override
      public void describeTo(Description d) {
        d.appendText(
            String.format(
                "Stats with count=%d nanCount=%d min=%s max=%s, sum=%s mean=%s populationVariance=%s"
                    + " sampleVariance=%s within %s relative",
                ref.count, ref.nanCount, ref.min, ref.max, ref.sum, ref.mean,
                ref.populationVariance(), ref.sampleVariance(), relTol));
      }
    };
  }

  private static List<Double> boxed(double[] values) {
    List<Double> list = new ArrayList<>(values.length);
    for (double v : values) {
      list.add(v);
    }
    return list;
  }

  @Test
  void statsFnWithCombineFnTester() {
    Random r = new Random(11);
    for (int kind = 0; kind < 5; kind++) {
      double[] values = randomValues(r, 150, kind);
      values[r.nextInt(values.length)] = Double.NaN;
      values[r.nextInt(values.length)] = Double.NaN;
      CombineFnTester.testCombineFn(new StatsFn(), boxed(values), statsCloseTo(values, 1e-9));
    }
  }

  @Test
  void statsFnWithCombineFnTesterOnSmallAndEmptyInputs() {
    for (double[] values :
        new double[][] {{}, {3.5}, {Double.NaN}, {1, 1}, {-2, 0, 2}, {Double.NaN, 7, Double.NaN}}) {
      CombineFnTester.testCombineFn(new StatsFn(), boxed(values), statsCloseTo(values, 1e-12));
    }
  }

  @Test
  void statsFnWithCombineFnTesterOnLargeOffset() {
    Random r = new Random(12);
    double[] values = new double[200];
    for (int i = 0; i < values.length; i++) {
      values[i] = 1e9 + r.nextGaussian();
    }
    // The reference is itself two-pass, accurate to far better than 1e-6 here.
    CombineFnTester.testCombineFn(new StatsFn(), boxed(values), statsCloseTo(values, 1e-6));
  }

  @Test
  void statsFnOutputIsACopyAndCodersAreStatsCoder() throws Exception {
    StatsFn fn = new StatsFn();
    Stats acc = fn.addInput(fn.addInput(fn.createAccumulator(), 1.0), 3.0);
    Stats out = fn.extractOutput(acc);
    assertNotSame(acc, out);
    assertEquals(acc, out);
    out.add(100.0);
    assertEquals(2, acc.count());
    assertEquals(3.0, acc.max());

    Coder<Stats> accCoder = fn.getAccumulatorCoder(CoderRegistry.createDefault(), DoubleCoder.of());
    assertSame(StatsCoder.of(), accCoder);
    assertSame(
        StatsCoder.of(), fn.getDefaultOutputCoder(CoderRegistry.createDefault(), DoubleCoder.of()));
  }

  @Test
  void statsFnMergeDoesNotMutateInputs() {
    StatsFn fn = new StatsFn();
    Stats a = Stats.of(1, 2);
    Stats b = Stats.of(3, 4, 5);
    Stats aBefore = a.copy();
    Stats bBefore = b.copy();
    Stats merged = fn.mergeAccumulators(List.of(a, b));
    assertEquals(5, merged.count());
    assertEquals(3.0, merged.mean(), 1e-15);
    assertEquals(aBefore, a);
    assertEquals(bBefore, b);
    assertEquals(new Stats(), fn.mergeAccumulators(List.of()));
  }
}
