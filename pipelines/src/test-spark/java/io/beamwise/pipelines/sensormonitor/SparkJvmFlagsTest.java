package io.beamwise.pipelines.sensormonitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Spark tests run with the JVM flags users get from {@code runners-config/spark-local.jvm}:
 * the spark profile's {@code spark.jvm.flags} (surefire argLine) must list the same ones.
 */
class SparkJvmFlagsTest {

  static List<String> configFlags() throws IOException {
    // Surefire runs in the module directory; the config is at the repository root.
    Path file = Paths.get("..", "runners-config", "spark-local.jvm");
    return Files.readAllLines(file).stream()
        .map(String::trim)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .collect(Collectors.toList());
  }

  @Test
  void surefireJvmHasExactlyTheFlagsOfSparkLocalJvm() throws IOException {
    Set<String> running =
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports") || a.startsWith("-Dspark."))
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(new TreeSet<>(configFlags()), running);
  }
}
