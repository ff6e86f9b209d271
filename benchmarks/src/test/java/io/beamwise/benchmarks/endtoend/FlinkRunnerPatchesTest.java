package io.beamwise.benchmarks.endtoend;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URL;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The benchmarks run the FlinkRunner with beamwise's patched classes (module {@code
 * beamwise-runners-flink-patches}), as sensor-monitor's flink jar does: each patched class must be
 * loaded from the patches, not from the runner's jar, which has a class of the same name.
 */
class FlinkRunnerPatchesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "org.apache.beam.runners.flink.translation.wrappers.streaming.io.source.FlinkSourceSplitEnumerator",
        "org.apache.beam.runners.flink.translation.wrappers.streaming.io.source.unbounded.FlinkUnboundedSourceReader"
      })
  void patchedClassComesFromThePatches(String className) throws Exception {
    Class<?> c = Class.forName(className, false, getClass().getClassLoader());
    URL from = c.getProtectionDomain().getCodeSource().getLocation();
    assertNotNull(from, className);
    assertFalse(
        from.toString().contains("beam-runners-flink"),
        className + " was loaded from the runner's own jar " + from + ", not from the patches");
  }
}
