package io.beamwise.benchmarks;

import io.beamwise.anomaly.detectors.Detector;
import io.beamwise.anomaly.detectors.Detectors;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Detector throughput: points per second, each point scored then learned (prequential), on one
 * thread, over a seeded Gaussian series (mean 20, sd 1) with a spike of ±15 sd every 500 points.
 * The detector keeps learning across invocations, so after the first invocation its window is full.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DetectorBenchmark {

  private static final int N = 4096;

  /** Detector specs in {@link Detectors} text form. */
  @Param({"zscore:288", "ewma:100", "robust:288", "iqr:288", "hst:250", "rcf:8", "re:52", "cad", "spatial", "likelihood(cad)", "likelihood(re:52)", "spot(cad,0.75)", "max(align(re:52,0.5),cad)", "max(align(re:52,0.5),spot(cad,0.75),spatial)"})
  public String detector;

  private double[] values;
  private Detector d;

  /** A seeded Gaussian series around 20 with a spike every 500 points. */
  static double[] series(int n) {
    Random random = new Random(1);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = 20 + random.nextGaussian();
      if (i % 500 == 499) {
        values[i] += (random.nextBoolean() ? 15 : -15);
      }
    }
    return values;
  }

  @Setup
  public void setUp() {
    values = series(N);
    d = Detectors.parse(detector).create();
    for (double v : values) {
      d.learn(v);
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public double scoreAndLearn() {
    double sum = 0;
    // Score then learn without Prequential's readiness check: the detector is ready after setUp,
    // and the figures stay comparable with those measured before (docs/benchmarks.md).
    for (double v : values) {
      sum += d.score(v);
      d.learn(v);
    }
    return sum;
  }
}
