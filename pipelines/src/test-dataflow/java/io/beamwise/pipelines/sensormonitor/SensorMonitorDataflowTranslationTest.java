package io.beamwise.pipelines.sensormonitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.net.ProxySelector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.beam.runners.dataflow.util.DataflowTemplateJob;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sensor-monitor} translates for the DataflowRunner: the job the runner would submit
 * (written offline, see {@link OfflineDataflow}) has the reads, the parse, the window statistics,
 * the stateful per-sensor scoring and every write, in batch and in streaming.
 */
class SensorMonitorDataflowTranslationTest {

  @TempDir Path dir;
  private ProxySelector previous;
  private OfflineDataflow.NoNetwork network;

  @BeforeEach
  void refuseNetwork() {
    previous = ProxySelector.getDefault();
    network = new OfflineDataflow.NoNetwork();
    ProxySelector.setDefault(network);
  }

  @AfterEach
  void noNetworkWasTried() {
    ProxySelector.setDefault(previous);
    assertEquals(List.of(), network.attempts, "the translation tried to reach the network");
  }

  /** One translated step: its Dataflow kind and the user-visible name of the Beam transform. */
  private static final class Step {
    final String kind;
    final String userName;
    final JsonNode properties;

    Step(JsonNode json) {
      this.kind = json.get("kind").asText();
      this.properties = json.get("properties");
      this.userName = properties.path("user_name").path("value").asText();
    }

    @Override
    public String toString() {
      return kind + " " + userName;
    }
  }

  private JsonNode translate(String... pipelineArgs) throws IOException {
    Path job = dir.resolve("job.json");
    Path staged = Files.writeString(dir.resolve("staged.txt"), "offline");
    List<String> args = new ArrayList<>(OfflineDataflow.args(job, staged));
    args.addAll(List.of(pipelineArgs));
    SensorMonitorOptions options =
        OfflineDataflow.withoutUploads(
            PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
                .withValidation()
                .as(SensorMonitorOptions.class));
    Pipeline pipeline = Pipeline.create(options);
    SensorMonitor.build(pipeline, SensorMonitor.Settings.from(options));
    PipelineResult result = pipeline.run();
    // A template job: written to the local file, never submitted.
    assertInstanceOf(DataflowTemplateJob.class, result);
    return OfflineDataflow.readJob(job);
  }

  private static List<Step> steps(JsonNode job) {
    List<Step> steps = new ArrayList<>();
    job.get("steps").forEach(s -> steps.add(new Step(s)));
    return steps;
  }

  private static Optional<Step> find(List<Step> steps, String kind, String userNamePrefix) {
    return steps.stream()
        .filter(s -> s.kind.equals(kind) && s.userName.startsWith(userNamePrefix))
        .findFirst();
  }

  private static Step require(List<Step> steps, String kind, String userNamePrefix) {
    return find(steps, kind, userNamePrefix)
        .orElseThrow(
            () ->
                new AssertionError(
                    "no " + kind + " step named " + userNamePrefix + "... among\n"
                        + steps.stream().map(Step::toString).collect(Collectors.joining("\n"))));
  }

  private static boolean booleanProperty(Step step, String name) {
    return step.properties.path(name).path("value").asBoolean(false);
  }

  private static void requireWrite(List<Step> steps, String write, String innerStep) {
    boolean found =
        steps.stream()
            .anyMatch(
                s ->
                    s.kind.equals("ParallelDo")
                        && s.userName.startsWith(write + "/")
                        && s.userName.contains(innerStep));
    if (!found) {
      throw new AssertionError(
          "no ParallelDo step " + write + "/..." + innerStep + " among\n"
              + steps.stream().map(Step::toString).collect(Collectors.joining("\n")));
    }
  }

  private static void assertWritesEveryOutput(List<Step> steps) {
    for (String write :
        List.of(
            "Write results/Write window-stats",
            "Write results/Write scores",
            "Write results/Write alerts",
            "Write results/Write dead-letter")) {
      // WriteLines writes parts as the runner likes
      // ("Write results/Write scores/Write scores.jsonl parts/..."),
      // then one step concatenates them into the single file.
      // Batch writes unsharded bundles; streaming shards them.
      requireWrite(steps, write, "BundlesToTempFiles");
      requireWrite(steps, write, "/WriteFiles/FinalizeTempFileBundles/Finalize");
      requireWrite(steps, write, "/Concatenate parts");
    }
  }

