package io.beamwise.benchmarks.endtoend;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * CPU time of this process's JIT compiler threads and of its garbage collector and VM threads, read
 * from {@code /proc/self/task/<tid>/stat} (user + system time; Linux only, in clock ticks of 1/100
 * s, the kernel's USER_HZ on every mainstream Linux). These threads live as long as the JVM, so at
 * the end of a run their times are complete; the rest of the process's CPU time is the application's
 * threads (Flink's tasks, Beam's and the job's code, class loading), many of which have ended by
 * then. Shows how much of a short run is the JIT compiling code rather than the code running.
 */
final class ThreadGroupsCpu {
  private static final long NANOS_PER_TICK = 10_000_000L;

  /** Nanoseconds of CPU of the C2 and C1 compiler threads and of the GC and VM threads, or null without /proc. */
  static long[] compilerAndGcNanos() {
    long c2 = 0;
    long c1 = 0;
    long gc = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Paths.get("/proc/self/task"))) {
      for (Path task : tasks) {
        String name;
        String stat;
        try {
          name = Files.readString(task.resolve("comm")).trim();
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException ended) {
          continue; // the thread ended while we looked
        }
        // fields after the ")" closing the thread name: state is field 3, utime 14, stime 15
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        if (name.startsWith("C2 Compiler")) {
          c2 += ticks;
        } else if (name.startsWith("C1 Compiler")) {
          c1 += ticks;
        } else if (name.startsWith("GC Thread") || name.startsWith("ParGC") || name.startsWith("VM ")
            || name.startsWith("G1 ")) {
          gc += ticks;
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return new long[] {c2 * NANOS_PER_TICK, c1 * NANOS_PER_TICK, gc * NANOS_PER_TICK};
  }

  /**
   * {@code cpuNanos} split as {@code "c2_compiler_ns c1_compiler_ns gc_and_vm_ns rest_ns"}, the rest
   * being {@code cpuNanos} less the three; {@code "-1 -1 -1 -1"} without /proc.
   */
  static String split(long cpuNanos) {
    long[] jvm = compilerAndGcNanos();
    if (jvm == null) {
      return "-1 -1 -1 -1";
    }
    return jvm[0] + " " + jvm[1] + " " + jvm[2] + " " + (cpuNanos - jvm[0] - jvm[1] - jvm[2]);
  }

  private ThreadGroupsCpu() {}
}
