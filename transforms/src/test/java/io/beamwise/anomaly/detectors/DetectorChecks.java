package io.beamwise.anomaly.detectors;

import static io.beamwise.anomaly.detectors.DetectorContractTest.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.DoubleFunction;
import java.util.function.IntFunction;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.CoderUtils;

/**
 * Checks that the window and z-score detectors' own tests make alike, each given that detector's
 * specs and values: the checks of their spec parameters, a learned detector of the spec's own
 * type, readiness from exactly {@code minPoints} points, non-finite input, scores in [0, 1] and
 * growing with the deviation, and what their state coders write and refuse.
 */
final class DetectorChecks {

  private DetectorChecks() {}

  /** A new detector of {@code spec}, as its own type, that has learned {@code values}. */
  @SuppressWarnings("unchecked")
  static <D extends Detector> D learned(DetectorSpec spec, double... values) {
    D d = (D) spec.create();
    for (double v : values) {
      d.learn(v);
    }
    return d;
  }

  static void assertInUnitInterval(double score, Supplier<String> context) {
    assertTrue(
        score >= 0.0 && score <= 1.0, () -> "score " + score + " outside [0,1]: " + context.get());
  }

  /**
   * {@code spec(window)} refuses a window below 2, and {@code withMinPoints} a minPoints outside
   * [2, 10] on a window of 10, naming the parameter; both bounds are accepted.
   */
  static <S extends DetectorSpec> void assertWindowChecked(
      IntFunction<S> spec, BiFunction<S, Integer, S> withMinPoints, ToIntFunction<S> minPoints) {
    for (int window : new int[] {1, 0, -5}) {
      assertRejected("window", () -> spec.apply(window));
    }
    assertMinPointsChecked(spec.apply(10), withMinPoints, minPoints, 10, 1, 11, -1);
  }

  /** {@code withMinPoints} refuses {@code refused} and accepts 2 and {@code max}. */
  static <S extends DetectorSpec> void assertMinPointsChecked(
      S spec, BiFunction<S, Integer, S> withMinPoints, ToIntFunction<S> minPoints, int max,
      int... refused) {
    for (int m : refused) {
      assertRejected("minPoints", () -> withMinPoints.apply(spec, m));
    }
    assertEquals(2, minPoints.applyAsInt(withMinPoints.apply(spec, 2)));
    assertEquals(max, minPoints.applyAsInt(withMinPoints.apply(spec, max)));
  }

  /** {@code with} refuses 0, -1, NaN and +Infinity, naming {@code name}; accepts MIN_VALUE. */
  static void assertPositiveChecked(String name, DoubleFunction<?> with) {
    for (double v : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertRejected(name, () -> with.apply(v));
    }
    with.apply(Double.MIN_VALUE);
  }

  /** {@code with} refuses -0.1, NaN and +Infinity, naming {@code name}; accepts 0. */
  static void assertNonNegativeChecked(String name, DoubleFunction<?> with) {
    for (double v : new double[] {-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertRejected(name, () -> with.apply(v));
    }
    with.apply(0.0);
  }

  /**
   * Each spec's detector is not ready fresh nor before {@code minPoints} points (values {@code i %
   * 3}), and ready from then on, up to {@code points} points.
   */
  @SafeVarargs
  static <S extends DetectorSpec> void assertReadyFromMinPoints(
      ToIntFunction<S> minPoints, ToIntFunction<S> points, S... specs) {
    for (S spec : specs) {
      Detector d = spec.create();
      assertFalse(d.isReady(), spec + " fresh");
      for (int i = 1; i <= points.applyAsInt(spec); i++) {
        d.learn(i % 3);
        assertEquals(
            i >= minPoints.applyAsInt(spec), d.isReady(), spec + " after " + i + " points");
      }
    }
  }

  /** Teaches {@code d} NaN, +Infinity and -Infinity, which it must ignore. */
  static void learnNonFinite(Detector d) {
    d.learn(Double.NaN);
    d.learn(Double.POSITIVE_INFINITY);
    d.learn(Double.NEGATIVE_INFINITY);
  }

  /** {@code d} scores ±Infinity and NaN 1. */
  static void assertNonFiniteScoresOne(Detector d) {
    assertEquals(1.0, d.score(Double.POSITIVE_INFINITY));
    assertEquals(1.0, d.score(Double.NEGATIVE_INFINITY));
    assertEquals(1.0, d.score(Double.NaN));
  }

  /**
   * After {@code points} standard normal values (seed 1), {@code d}'s score of {@code query(k)}
   * grows strictly with {@code k} from {@code firstK} to 200; {@code query} may read {@code d}.
   */
  static void assertScoreGrows(Detector d, int points, int firstK, DoubleUnaryOperator query) {
    Random r = new Random(1);
    for (int i = 0; i < points; i++) {
      d.learn(r.nextGaussian());
    }
    double previous = firstK == 0 ? -1 : 0;
    for (int k = firstK; k <= 200; k++) {
      double s = d.score(query.applyAsDouble(k));
      assertTrue(s > previous, "score must grow with the deviation, k=" + k);
      previous = s;
    }
  }

  /**
   * The state of {@code window10}'s detector after 1..10 is refused by the coder of {@code
   * window5}, naming {@code window=5}.
   */
  static void assertLargerWindowRefused(DetectorSpec window10, DetectorSpec window5)
      throws Exception {
    Detector big = window10.create();
    for (int v = 1; v <= 10; v++) {
      big.learn(v);
    }
    byte[] bytes = CoderUtils.encodeToByteArray(window10.stateCoder(), big);
    CoderException e =
        assertThrows(
            CoderException.class,
            () -> CoderUtils.decodeFromByteArray(window5.stateCoder(), bytes));
    assertTrue(e.getMessage().contains("window=5"), e.getMessage());
  }

  /**
   * The state of {@code spec}'s detector is the count and the last {@code window} values (4 + 8
   * bytes each) at every size, through 20,000 points.
   */
  static void assertStateIsTheWindow(DetectorSpec spec, int window) throws Exception {
    Coder<Detector> coder = spec.stateCoder();
    Detector d = spec.create();
    Random r = new Random(3);
    for (int i = 1; i <= 20_000; i++) {
      d.learn(r.nextGaussian());
      if (i <= 2 * window || i % 997 == 0) {
        int size = CoderUtils.encodeToByteArray(coder, d).length;
        assertEquals(4 + 8 * Math.min(i, window), size, "after " + i + " points");
      }
    }
  }
}
