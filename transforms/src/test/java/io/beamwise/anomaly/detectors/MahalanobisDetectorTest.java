package io.beamwise.anomaly.detectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static io.beamwise.anomaly.detectors.DetectorContractTest.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.Random;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MahalanobisDetectorTest {

  /** Equal weights for all practical purposes. */
  private static final double ALL_DATA = 1e-9;

  private static MahalanobisDetector learned(MahalanobisDetector.Spec spec, double[]... points) {
    MahalanobisDetector d = (MahalanobisDetector) spec.create();
    for (double[] p : points) {
      d.learn(p);
    }
    return d;
  }

  private static double mapped(double d2, int dimension) {
    double m = Math.sqrt(d2 / dimension);
    return m / (m + 3.0);
  }

  private static double[][] correlated(Random random, int n) {
    double[][] points = new double[n][];
    for (int i = 0; i < n; i++) {
      double t = random.nextGaussian();
      points[i] = new double[] {10 + t + 0.1 * random.nextGaussian(), -5 + t + 0.1 * random.nextGaussian()};
    }
    return points;
  }

  // ---------------------------------------------------------------- spec

  @Test
  void defaultSpec() {
    MahalanobisDetector.Spec spec = MahalanobisDetector.spec(2, 0.01);
    assertEquals(2, spec.dimension());
    assertEquals(0.01, spec.alpha());
    assertEquals(30, spec.minPoints());
    assertEquals(3.0, spec.zScale());
    assertEquals(1e-6, spec.lambda());
    assertEquals(42, MahalanobisDetector.spec(20, 0.01).minPoints());
    assertEquals(130, MahalanobisDetector.spec(64, 0.01).minPoints());
    String d = spec.describe();
    assertTrue(d.startsWith("mahalanobis("), d);
    assertTrue(d.contains("dimension=2"), d);
    assertTrue(d.contains("alpha=0.01"), d);
    assertTrue(d.contains("minPoints=30"), d);
    assertEquals(d, spec.toString());
    assertEquals(2, spec.create().dimension());
  }

  @Test
  void validation() {
    assertRejected("dimension", () -> MahalanobisDetector.spec(0, 0.1));
    assertRejected("dimension", () -> MahalanobisDetector.spec(65, 0.1));
    assertRejected("alpha", () -> MahalanobisDetector.spec(2, 0));
    assertRejected("alpha", () -> MahalanobisDetector.spec(2, 1.5));
    assertRejected("alpha", () -> MahalanobisDetector.spec(2, Double.NaN));
    MahalanobisDetector.Spec spec = MahalanobisDetector.spec(2, 0.1);
    assertRejected("minPoints", () -> spec.withMinPoints(1));
    assertRejected("zScale", () -> spec.withZScale(0));
    assertRejected("zScale", () -> spec.withZScale(Double.POSITIVE_INFINITY));
    assertRejected("lambda", () -> spec.withLambda(-1e-9));
    assertRejected("lambda", () -> spec.withLambda(Double.NaN));
    MultivariateDetector d = spec.create();
    assertRejected("x", () -> d.score(new double[3]));
    assertRejected("x", () -> d.learn(new double[1]));
    assertRejected("x", () -> d.learn(null));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MahalanobisDetector.spec(65, 0.1));
    assertTrue(e.getMessage().contains("[1, 64]") && e.getMessage().contains("65"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> spec.withLambda(-2));
    assertTrue(e.getMessage().contains("-2"), e.getMessage());
    MahalanobisDetector.spec(1, 1.0).withMinPoints(2).withLambda(0).withZScale(1e-3); // valid
  }

  // ---------------------------------------------------------------- statistics and scores

  @Test
  void handComputedTwoDimensions() {
    // Points (0,0), (2,2), (1,0), (1,2): mean (1,1); deviations (-1,-1), (1,1), (0,-1), (0,1);
    // population covariance C = [[0.5, 0.5], [0.5, 1]], det 0.25, C^-1 = [[4, -2], [-2, 2]].
    MahalanobisDetector d =
        learned(
            MahalanobisDetector.spec(2, ALL_DATA).withLambda(0),
            new double[] {0, 0},
            new double[] {2, 2},
            new double[] {1, 0},
            new double[] {1, 2});
    assertEquals(4, d.count());
    assertArrayEquals(new double[] {1, 1}, d.mean(), 1e-15);
    assertEquals(0.5, d.covariance(0, 0), 1e-15);
    assertEquals(0.5, d.covariance(0, 1), 1e-15);
    assertEquals(0.5, d.covariance(1, 0), 1e-15);
    assertEquals(1.0, d.covariance(1, 1), 1e-15);
    assertEquals(0.0, d.score(new double[] {1, 1}));
    // diff (1, 0): D² = 4; diff (0, 1): D² = 2; diff (1, 1): D² = 4 - 2 - 2 + 2 = 2.
    assertEquals(mapped(4, 2), d.score(new double[] {2, 1}), 1e-12);
    assertEquals(mapped(2, 2), d.score(new double[] {1, 2}), 1e-12);
    assertEquals(mapped(2, 2), d.score(new double[] {2, 2}), 1e-12);
    // diff (-3, 3): D² = 36 + 36 + 18 = 90, m = sqrt(45).
    assertEquals(mapped(90, 2), d.score(new double[] {-2, 4}), 1e-12);
    // m = 3 scores exactly 0.5: D² = 18 with diff (0, 3).
    assertEquals(0.5, d.score(new double[] {1, 4}), 1e-12);
  }

  @Test
  void defaultRidgeBarelyChangesScores() {
    double[][] points = {{0, 0}, {2, 2}, {1, 0}, {1, 2}};
    MahalanobisDetector exact = learned(MahalanobisDetector.spec(2, ALL_DATA).withLambda(0), points);
    MahalanobisDetector ridged = learned(MahalanobisDetector.spec(2, ALL_DATA), points);
    double[] q = {2, 1};
    assertEquals(exact.score(q), ridged.score(q), 1e-6);
    assertTrue(ridged.score(q) < exact.score(q), "the ridge can only shrink distances");
  }

  @Test
  void matchesTwoPassCovarianceWithEqualWeights() {
    Random random = new Random(7);
    int n = 1000;
    double[][] points = new double[n][];
    for (int i = 0; i < n; i++) {
      double a = random.nextGaussian();
      points[i] = new double[] {1e6 + a, 3 * a + random.nextGaussian(), random.nextDouble()};
    }
    MahalanobisDetector d = learned(MahalanobisDetector.spec(3, ALL_DATA), points);
    double[] mean = new double[3];
    for (double[] p : points) {
      for (int i = 0; i < 3; i++) {
        mean[i] += p[i] / n;
      }
    }
    assertArrayEquals(mean, d.mean(), 1e-8);
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double c = 0;
        for (double[] p : points) {
          c += (p[i] - mean[i]) * (p[j] - mean[j]) / n;
        }
        assertEquals(c, d.covariance(i, j), 1e-9 * Math.max(1, Math.abs(c)), i + "," + j);
      }
    }
  }

  @Test
  void correlationMatters() {
    MahalanobisDetector d = learned(MahalanobisDetector.spec(2, ALL_DATA), correlated(new Random(1), 500));
    double[] mean = d.mean();
    // Same Euclidean distance 3 * sqrt(2) from the mean: along the correlation axis vs across it.
    double along = d.score(new double[] {mean[0] + 3, mean[1] + 3});
    double across = d.score(new double[] {mean[0] + 3, mean[1] - 3});
    assertTrue(along < across, "along " + along + " should score below across " + across);
    assertTrue(along < 0.5, "along " + along);
    assertTrue(across > 0.9, "across " + across);
  }

  @Test
  void oneDimensionIsTheZScoreShape() {
    double[] values = {3, 7, 1, 9, 4, 6, 5, 5, 8, 2};
    MahalanobisDetector d = (MahalanobisDetector) MahalanobisDetector.spec(1, ALL_DATA).withLambda(0).create();
    for (double v : values) {
      d.learn(new double[] {v});
    }
    double mean = 5.0;
    double m2 = 0;
    for (double v : values) {
      m2 += (v - mean) * (v - mean);
    }
    double std = Math.sqrt(m2 / values.length); // population: sqrt(60 / 10)
    for (double x : new double[] {5, 6, 0, -20, 100}) {
      double z = Math.abs(x - mean) / std;
      assertEquals(z / (z + 3), d.score(new double[] {x}), 1e-12, "x=" + x);
    }
    // Same as RollingZScore up to its sample-vs-population std: z_rolling = z * sqrt(9 / 10).
    Detector rolling = RollingZScore.spec(100).withMinPoints(2).create();
    for (double v : values) {
      rolling.learn(v);
    }
    double sRolling = rolling.score(14);
    double zRolling = 3 * sRolling / (1 - sRolling);
    double z = zRolling * Math.sqrt(10.0 / 9.0);
    assertEquals(z / (z + 3), d.score(new double[] {14}), 1e-12);
  }

  @Test
  void forgetsWithAlpha() {
    MahalanobisDetector d = (MahalanobisDetector) MahalanobisDetector.spec(2, 0.1).create();
    Random random = new Random(3);
    for (int i = 0; i < 300; i++) {
      d.learn(new double[] {random.nextGaussian(), random.nextGaussian()});
    }
    double[] shifted = {50, 50};
    double first = d.score(shifted);
    assertTrue(first > 0.9, "shift scores " + first);
    for (int i = 0; i < 300; i++) {
      d.learn(new double[] {50 + random.nextGaussian(), 50 + random.nextGaussian()});
    }
    assertArrayEquals(shifted, d.mean(), 2.0);
    assertTrue(d.score(shifted) < 0.5, "adapted: " + d.score(shifted));
    // alpha = 1 keeps only the last point: covariance 0, the last point scores 0, others 1.
    MahalanobisDetector last =
        learned(MahalanobisDetector.spec(2, 1.0), new double[] {1, 2}, new double[] {3, 4});
    assertEquals(0.0, last.score(new double[] {3, 4}));
    assertEquals(1.0, last.score(new double[] {3, 4.001}));
  }

  @Test
  void warmUp() {
    MahalanobisDetector.Spec spec = MahalanobisDetector.spec(3, 0.05);
    MultivariateDetector d = spec.create();
    assertEquals(0.0, d.score(new double[] {1, 2, 3}), "nothing learned: score 0");
    for (int i = 0; i < spec.minPoints(); i++) {
      assertFalse(d.isReady(), "ready after " + i);
      d.learn(new double[] {i, 2 * i % 7, i % 3});
    }
    assertTrue(d.isReady());
    MultivariateDetector e = spec.create();
    e.learn(new double[] {Double.NaN, 0, 0});
    e.learn(new double[] {0, Double.POSITIVE_INFINITY, 0});
    assertEquals(0, ((MahalanobisDetector) e).count(), "non-finite points are not learned");
  }

  @Test
  void constantHistory() {
    MahalanobisDetector d =
        learned(MahalanobisDetector.spec(2, ALL_DATA), new double[] {1, 1}, new double[] {1, 1});
    assertEquals(0.0, d.score(new double[] {1, 1}));
    assertEquals(1.0, d.score(new double[] {1, 1 + 1e-12}));
    // One constant component among varying ones: the ridge keeps S invertible, any deviation in
    // the constant component is extreme.
    MahalanobisDetector e = (MahalanobisDetector) MahalanobisDetector.spec(2, ALL_DATA).create();
    Random random = new Random(5);
    for (int i = 0; i < 100; i++) {
      e.learn(new double[] {random.nextGaussian(), 7});
    }
    assertTrue(e.score(new double[] {0, 7}) < 0.3);
    assertTrue(e.score(new double[] {0, 7.5}) > 0.99);
  }

  // ---------------------------------------------------------------- state

  @Test
  void decodeRejectsOtherDimension() throws Exception {
    byte[] bytes =
        CoderUtils.encodeToByteArray(
            MahalanobisDetector.spec(2, 0.1).stateCoder(), MahalanobisDetector.spec(2, 0.1).create());
    Coder<MultivariateDetector> three = MahalanobisDetector.spec(3, 0.1).stateCoder();
    assertThrows(CoderException.class, () -> three.decode(new ByteArrayInputStream(bytes)));
  }

  @Test
  void encodedSizeDependsOnlyOnDimension() throws Exception {
    for (int dim : new int[] {1, 2, 5, 64}) {
      MahalanobisDetector.Spec spec = MahalanobisDetector.spec(dim, 0.01);
      Coder<MultivariateDetector> coder = spec.stateCoder();
      int expected = 4 + 8 + 8 * (dim + dim * (dim + 1) / 2);
      MultivariateDetector d = spec.create();
      assertEquals(expected, CoderUtils.encodeToByteArray(coder, d).length);
      Random random = new Random(dim);
      int n = dim == 64 ? 200 : 5000;
      for (int i = 0; i < n; i++) {
        double[] x = new double[dim];
        for (int k = 0; k < dim; k++) {
          x[k] = random.nextGaussian();
        }
        d.score(x);
        d.learn(x);
        if (i == 0 || i == n - 1) {
          assertEquals(expected, CoderUtils.encodeToByteArray(coder, d).length, "dim " + dim);
        }
      }
      assertTrue(d.isReady());
    }
  }

  /** The contract every detector keeps. */
  @Nested
  class Contract extends DetectorContractTest.Multivariate {
    Contract() {
      super(() -> MahalanobisDetector.spec(3, 0.01), () -> MahalanobisDetector.spec(3, 0.02));
    }
  }
}
