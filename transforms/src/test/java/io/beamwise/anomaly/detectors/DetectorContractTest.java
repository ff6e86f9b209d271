package io.beamwise.anomaly.detectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Supplier;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

/**
 * The contract every detector keeps, univariate or multivariate: a fresh detector is not ready
 * and becomes ready on a long enough series; scoring does not learn; non-finite input scores in
 * [0, 1] and does not break the detector; every score is in [0, 1]; the state written by {@link
 * DetectorStateCoder} restores a detector that scores and learns identically afterwards; equal
 * specs make equal coders and identical detectors. A detector's test has a nested class that
 * extends {@link Univariate} or {@link Multivariate} and passes the spec (and a different one) to
 * its constructor; detector-specific values stay in its own tests.
 *
 * <p>The series: 3,000 points of Gaussian noise (mean 20, sd 1) with a spike every 250 points, a
 * level shift of +10 at point 1,500, a constant run from 2,200 to 2,300 and a value of 1e9 at
 * point 2,700.
 *
 * @param <D> the detector type
 * @param <X> the point type
 * @param <S> the spec type
 */
public abstract class DetectorContractTest<D extends StatefulDetector, X, S> {

  static final int N = 3000;

  private final Supplier<S> spec;
  private final Supplier<S> otherSpec;

  /**
   * The contract of {@code spec}'s detector; {@code otherSpec} makes the same detector with
   * another setting. Each supplier returns a new, equal spec at each call.
   */
  DetectorContractTest(Supplier<S> spec, Supplier<S> otherSpec) {
    this.spec = spec;
    this.otherSpec = otherSpec;
  }

  /** The spec under test; each call returns an equal spec. */
  final S spec() {
    return spec.get();
  }

  /** A spec of the same detector with another setting. */
  final S otherSpec() {
    return otherSpec.get();
  }

  abstract D create(S spec);

  abstract Coder<D> coder(S spec);

  abstract boolean isReady(D d);

  abstract double score(D d, X x);

  abstract void learn(D d, X x);

  /** The point of series value {@code v} (index {@code i}). */
  abstract X point(double v, int i);

  /** The non-finite points: NaN, +Inf and -Inf (in one component for multivariate points). */
  abstract X[] nonFinite();

  static double[] series() {
    Random random = new Random(7);
    double[] v = new double[N];
    for (int i = 0; i < N; i++) {
      v[i] = 20 + random.nextGaussian() + (i >= 1500 ? 10 : 0);
      if (i % 250 == 249) {
        v[i] += random.nextBoolean() ? 12 : -12;
      }
      if (i >= 2200 && i < 2300) {
        v[i] = 25;
      }
    }
    v[2700] = 1e9;
    return v;
  }

  private X[] points() {
    double[] v = series();
    @SuppressWarnings("unchecked")
    X[] p = (X[]) new Object[N];
    for (int i = 0; i < N; i++) {
      p[i] = point(v[i], i);
    }
    return p;
  }

  private D create() {
    return create(spec());
  }

  private byte[] state(D d) throws Exception {
    return CoderUtils.encodeToByteArray(coder(spec()), d);
  }

