package io.beamwise.benchmarks.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.lang.reflect.Method;
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
        "org.apache.beam.runners.flink.FlinkBatchTransformTranslators",
        "org.apache.beam.runners.flink.translation.types.CoderTypeSerializer",
        "org.apache.beam.runners.flink.translation.types.EncodedValueComparator",
        "org.apache.beam.runners.flink.translation.functions.FlinkStatefulDoFnFunction",
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

  /**
   * Flink's batch sort of {@code @RequiresTimeSortedInput} input is by two {@code long}s, a hash of
   * the encoded key and the epoch millis, which Flink compares on normalized binary keys alone: not
   * by a Joda {@code Instant}, which it would serialize with Kryo for every comparison, nor by the
   * key's bytes, whose normalized key leaves no room for the timestamp.
   */
  @ParameterizedTest
  @ValueSource(strings = {"KeyWithValueTimestampSelector", "KeyHashSelector"})
  void timeSortedInputIsGroupedAndSortedByLongs(String selectorName) throws Exception {
    Class<?> selector =
        Class.forName("org.apache.beam.runners.flink.FlinkBatchTransformTranslators$" + selectorName);
    Method getKey = null;
    for (Method m : selector.getDeclaredMethods()) {
      if (m.getName().equals("getKey") && !m.isBridge()) {
        getKey = m;
      }
    }
    assertNotNull(getKey, "no getKey in " + selector);
    assertEquals(Long.class, getKey.getReturnType());
  }
}
