package io.beamwise.pipelines.sensormonitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beamwise.io.generator.MalformedShape;
import io.beamwise.io.generator.SensorGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reconciles a {@code sensor-monitor} run on the generator with what the generator says it
 * produced ({@link SensorGenerator.Census}):
 *
 * <ul>
 *   <li>records read = records generated;
 *   <li>readings dead-lettered by the parser = malformed records generated, reason by reason
 *       (each {@link MalformedShape} has its parse reason);
 *   <li>readings found late (for windows, for scoring) ≤ late records generated: on-time records
 *       are never behind the generator's watermark, so only generated-late ones can be late. A
 *       bounded run sees none late (the runner holds the watermark until all input is read).
 * </ul>
 */
final class GeneratorReconciliation {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** The stage of parse dead letters ({@code ParseSensorReadings}). */
  private static final String PARSE_STAGE = "parse";

  private GeneratorReconciliation() {}

  static void check(Summary summary, SensorGenerator.Census census) {
    Map<String, Long> expectedReasons = new TreeMap<>();
    census.malformedByShape.forEach((shape, n) -> expectedReasons.merge(shape.parseReason(), n, Long::sum));
    Map<String, Long> actualReasons = new TreeMap<>(summary.parseDeadLetterReasons());
    summary
        .with("generated_records", census.records)
        .with("generated_on_time", census.onTime)
        .with("generated_late", census.late)
        .with("generated_malformed", census.malformed)
        .check(
            summary.get("records_read") == census.records,
            "records_read " + summary.get("records_read") + " != generated_records " + census.records)
        .check(
            summary.get("dead_lettered") == census.malformed,
            "dead_lettered " + summary.get("dead_lettered") + " != generated_malformed " + census.malformed)
        .check(
            actualReasons.equals(expectedReasons),
            "parse dead letters by reason " + actualReasons + " != generated " + expectedReasons)
        .check(
            summary.get("late_for_windows") <= census.late && summary.get("late_for_scoring") <= census.late,
            "late_for_windows " + summary.get("late_for_windows") + " or late_for_scoring "
                + summary.get("late_for_scoring") + " > generated_late " + census.late);
  }
}
