package io.beamwise.benchmarks.endtoend;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Runs one variant once in this JVM and prints one result line for {@link Bench}:
 *
 * <pre>
 * RESULT variant events wall_ns cpu_ns vm_hwm_kib windows window_checksum scores score_checksum alerts
 * </pre>
 *
 * <p>Wall and CPU time (all threads of the process: workers, GC, JIT) are measured around the
 * run, which includes starting Flink's mini cluster; JVM start-up is not included. Peak memory
 * is the process's resident-set high-water mark ({@code VmHWM} in /proc/self/status), in KiB,
 * or -1 where there is no /proc. A second line splits the CPU time by thread ({@link
 * ThreadGroupsCpu}; -1 where there is no /proc):
 *
 * <pre>
 * THREADS variant c2_compiler_ns c1_compiler_ns gc_and_vm_ns rest_ns
 * </pre>
 *
 * <p>Usage: {@code RunVariant VARIANT INPUT_FILE PARALLELISM EVENTS}.
 */
public final class RunVariant {

  private RunVariant() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: RunVariant VARIANT INPUT_FILE PARALLELISM EVENTS");
      System.exit(2);
    }
    Variant variant = Variant.of(args[0]);
    Path input = Paths.get(args[1]);
    int parallelism = Integer.parseInt(args[2]);
    long events = Long.parseLong(args[3]);
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    Outcome o = variant.run(input, parallelism);
    long wall = System.nanoTime() - t0;
    long cpu = os.getProcessCpuTime() - cpu0;
    System.out.printf(
        "RESULT %s %d %d %d %d %d %d %d %d %d%n",
        variant.id(), events, wall, cpu, peakRssKib(), o.windows, o.windowChecksum, o.scores,
        o.scoreChecksum, o.alerts);
    System.out.printf("THREADS %s %s%n", variant.id(), ThreadGroupsCpu.split(cpu));
    System.out.flush();
    // Flink and Beam leave non-daemon threads behind; the result is out.
    System.exit(0);
  }

  /** VmHWM of this process in KiB, or -1 when unknown. */
  static long peakRssKib() {
    try {
      for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
