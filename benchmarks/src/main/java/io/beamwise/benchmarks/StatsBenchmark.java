package io.beamwise.benchmarks;

import io.beamwise.stats.Stats;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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

/** {@link Stats} throughput: values added per second, and merges per second, on one thread. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StatsBenchmark {

  private static final int N = 4096;
  private double[] values;
  private Stats[] parts;

  @Setup
  public void setUp() {
    Random random = new Random(1);
    values = new double[N];
    for (int i = 0; i < N; i++) {
      values[i] = 20 + random.nextGaussian();
    }
    parts = new Stats[N];
    for (int i = 0; i < N; i++) {
      parts[i] = Stats.of(values[i], values[(i + 1) % N], values[(i + 7) % N]);
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public Stats add() {
    Stats s = new Stats();
    for (double v : values) {
      s.add(v);
    }
    return s;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public Stats merge() {
    Stats s = new Stats();
    for (Stats p : parts) {
      s.merge(p);
    }
    return s;
  }
}
