package io.beamwise.benchmarks;

import io.beamwise.stats.QuantilesFn;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link QuantilesFn} accumulator (KLL sketch, k = 200) throughput: values added per second, and
 * merges of small (3-value) sketches per second, on one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class QuantilesBenchmark {

  private static final int N = 4096;
  private final QuantilesFn fn = QuantilesFn.of(0.5, 0.95, 0.99);
  private double[] values;
  private KllDoublesSketch[] parts;

  @Setup
  public void setUp() {
    Random random = new Random(1);
    values = new double[N];
    for (int i = 0; i < N; i++) {
      values[i] = 20 + random.nextGaussian();
    }
    parts = new KllDoublesSketch[N];
    for (int i = 0; i < N; i++) {
      KllDoublesSketch s = fn.createAccumulator();
      s.update(values[i]);
      s.update(values[(i + 1) % N]);
      s.update(values[(i + 7) % N]);
      parts[i] = s;
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public KllDoublesSketch add() {
    KllDoublesSketch s = fn.createAccumulator();
    for (double v : values) {
      s.update(v);
    }
    return s;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public KllDoublesSketch merge() {
    KllDoublesSketch s = fn.createAccumulator();
    for (KllDoublesSketch p : parts) {
      s.merge(p);
    }
    return s;
  }
}
