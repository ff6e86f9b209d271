package io.beamwise.pipelines.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beamwise.pipelines.evaluate.Evaluate;
import io.beamwise.windows.WindowSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Reads a run's results into {@link RunData}: the window statistics first (they give each sensor's
 * time span), then the dead letters, then one pass over the scores, then labels and the NAB
 * evaluation. Memory grows with sensors × buckets, windows, alerts and dead letters, not with
 * readings.
 */
final class RunLoader {

  private RunLoader() {}

  static RunData load(ReportRequest request) throws IOException {
    ResultFiles files = ResultFiles.in(request.results());
    JsonNode summary = files.summary().orElse(JsonNodeFactory.instance.objectNode());
    boolean accumulating = accumulating(summary);
    Optional<ReportLabels> labels = ReportLabels.find(request.labels(), request.results());
    // NAB's scoring of the nab/ results needs none of the rest: it runs beside the reading.
    CompletableFuture<ObjectNode> nab =
        labels.isPresent() && files.nabResults().isPresent()
            ? CompletableFuture.supplyAsync(() -> evaluate(files.nabResults().get(), labels.get()))
            : CompletableFuture.completedFuture(null);
    Map<String, SensorSeries> sensors = new TreeMap<>();
    files.forEachWindow(
        w -> sensors.computeIfAbsent(w.sensor(), s -> new SensorSeries(s, request.buckets(), accumulating)).addWindow(w));
    sensors.values().forEach(SensorSeries::windowsDone);

    DeadLetterPlacement placement = new DeadLetterPlacement(request.zone());
    List<DeadLetterPlacement.Placed> deadLetters = new ArrayList<>();
    files.forEachDeadLetter(d -> deadLetters.add(placement.place(d)));
    NeighbourTimes neighbours =
        new NeighbourTimes(
            deadLetters.stream()
                .filter(d -> d.time() == DeadLetterPlacement.NO_TIME)
                .map(DeadLetterPlacement.Placed::row)
                .toList());

    files.forEachScore(
        r -> {
          sensors.computeIfAbsent(r.sensor(), s -> newSeries(s, request.buckets(), accumulating)).addScore(r);
          neighbours.offer(r);
        });
    // A sensor seen only in windows or dead letters has no chart.
    sensors.values().removeIf(s -> s.readings() == 0);

    List<DeadLetterPlacement.Placed> placed = new ArrayList<>();
    for (DeadLetterPlacement.Placed d : deadLetters) {
      long time = d.time() != DeadLetterPlacement.NO_TIME ? d.time() : neighbours.timeOf(d.row().source(), d.row().line());
      DeadLetterPlacement.Placed withTime = new DeadLetterPlacement.Placed(d.row(), d.sensor(), time, d.value());
      placed.add(withTime);
      SensorSeries s = d.sensor() == null ? null : sensors.get(d.sensor());
      if (s != null) {
        s.addDeadLetter(withTime, time);
      }
    }

    labels.ifPresent(
        l ->
            l.bySensor(request.zone())
                .forEach(
                    (sensor, windows) -> {
                      SensorSeries s = sensors.get(sensor);
                      if (s != null) {
                        windows.forEach(w -> s.addLabel(w[0], w[1]));
                      }
                    }));
    sensors.values().forEach(SensorSeries::finish);

    Optional<ObjectNode> evaluation = Optional.empty();
    Optional<String> problem = Optional.empty();
    if (labels.isPresent() && files.nabResults().isPresent()) {
      try {
        evaluation = Optional.of(nab.join());
      } catch (java.util.concurrent.CompletionException e) {
        if (e.getCause() instanceof IllegalArgumentException) {
          problem = Optional.of(e.getCause().getMessage());
        } else if (e.getCause() instanceof java.io.UncheckedIOException io) {
          throw io.getCause();
        } else {
          throw e;
        }
      }
    } else if (labels.isPresent()) {
      problem =
          Optional.of(
              "no NAB evaluation: the run wrote no nab/ results (only file input does); the labelled"
                  + " windows are shown per sensor, with whether an alert fell in each");
    }
    return new RunData(
        request.results(),
        summary,
        new ArrayList<>(sensors.values()),
        placed,
        labels.map(ReportLabels::file),
        evaluation,
        problem);
  }

  private static ObjectNode evaluate(Path nabResults, ReportLabels labels) {
    try {
      return Evaluate.evaluate(nabResults, labels.windows());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A sensor first seen in the scores (no windows): its readings are kept until the end. */
  private static SensorSeries newSeries(String sensor, int buckets, boolean accumulating) {
    SensorSeries s = new SensorSeries(sensor, buckets, accumulating);
    s.windowsDone();
    return s;
  }

  private static boolean accumulating(JsonNode summary) {
    JsonNode window = summary.get("window");
    if (window == null || !window.isTextual()) {
      return false;
    }
    try {
      return WindowSpec.parse(window.asText()).isAccumulating();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
