package io.beamwise.pipelines.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A finished run as the report shows it.
 *
 * @param summary {@code summary.json} (an empty object when the run wrote none)
 * @param sensors every sensor with at least one score, in name order
 * @param deadLetters every dead letter, with the sensor and time found for it
 * @param labels the labels file used, if any
 * @param evaluation the NAB evaluation ({@code EvaluationReport}) of the run's {@code nab/}
 *     results against the labels, when both exist
 * @param evaluationProblem why there is no evaluation although labels exist, if so
 */
record RunData(
    Path results,
    JsonNode summary,
    List<SensorSeries> sensors,
    List<DeadLetterPlacement.Placed> deadLetters,
    Optional<Path> labels,
    Optional<ObjectNode> evaluation,
    Optional<String> evaluationProblem) {}
