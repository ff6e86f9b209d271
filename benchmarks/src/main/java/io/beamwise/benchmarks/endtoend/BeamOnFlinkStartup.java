package io.beamwise.benchmarks.endtoend;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.transforms.Count;

/**
 * The fixed cost of Beam on the FlinkRunner, without beamwise: the smallest pipeline that runs a
 * job (10,000 generated numbers, counted) on the same embedded mini cluster and parallelism as the
 * {@code beamwise-flink} variant. Prints the process's CPU time around the run split as {@link
 * RunVariant} does:
 *
 * <pre>
 * STARTUP cpu_ns c2_compiler_ns c1_compiler_ns gc_and_vm_ns rest_ns
 * </pre>
 *
 * <p>Compared with {@code RunVariant flink} and {@code RunVariant beamwise-flink} on 10,000
 * readings (almost only start-up), it tells the runner's own start-up from that of beamwise's
 * pipeline. Usage: {@code BeamOnFlinkStartup} (no arguments).
 */
public final class BeamOnFlinkStartup {

  private BeamOnFlinkStartup() {}

  public static void main(String[] args) throws Exception {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    Pipeline p = Pipeline.create(Variant.localFlink(2, ""));
    p.apply(GenerateSequence.from(0).to(10_000)).apply(Count.globally());
    p.run().waitUntilFinish();
    long cpu = os.getProcessCpuTime() - cpu0;
    System.out.printf("STARTUP %d %s%n", cpu, ThreadGroupsCpu.split(cpu));
    System.out.flush();
    System.exit(0); // Flink leaves non-daemon threads behind
  }
}