  @Test
  void batchJobOnNabFileHasEveryStage() throws IOException {
    Path data = NabData.realKnownCause().orElse(null);
    Assumptions.assumeTrue(data != null, NabData.missingMessage());
    JsonNode job =
        translate(
            "--input=" + data.resolve("machine_temperature_system_failure.csv"),
            "--output=" + OfflineDataflow.BUCKET + "/out",
            "--window=tumbling:1h",
            "--detector=max(zscore:288,robust:288)",
            "--timeZone=Europe/Paris");
    List<Step> steps = steps(job);

    assertEquals("JOB_TYPE_BATCH", job.get("type").asText());
    // Read: match the glob, open the files, read lines with their positions.
    require(steps, "ParallelDo", "Read/Read lines");
    require(steps, "ParallelDo", "Parse/");
    // Scoring: Dataflow batch runs a stateful ParDo after a GroupByKey on the sensor that sorts
    // each key's values by event time (our DoFn requires time-sorted input). The same pass
    // computes the window statistics, which are then put into their 1h windows: no GroupByKey of
    // their own (one shuffle of the readings, not two).
    require(steps, "Bucket", "Monitor/Score/Into their windows");
    assertFalse(
        find(steps, "GroupByKey", "Monitor/Window stats/").isPresent()
            || find(steps, "GroupByKey", "Monitor/Score/Window stats/").isPresent(),
        "window statistics shuffled separately in a batch job");
    Step byKey =
        require(
            steps,
            "GroupByKey",
            "Monitor/Score/Score in event-time order/BatchStatefulParDoOverrides.GbkBeforeStatefulParDo");
    assertTrue(booleanProperty(byKey, "sort_values"), "scoring input is not sorted: " + byKey.properties);
    require(steps, "ParallelDo", "Monitor/Score/Score in event-time order/ParMultiDo(BatchStateful)");
    require(steps, "ParallelDo", "Monitor/Only alerts/");
    // File input also writes NAB results files, one per source file.
    require(steps, "GroupByKey", "Write NAB results/Group by source");
    require(steps, "Flatten", "Monitor/Dead letters/Flatten");
    assertWritesEveryOutput(steps);

    JsonNode environment = job.get("environment");
    assertEquals(OfflineDataflow.BUCKET + "/tmp", environment.get("tempStoragePrefix").asText());
    JsonNode options = environment.get("sdkPipelineOptions").get("options");
    assertEquals(OfflineDataflow.BUCKET + "/out", options.get("output").asText());
    assertEquals("max(zscore:288,robust:288)", options.get("detector").asText());
    assertEquals(OfflineDataflow.PROJECT, options.get("project").asText());
    // The input time zone is ours alone: Dataflow would take a --zone as the workers' zone.
    assertEquals("Europe/Paris", options.get("timeZone").asText());
    assertTrue(environment.path("workerZone").isMissingNode(), "worker zone set: " + environment.get("workerZone"));
  }

  @Test
  void streamingJobKeepsTheStatefulScoringAndFiringWindows() throws IOException {
    JsonNode job =
        translate(
            "--streaming=true",
            "--output=" + OfflineDataflow.BUCKET + "/out",
            "--window=tumbling:1h,lateness=10m,early=30s");
    List<Step> steps = steps(job);

    assertEquals("JOB_TYPE_STREAMING", job.get("type").asText());
    require(steps, "ParallelRead", "Generate/");
    require(steps, "ParallelDo", "Parse/");
    // Streaming: the statistics come from their own combining GroupByKey in the firing windows.
    require(steps, "GroupByKey", "Monitor/Score/Window stats/Aggregate/Combine per key/GroupByKey");
    // Streaming Dataflow keeps keyed state itself: no batch GroupByKey before the scoring.
    Step scoring = require(steps, "ParallelDo", "Monitor/Score/Score in event-time order");
    assertFalse(
        scoring.userName.contains("BatchStateful"), "batch override in a streaming job: " + scoring);
    assertFalse(
        find(steps, "GroupByKey", "Monitor/Score/Score in event-time order").isPresent(), "streaming scoring has a GroupByKey");
    // The generator has no source files: no NAB results.
    assertFalse(find(steps, "ParallelDo", "Write NAB results/").isPresent());
    assertWritesEveryOutput(steps);
  }
}
