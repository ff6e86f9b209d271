package io.beamwise.stats;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.testing.TestPipelineExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.testing.CombineFnTester;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.util.SerializableUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.kll.KllSketch;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeDiagnosingMatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class QuantilesFnTest {

  private static final double[] RANKS = {0.0, 0.01, 0.25, 0.5, 0.95, 0.99, 1.0};

  /** The documented bound for the default k = 200 (see the QuantilesFn Javadoc). */
  private static final double EPS_200 = 0.013294757464848584;

  // ---------------------------------------------------------------- exact reference

  /** The non-NaN values, sorted. */
  private static double[] sortedFinite(double[] values) {
    return Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
  }

  /** Number of entries of {@code sorted} strictly less than {@code v}. */
  private static int countLess(double[] sorted, double v) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Number of entries of {@code sorted} less than or equal to {@code v}. */
  private static int countLessOrEqual(double[] sorted, double v) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Slack for rounding in rank comparisons when the sketch is exact. */
  private static final double ROUNDING = 1e-12;

  /**
   * Why {@code value} is not the exact inclusive quantile at {@code rank} of the sorted input, or
   * null when it is: the smallest input value whose fraction of inputs ≤ it reaches {@code rank}.
   */
  private static String exactRankProblem(double[] sorted, double rank, double value) {
    int less = countLess(sorted, value);
    int lessOrEqual = countLessOrEqual(sorted, value);
    if (lessOrEqual == less) {
      return "value " + value + " at rank " + rank + " is not an input value";
    }
    double n = sorted.length;
    double low = less / n;
    double high = lessOrEqual / n;
    if (high < rank - ROUNDING || (less > 0 && low >= rank - ROUNDING)) {
      return String.format(
          "value %s at rank %s has exact rank in [%s, %s]: not the inclusive quantile",
          value, rank, low, high);
    }
    return null;
  }

  /**
   * Why {@code value} is not an acceptable answer for {@code rank} within {@code eps} of the
   * sorted input, or null when it is. Acceptable: an input value whose exact rank interval
   * [fraction < value, fraction ≤ value] meets [rank − eps, rank + eps] (ties widen the interval).
   */
  private static String rankProblem(double[] sorted, double rank, double value, double eps) {
    int less = countLess(sorted, value);
    int lessOrEqual = countLessOrEqual(sorted, value);
    if (lessOrEqual == less) {
      return "value " + value + " at rank " + rank + " is not an input value";
    }
    double n = sorted.length;
    double low = less / n;
    double high = lessOrEqual / n;
    if (high < rank - eps || low > rank + eps) {
      return String.format(
          "value %s at rank %s has exact rank in [%s, %s], outside %s ± %s",
          value, rank, low, high, rank, eps);
    }
    return null;
  }

  /**
   * Count, min and max exact; each value within the documented rank error of the exact quantile,
   * or exact (up to rounding of the rank comparison) while n ≤ k; NaN everywhere when empty.
   */
  static Matcher<Quantiles> withinRankError(double[] values, QuantilesFn fn) {
    double[] sorted = sortedFinite(values);
    double bound = KllSketch.getNormalizedRankError(fn.k(), false);
    boolean exact = sorted.length <= fn.k();
    double eps = exact ? 0.0 : bound;
    return new TypeSafeDiagnosingMatcher<Quantiles>() {
      @Override
      protected boolean matchesSafely(Quantiles q, Description mismatch) {
        if (!Arrays.equals(fn.ranks(), q.ranks())) {
          mismatch.appendText("ranks were " + Arrays.toString(q.ranks()));
          return false;
        }
        if (q.n() != sorted.length) {
          mismatch.appendText("n was " + q.n());
          return false;
        }
        if (Double.compare(bound, q.normalizedRankError()) != 0) {
          mismatch.appendText("normalizedRankError was " + q.normalizedRankError());
          return false;
        }
        if (sorted.length == 0) {
          boolean allNaN = Double.isNaN(q.min()) && Double.isNaN(q.max());
          for (double v : q.values()) {
            allNaN &= Double.isNaN(v);
          }
          if (!allNaN) {
            mismatch.appendText("empty input gave " + q);
          }
          return allNaN;
        }
        if (Double.compare(q.min(), sorted[0]) != 0
            || Double.compare(q.max(), sorted[sorted.length - 1]) != 0) {
          mismatch.appendText("min/max were " + q.min() + "/" + q.max());
          return false;
        }
        for (double rank : q.ranks()) {
          String problem =
              exact
                  ? exactRankProblem(sorted, rank, q.value(rank))
                  : rankProblem(sorted, rank, q.value(rank), eps);
          if (problem != null) {
            mismatch.appendText(problem + " in " + q);
            return false;
          }
        }
        return true;
      }

      @Override
      public void describeTo(Description d) {
        d.appendText(
            String.format(
                "Quantiles of %d values with n, min, max exact and each value %s",
                sorted.length, exact ? "exact" : "within rank ± " + eps));
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

  private static double[] range(int from, int to) {
    double[] v = new double[to - from + 1];
    for (int i = 0; i < v.length; i++) {
      v[i] = from + i;
    }
    return v;
  }

  private static double[] shuffled(double[] values, Random r) {
    List<Double> list = boxed(values);
    Collections.shuffle(list, r);
    return list.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static KllDoublesSketch sketchOf(QuantilesFn fn, double... values) {
    KllDoublesSketch acc = fn.createAccumulator();
    for (double v : values) {
      acc = fn.addInput(acc, v);
    }
    return acc;
  }

  // ---------------------------------------------------------------- CombineFnTester

  @Test
  void combineFnTesterOnSmallAndEmptyInputs() {
    QuantilesFn fn = QuantilesFn.of(RANKS);
    Random r = new Random(3);
    for (double[] values :
        new double[][] {
          {},
          {3.5},
          {Double.NaN},
          {Double.NaN, 7, Double.NaN},
          {2, 2},
          {-1, 0, 1},
          {Double.NEGATIVE_INFINITY, 0, Double.POSITIVE_INFINITY, Double.NaN},
          shuffled(range(1, 100), r),
          shuffled(range(1, 200), r), // n = k: still exact
        }) {
      CombineFnTester.testCombineFn(fn, boxed(values), withinRankError(values, fn));
    }
  }

  @Test
  void combineFnTesterOnLargerInputsStaysWithinTheBound() {
    QuantilesFn fn = QuantilesFn.of(RANKS);
    Random r = new Random(17);
    double[] gaussian = new double[2000];
    double[] logNormal = new double[3000];
    double[] ties = new double[2500];
    for (int i = 0; i < gaussian.length; i++) {
      gaussian[i] = 20 + 3 * r.nextGaussian();
    }
    for (int i = 0; i < logNormal.length; i++) {
      logNormal[i] = Math.exp(2 * r.nextGaussian());
    }
    for (int i = 0; i < ties.length; i++) {
      ties[i] = r.nextInt(7) - 3;
    }
    ties[5] = Double.NaN;
    for (double[] values : new double[][] {gaussian, logNormal, ties}) {
      CombineFnTester.testCombineFn(fn, boxed(values), withinRankError(values, fn));
    }
  }

  @Test
  void combineFnTesterWithSmallK() {
    // k = 8: ε ≈ 30%, heavy compaction on every merge path.
    Random r = new Random(8);
    double[] values = new double[1000];
    for (int i = 0; i < values.length; i++) {
      values[i] = r.nextDouble() * 100;
    }
    for (int k : new int[] {8, 32}) {
      QuantilesFn fn = QuantilesFn.of(0.1, 0.5, 0.9).withK(k);
      CombineFnTester.testCombineFn(fn, boxed(values), withinRankError(values, fn));
    }
  }

  // ---------------------------------------------------------------- accuracy

  @Test
  void exactForSmallInputs() {
    QuantilesFn fn = QuantilesFn.of(0.0, 0.01, 0.5, 0.95, 0.99, 1.0);
    double[] values = shuffled(range(1, 100), new Random(1));
    Quantiles q = fn.extractOutput(sketchOf(fn, values));
    assertEquals(100, q.n());
    assertEquals(1.0, q.min());
    assertEquals(100.0, q.max());
    assertEquals(1.0, q.value(0.0));
    assertEquals(1.0, q.value(0.01));
    assertEquals(50.0, q.value(0.5), "inclusive median of 1..100");
    assertEquals(95.0, q.value(0.95));
    assertEquals(99.0, q.value(0.99));
    assertEquals(100.0, q.value(1.0));
    assertArrayEquals(new double[] {1, 1, 50, 95, 99, 100}, q.values());

    // Merged from pieces, still n ≤ k: the same exact answer.
    KllDoublesSketch merged =
        fn.mergeAccumulators(
            List.of(
                sketchOf(fn, Arrays.copyOfRange(values, 0, 30)),
                fn.createAccumulator(),
                sketchOf(fn, Arrays.copyOfRange(values, 30, 100))));
    assertEquals(q, fn.extractOutput(merged));

    // Odd count and a single value.
    assertEquals(3.0, fn.extractOutput(sketchOf(fn, 5, 1, 3, 2, 4)).value(0.5));
    Quantiles one = fn.extractOutput(sketchOf(fn, -7.25));
    assertEquals(1, one.n());
    for (double v : one.values()) {
      assertEquals(-7.25, v);
    }
  }

  @Test
  void accuracyOnAMillionValues() {
    Random r = new Random(20240601);
    int n = 1_000_000;
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      // Heavy right tail, like latencies in ms.
      values[i] = 5 + Math.exp(1.5 * r.nextGaussian());
    }
    double[] sorted = sortedFinite(values);
    QuantilesFn fn = QuantilesFn.of(0.5, 0.95, 0.99);
    assertEquals(EPS_200, fn.normalizedRankError());

    // One sketch, and 16 sketches merged (as a runner would).
    Quantiles single = fn.extractOutput(sketchOf(fn, values));
    List<KllDoublesSketch> parts = new ArrayList<>();
    for (int p = 0; p < 16; p++) {
      parts.add(sketchOf(fn, Arrays.copyOfRange(values, p * n / 16, (p + 1) * n / 16)));
    }
    Quantiles merged = fn.extractOutput(fn.mergeAccumulators(parts));

    for (Quantiles q : List.of(single, merged)) {
      assertEquals(n, q.n());
      assertEquals(sorted[0], q.min());
      assertEquals(sorted[n - 1], q.max());
      assertEquals(EPS_200, q.normalizedRankError());
      for (double rank : q.ranks()) {
        String problem = rankProblem(sorted, rank, q.value(rank), EPS_200);
        assertEquals(null, problem, problem);
      }
    }
  }

  @Test
  void errorBoundIsTheDocumentedNumber() {
    assertEquals(EPS_200, KllSketch.getNormalizedRankError(200, false));
    assertEquals(EPS_200, QuantilesFn.of(0.5).normalizedRankError());
    assertEquals(200, QuantilesFn.of(0.5).k());
    // The 1.65% often quoted for k = 200 is the double-sided (PMF) figure.
    assertEquals(0.0165, KllSketch.getNormalizedRankError(200, true), 5e-5);
    assertTrue(
        QuantilesFn.of(0.5).withK(800).normalizedRankError() < EPS_200,
        "larger k, smaller error");
  }

  // ---------------------------------------------------------------- NaN and infinities

  @Test
  void nanIsIgnoredAndInfinitiesAreValues() {
    QuantilesFn fn = QuantilesFn.of(0.0, 0.5, 1.0);
    Quantiles onlyNaN = fn.extractOutput(sketchOf(fn, Double.NaN, Double.NaN));
    assertEquals(Quantiles.empty(fn.ranks(), EPS_200), onlyNaN);
    assertTrue(onlyNaN.isEmpty());
    assertTrue(Double.isNaN(onlyNaN.value(0.5)));
    assertTrue(Double.isNaN(onlyNaN.min()));
    assertTrue(Double.isNaN(onlyNaN.max()));

    Quantiles q =
        fn.extractOutput(sketchOf(fn, 1.0, Double.NaN, Double.POSITIVE_INFINITY, 2.0, 3.0));
    assertEquals(4, q.n());
    assertEquals(1.0, q.min());
    assertEquals(Double.POSITIVE_INFINITY, q.max());
    assertEquals(2.0, q.value(0.5));
    assertEquals(Double.POSITIVE_INFINITY, q.value(1.0));
  }

  // ---------------------------------------------------------------- CombineFn contract

  @Test
  void mergeDoesNotMutateInputsAndEmptyMergeIsEmpty() {
    QuantilesFn fn = QuantilesFn.of(0.5);
    Random r = new Random(4);
    KllDoublesSketch a = fn.createAccumulator();
    KllDoublesSketch b = fn.createAccumulator();
    for (int i = 0; i < 5000; i++) {
      a = fn.addInput(a, r.nextGaussian());
      b = fn.addInput(b, r.nextGaussian());
    }
    byte[] aBefore = a.toByteArray();
    byte[] bBefore = b.toByteArray();
    KllDoublesSketch merged = fn.mergeAccumulators(List.of(a, b));
    assertEquals(10_000, merged.getN());
    assertArrayEquals(aBefore, a.toByteArray());
    assertArrayEquals(bBefore, b.toByteArray());

    Quantiles none = fn.extractOutput(fn.mergeAccumulators(List.of()));
    assertEquals(Quantiles.empty(new double[] {0.5}, EPS_200), none);
  }

  @Test
  void codersAndDisplayData() {
    QuantilesFn fn = QuantilesFn.of(0.5, 0.99).withK(400);
    CoderRegistry registry = CoderRegistry.createDefault();
    assertSame(KllSketchCoder.of(), fn.getAccumulatorCoder(registry, DoubleCoder.of()));
    assertSame(QuantilesCoder.of(), fn.getDefaultOutputCoder(registry, DoubleCoder.of()));
    assertEquals(400, fn.createAccumulator().getK());
    DisplayData data = DisplayData.from(fn);
    assertTrue(data.toString().contains("400"), data.toString());
    assertTrue(data.toString().contains("0.99"), data.toString());
  }

  @Test
  void withKKeepsRanksAndFnIsSerializable() {
    QuantilesFn fn = QuantilesFn.of(0.25, 0.75).withK(64);
    assertArrayEquals(new double[] {0.25, 0.75}, fn.ranks());
    assertEquals(64, fn.k());
    QuantilesFn copy = SerializableUtils.clone(fn);
    assertEquals(64, copy.k());
    assertArrayEquals(fn.ranks(), copy.ranks());
    double[] ranks = {0.5};
    QuantilesFn defensive = QuantilesFn.of(ranks);
    ranks[0] = 0.9;
    assertArrayEquals(new double[] {0.5}, defensive.ranks(), "ranks are copied");
  }

  // ---------------------------------------------------------------- KllSketchCoder

  private static KllDoublesSketch roundTrip(KllDoublesSketch sketch) throws CoderException {
    return CoderUtils.decodeFromByteArray(
        KllSketchCoder.of(), CoderUtils.encodeToByteArray(KllSketchCoder.of(), sketch));
  }

  @Test
  void sketchCoderRoundTripKeepsStateAndQuantiles() throws Exception {
    QuantilesFn fn = QuantilesFn.of(RANKS);
    Random r = new Random(9);
    double[] big = new double[100_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = r.nextGaussian();
    }
    List<KllDoublesSketch> sketches =
        List.of(
            fn.createAccumulator(),
            sketchOf(fn, 42.0),
            sketchOf(fn, range(1, 150)),
            sketchOf(fn, big),
            sketchOf(QuantilesFn.of(RANKS).withK(8), big));
    for (KllDoublesSketch sketch : sketches) {
      byte[] encoded = CoderUtils.encodeToByteArray(KllSketchCoder.of(), sketch);
      // Determinism: encoding the same sketch state twice gives the same bytes.
      assertArrayEquals(encoded, CoderUtils.encodeToByteArray(KllSketchCoder.of(), sketch));
      KllDoublesSketch decoded = roundTrip(sketch);
      // Same state: the same sketch bytes, n, k, and exactly the same quantiles.
      assertArrayEquals(sketch.toByteArray(), decoded.toByteArray());
      assertArrayEquals(encoded, CoderUtils.encodeToByteArray(KllSketchCoder.of(), decoded));
      // Structural values (used by Beam to compare accumulators) agree.
      assertEquals(
          KllSketchCoder.of().structuralValue(sketch),
          KllSketchCoder.of().structuralValue(decoded));
      assertEquals(sketch.getN(), decoded.getN());
      assertEquals(sketch.getK(), decoded.getK());
      assertEquals(sketch.isEmpty(), decoded.isEmpty());
      assertFalse(decoded.isReadOnly(), "heapify gives an updatable sketch");
      Quantiles expected = fn.extractOutput(sketch);
      assertEquals(expected, fn.extractOutput(decoded));
      // A query sorts level 0 in place (and sets a flag), which can change the bytes but not
      // the answers: the bytes from before and after the query decode to the same quantiles.
      byte[] afterQuery = CoderUtils.encodeToByteArray(KllSketchCoder.of(), sketch);
      assertEquals(
          expected,
          fn.extractOutput(CoderUtils.decodeFromByteArray(KllSketchCoder.of(), afterQuery)));
      assertEquals(
          expected, fn.extractOutput(CoderUtils.decodeFromByteArray(KllSketchCoder.of(), encoded)));
    }
    assertEquals(1 + 8, CoderUtils.encodeToByteArray(KllSketchCoder.of(), sketches.get(0)).length);
    KllSketchCoder.of().verifyDeterministic();
    assertFalse(KllSketchCoder.of().consistentWithEquals());
    CoderProperties.coderSerializable(KllSketchCoder.of());
  }

  @Test
  void sketchCoderIsLengthPrefixedInAStream() throws Exception {
    QuantilesFn fn = QuantilesFn.of(0.5);
    KllDoublesSketch a = sketchOf(fn, range(1, 1000));
    KllDoublesSketch empty = fn.createAccumulator();
    KllDoublesSketch c = sketchOf(fn, 7, 8, 9);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (KllDoublesSketch s : List.of(a, empty, c)) {
      KllSketchCoder.of().encode(s, out);
    }
    ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
    assertArrayEquals(a.toByteArray(), KllSketchCoder.of().decode(in).toByteArray());
    assertTrue(KllSketchCoder.of().decode(in).isEmpty());
    assertEquals(8.0, fn.extractOutput(KllSketchCoder.of().decode(in)).value(0.5));
    assertEquals(0, in.available());
  }

  @Test
  void decodedAccumulatorsKeepAcceptingValuesAndMerging() throws Exception {
    QuantilesFn fn = QuantilesFn.of(0.5, 0.95, 0.99);
    Random r = new Random(10);
    int n = 60_000;
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = r.nextDouble() * 1000;
    }
    // Empty, single-value and estimation-mode sketches, each decoded and then updated past
    // several compactions and merged with other decoded sketches.
    KllDoublesSketch a = roundTrip(fn.createAccumulator());
    KllDoublesSketch b = roundTrip(sketchOf(fn, values[0]));
    KllDoublesSketch c = roundTrip(sketchOf(fn, Arrays.copyOfRange(values, 1, 20_000)));
    for (int i = 20_000; i < 40_000; i++) {
      a = fn.addInput(a, values[i]);
    }
    for (int i = 40_000; i < n; i++) {
      b = fn.addInput(b, values[i]);
    }
    KllDoublesSketch merged = fn.mergeAccumulators(List.of(roundTrip(a), roundTrip(b), c));
    // Merge directly into a decoded sketch too.
    c.merge(roundTrip(a));
    c.merge(b);
    double[] sorted = sortedFinite(values);
    for (KllDoublesSketch s : List.of(merged, roundTrip(merged), c)) {
      Quantiles q = fn.extractOutput(s);
      assertEquals(n, q.n());
      assertEquals(sorted[0], q.min());
      assertEquals(sorted[n - 1], q.max());
      for (double rank : q.ranks()) {
        String problem = rankProblem(sorted, rank, q.value(rank), EPS_200);
        assertEquals(null, problem, problem);
      }
    }
  }

  @Test
  void sketchCoderRejectsNullAndGarbage() throws Exception {
    assertThrows(
        CoderException.class,
        () -> KllSketchCoder.of().encode(null, new ByteArrayOutputStream()));
    byte[] good =
        CoderUtils.encodeToByteArray(
            KllSketchCoder.of(), sketchOf(QuantilesFn.of(0.5), range(1, 500)));
    byte[] truncated = Arrays.copyOf(good, good.length - 10);
    assertThrows(
        java.io.EOFException.class,
        () -> KllSketchCoder.of().decode(new ByteArrayInputStream(truncated)));
    byte[] garbage = {8, 1, 2, 3, 4, 5, 6, 7, 8};
    assertThrows(
        CoderException.class, () -> KllSketchCoder.of().decode(new ByteArrayInputStream(garbage)));
    // A consistent length prefix around a cut-off sketch: the sketch itself is invalid.
    byte[] sketchBytes = sketchOf(QuantilesFn.of(0.5), range(1, 500)).toByteArray();
    ByteArrayOutputStream cut = new ByteArrayOutputStream();
    org.apache.beam.sdk.coders.VarIntCoder.of().encode(40, cut);
    cut.write(sketchBytes, 0, 40);
    assertThrows(
        CoderException.class,
        () -> KllSketchCoder.of().decode(new ByteArrayInputStream(cut.toByteArray())));
  }

  @Test
  void rankErrorMatcherRejectsWrongAnswers() {
    double[] values = range(1, 1000);
    QuantilesFn fn = QuantilesFn.of(0.5);
    double eps = fn.normalizedRankError(); // 13.3 values of 1000
    Matcher<Quantiles> matcher = withinRankError(values, fn);
    double[] ranks = {0.5};
    assertTrue(matcher.matches(Quantiles.of(ranks, new double[] {500}, 1000, 1, 1000, eps)));
    // 514: 513 values below it, exclusive rank 0.513 ≤ 0.5 + ε; 515: 0.514 is too far.
    assertTrue(matcher.matches(Quantiles.of(ranks, new double[] {514}, 1000, 1, 1000, eps)));
    assertFalse(matcher.matches(Quantiles.of(ranks, new double[] {515}, 1000, 1, 1000, eps)));
    // 487: inclusive rank 0.487 ≥ 0.5 − ε; 486: 0.486 is too far.
    assertTrue(matcher.matches(Quantiles.of(ranks, new double[] {487}, 1000, 1, 1000, eps)));
    assertFalse(matcher.matches(Quantiles.of(ranks, new double[] {486}, 1000, 1, 1000, eps)));
    assertFalse(matcher.matches(Quantiles.of(ranks, new double[] {500.5}, 1000, 1, 1000, eps)));
    assertFalse(matcher.matches(Quantiles.of(ranks, new double[] {500}, 999, 1, 1000, eps)));
    assertFalse(matcher.matches(Quantiles.of(ranks, new double[] {500}, 1000, 2, 1000, eps)));
    // n ≤ k: exact answers only.
    Matcher<Quantiles> exact = withinRankError(range(1, 100), fn);
    assertTrue(exact.matches(Quantiles.of(ranks, new double[] {50}, 100, 1, 100, eps)));
    assertFalse(exact.matches(Quantiles.of(ranks, new double[] {51}, 100, 1, 100, eps)));
    assertFalse(exact.matches(Quantiles.of(ranks, new double[] {49}, 100, 1, 100, eps)));
  }

  // ---------------------------------------------------------------- Quantiles and its coder

  @Test
  void quantilesValueEqualityAndCoder() throws Exception {
    Quantiles q = Quantiles.of(new double[] {0.5, 0.99}, new double[] {10, 99}, 100, 1, 100, 0.01);
    Quantiles same =
        Quantiles.of(new double[] {0.5, 0.99}, new double[] {10, 99}, 100, 1, 100, 0.01);
    Quantiles other =
        Quantiles.of(new double[] {0.5, 0.99}, new double[] {10, 98}, 100, 1, 100, 0.01);
    Quantiles empty = Quantiles.empty(new double[] {0.5, 0.99}, 0.01);
    assertEquals(q, same);
    assertEquals(q.hashCode(), same.hashCode());
    assertNotEquals(q, other);
    assertNotEquals(q, empty);
    assertEquals(empty, Quantiles.empty(new double[] {0.5, 0.99}, 0.01), "NaN equals NaN");
    assertEquals(
        "Quantiles{n=100, min=1.0, max=100.0, q0.5=10.0, q0.99=99.0, normalizedRankError=0.01}",
        q.toString());
    assertEquals(99.0, q.value(0.99));
    assertEquals(2, q.size());

    // Immutable: arrays are copied in and out.
    double[] ranks = {0.5};
    double[] values = {3.0};
    Quantiles copied = Quantiles.of(ranks, values, 1, 3, 3, 0.01);
    ranks[0] = 0.7;
    values[0] = 4.0;
    copied.values()[0] = 5.0;
    copied.ranks()[0] = 0.9;
    assertEquals(3.0, copied.value(0.5));
    assertArrayEquals(new double[] {0.5}, copied.ranks());

    for (Quantiles v : List.of(q, other, empty, copied)) {
      CoderProperties.coderDecodeEncodeEqual(QuantilesCoder.of(), v);
      Quantiles equal =
          Quantiles.of(v.ranks(), v.values(), v.n(), v.min(), v.max(), v.normalizedRankError());
      CoderProperties.coderDeterministic(QuantilesCoder.of(), v, equal);
    }
    CoderProperties.coderConsistentWithEquals(QuantilesCoder.of(), q, same);
    CoderProperties.coderConsistentWithEquals(QuantilesCoder.of(), q, other);
    CoderProperties.coderSerializable(QuantilesCoder.of());
    assertEquals(1 + 2 * 16 + 1 + 24, CoderUtils.encodeToByteArray(QuantilesCoder.of(), q).length);
    assertThrows(
        CoderException.class, () -> QuantilesCoder.of().encode(null, new ByteArrayOutputStream()));
  }

  // ---------------------------------------------------------------- validation

  @Test
  void validationMessagesNameTheParameterTheValueAndTheRange() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> QuantilesFn.of(0.5, 1.5));
    assertEquals(
        "ranks[1] must be a normalized rank in [0, 1] (e.g. 0.99 for the 99th percentile),"
            + " got 1.5",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> QuantilesFn.of(-0.01));
    assertTrue(e.getMessage().contains("got -0.01"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> QuantilesFn.of(Double.NaN));
    assertTrue(e.getMessage().contains("got NaN"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> QuantilesFn.of());
    assertTrue(e.getMessage().contains("ranks must not be empty"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class, () -> QuantilesFn.of(0.5).withK(4));
    assertEquals("k must be in [8, 65535] (DataSketches KLL), got 4", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> QuantilesFn.of(0.5).withK(65536));
    assertTrue(e.getMessage().contains("got 65536"), e.getMessage());
    // The bounds themselves are accepted.
    assertEquals(8, QuantilesFn.of(0.5).withK(8).createAccumulator().getK());
    assertEquals(65535, QuantilesFn.of(0.5).withK(65535).createAccumulator().getK());

    Quantiles q = Quantiles.empty(new double[] {0.5, 0.99}, 0.01);
    e = assertThrows(IllegalArgumentException.class, () -> q.value(0.9));
    assertEquals("rank must be one of the ranks asked for [0.5, 0.99], got 0.9", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Quantiles.of(new double[] {0.5}, new double[] {1, 2}, 2, 1, 2, 0.01));
    assertTrue(e.getMessage().contains("same length"), e.getMessage());
  }

  // ---------------------------------------------------------------- in a pipeline

  @Test
  void perKeyQuantilesOnTheDirectRunner(TestPipeline p) {
    Random r = new Random(12);
    List<KV<String, Double>> input = new ArrayList<>();
    Map<String, List<Double>> byKey = new HashMap<>();
    for (double v : shuffled(range(1, 100), r)) {
      input.add(KV.of("small", v));
    }
    for (int i = 0; i < 20_000; i++) {
      double v = 100 + 15 * r.nextGaussian();
      input.add(KV.of("big", v));
      byKey.computeIfAbsent("big", k -> new ArrayList<>()).add(v);
    }
    input.add(KV.of("nan", Double.NaN));
    input.add(KV.of("one", 2.5));
    Collections.shuffle(input, r);
    double[] big = byKey.get("big").stream().mapToDouble(Double::doubleValue).toArray();

    PCollection<KV<String, Quantiles>> output =
        p.apply(Create.of(input).withCoder(KvCoder.of(StringUtf8Coder.of(), DoubleCoder.of())))
            .apply(Combine.perKey(QuantilesFn.of(0.5, 0.99)));

    double[] ranks = {0.5, 0.99};
    PAssert.that(output)
        .satisfies(
            results -> {
              Map<String, Quantiles> got = new HashMap<>();
              for (KV<String, Quantiles> kv : results) {
                got.put(kv.getKey(), kv.getValue());
              }
              assertEquals(4, got.size(), got.toString());
              assertEquals(
                  Quantiles.of(ranks, new double[] {50, 99}, 100, 1, 100, EPS_200),
                  got.get("small"));
              assertEquals(
                  Quantiles.of(ranks, new double[] {2.5, 2.5}, 1, 2.5, 2.5, EPS_200),
                  got.get("one"));
              assertEquals(Quantiles.empty(ranks, EPS_200), got.get("nan"));
              assertThat(got.get("big"), withinRankError(big, QuantilesFn.of(ranks)));
              return null;
            });
    p.run().waitUntilFinish();
  }
}