  /**
   * Asserts that {@code build} is refused with an {@link IllegalArgumentException} whose message
   * starts with the name of {@code parameter}: the validation every spec's builder gives.
   */
  static void assertRejected(String parameter, Runnable build) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, build::run, "expected " + parameter + " to be rejected");
    assertTrue(
        e.getMessage() != null && e.getMessage().startsWith(parameter),
        () -> "message should name " + parameter + ": " + e.getMessage());
  }

  private static void assertUnit(double score, String context) {
    assertTrue(score >= 0.0 && score <= 1.0, () -> "score " + score + " outside [0, 1]: " + context);
  }

  /** Scores then learns {@code points[from, to)}, checking each score is in [0, 1]. */
  private void run(D d, X[] points, int from, int to) {
    for (int i = from; i < to; i++) {
      assertUnit(score(d, points[i]), spec() + " at point " + i);
      learn(d, points[i]);
    }
  }

  @Test
  void warmUp() {
    D d = create();
    assertFalse(isReady(d), () -> spec() + " is ready before learning anything");
    X[] p = points();
    int readyAt = -1;
    for (int i = 0; i < N; i++) {
      learn(d, p[i]);
      if (readyAt < 0 && isReady(d)) {
        readyAt = i;
      }
      if (readyAt >= 0) {
        assertTrue(isReady(d), spec() + " stopped being ready at point " + i);
      }
    }
    assertTrue(readyAt >= 0, () -> spec() + " is not ready after " + N + " points");
    assertNotSame(d, create());
    assertFalse(isReady(create()), "each create() is fresh");
  }

  @Test
  void scoringDoesNotLearn() throws Exception {
    D scored = create();
    D twin = create();
    X[] p = points();
    X[] odd = nonFinite();
    for (int i = 0; i < N; i++) {
      for (int k = 0; k < 3; k++) {
        score(scored, p[(i * 7 + k * 1009) % N]);
      }
      score(scored, odd[i % odd.length]);
      assertEquals(score(twin, p[i]), score(scored, p[i]), spec() + " point " + i);
      learn(scored, p[i]);
      learn(twin, p[i]);
      if (i % 500 == 0 || i == N - 1) {
        assertArrayEquals(state(twin), state(scored), spec() + " state after point " + i);
      }
    }
  }

  @Test
  void nonFiniteInput() {
    D d = create();
    X[] p = points();
    for (X x : nonFinite()) {
      assertUnit(score(d, x), spec() + " fresh, " + x);
    }
    run(d, p, 0, 2000);
    for (X x : nonFinite()) {
      assertUnit(score(d, x), spec() + " ready, " + x);
    }
    for (X x : nonFinite()) {
      assertDoesNotThrow(() -> learn(d, x), () -> spec() + " learning " + x);
    }
    run(d, p, 2000, N);
  }

  @Test
  void scoresInUnitInterval() {
    run(create(), points(), 0, N);
  }

  @Test
  void stateRoundTripScoresIdentically() throws Exception {
    X[] p = points();
    for (int split : new int[] {0, 1, 40, 400, 1600, 2750}) {
      D original = create();
      run(original, p, 0, split);
      byte[] bytes = state(original);
      D restored = CoderUtils.decodeFromByteArray(coder(spec()), bytes);
      assertArrayEquals(bytes, state(restored), spec() + " re-encoded after " + split);
      for (int i = split; i < N; i++) {
        assertEquals(isReady(original), isReady(restored), spec() + " ready at " + i);
        assertEquals(
            score(original, p[i]), score(restored, p[i]), spec() + " split " + split + ", point " + i);
        learn(original, p[i]);
        learn(restored, p[i]);
      }
    }
  }

  @Test
  void deterministic() throws Exception {
    assertEquals(spec(), spec());
    assertEquals(spec().hashCode(), spec().hashCode());
    assertNotEquals(spec(), otherSpec());
    assertEquals(coder(spec()), coder(spec()));
    assertEquals(coder(spec()).hashCode(), coder(spec()).hashCode());
    assertNotEquals(coder(spec()), coder(otherSpec()), "state coders of different specs");
    coder(spec()).verifyDeterministic();
    X[] p = points();
    D a = create();
    D b = create();
    for (int i = 0; i < N; i++) {
      assertEquals(score(a, p[i]), score(b, p[i]), spec() + " point " + i);
      learn(a, p[i]);
      learn(b, p[i]);
    }
    assertArrayEquals(state(a), state(b));
    assertArrayEquals(state(a), state(a), "encoding twice");
  }

  /**
   * The contract for a {@link Detector}, called as the pipeline calls it: with each point's event
   * time (a point every 5 minutes).
   */
  public abstract static class Univariate
      extends DetectorContractTest<Detector, Univariate.Timed, DetectorSpec> {

    /** A value and its event time. */
    record Timed(long millis, double value) {}

    protected Univariate(Supplier<DetectorSpec> spec, Supplier<DetectorSpec> otherSpec) {
      super(spec, otherSpec);
    }

    /** The contract of the detectors {@link Detectors#parse parsed} from the two texts. */
    protected Univariate(String spec, String otherSpec) {
      this(() -> Detectors.parse(spec), () -> Detectors.parse(otherSpec));
    }

    @Override
    Detector create(DetectorSpec spec) {
      return spec.create();
    }

    @Override
    Coder<Detector> coder(DetectorSpec spec) {
      return spec.stateCoder();
    }

    @Override
    boolean isReady(Detector d) {
      return d.isReady();
    }

    /** Also asks for the score's details, which must not learn either. */
    @Override
    double score(Detector d, Timed x) {
      d.details(x.value());
      return d.score(x.millis(), x.value());
    }

    @Override
    void learn(Detector d, Timed x) {
      d.learn(x.millis(), x.value());
    }

    @Override
    Timed point(double v, int i) {
      return new Timed(1_700_000_000_000L + 300_000L * i, v);
    }

    @Override
    Timed[] nonFinite() {
      return new Timed[] {
        new Timed(0, Double.NaN), new Timed(0, Double.POSITIVE_INFINITY), new Timed(0, Double.NEGATIVE_INFINITY)
      };
    }
  }

  /** The contract for a {@link MultivariateDetector} of dimension 3. */
  abstract static class Multivariate
      extends DetectorContractTest<MultivariateDetector, double[], MultivariateDetectorSpec> {

    Multivariate(
        Supplier<MultivariateDetectorSpec> spec, Supplier<MultivariateDetectorSpec> otherSpec) {
      super(spec, otherSpec);
    }

    @Override
    MultivariateDetector create(MultivariateDetectorSpec spec) {
      return spec.create();
    }

    @Override
    Coder<MultivariateDetector> coder(MultivariateDetectorSpec spec) {
      return spec.stateCoder();
    }

    @Override
    boolean isReady(MultivariateDetector d) {
      return d.isReady();
    }

    @Override
    double score(MultivariateDetector d, double[] x) {
      return d.score(x);
    }

    @Override
    void learn(MultivariateDetector d, double[] x) {
      d.learn(x);
    }

    /** {@code v}, a second component correlated with it and a third with a weekly-like cycle. */
    @Override
    double[] point(double v, int i) {
      return new double[] {v, 0.5 * v + Math.sin(i * 0.1), Math.cos(i * 0.05)};
    }

    @Override
    double[][] nonFinite() {
      return new double[][] {
        {Double.NaN, 1, 1}, {1, Double.POSITIVE_INFINITY, 1}, {1, 1, Double.NEGATIVE_INFINITY}
      };
    }
  }
}
