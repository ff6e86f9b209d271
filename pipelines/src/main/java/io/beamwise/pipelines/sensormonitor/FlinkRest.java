package io.beamwise.pipelines.sensormonitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A running Flink job seen through Flink's REST API (the JobManager's web UI address, e.g.
 * {@code 127.0.0.1:8081}), read-only: the job's id by name, Beam's counters and the watermark.
 *
 * <p>The FlinkRunner registers every Beam counter as a Flink metric of the operator that updates
 * it, named {@code <namespace with . as _>_<name>} (e.g. {@code beamwise_anomaly_scored}) under the
 * operator's name (the Beam step, e.g. {@code Score/Score_in_event-time_order}); REST gives them
 * per job vertex at {@code /jobs/JOB/vertices/VERTEX/subtasks/metrics?get=...&agg=sum}, summed over
 * subtasks. The watermark is {@code currentInputWatermark} per subtask at {@code
 * /jobs/JOB/vertices/VERTEX/watermarks}. (Read off a Flink 1.19.0 session cluster running
 * sensor-monitor from Kafka.)
 */
final class FlinkRest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** @param master {@code HOST:PORT} of the JobManager's REST endpoint, or an {@code http://} URL */
  FlinkRest(String master) {
    String m = master.startsWith("http://") || master.startsWith("https://") ? master : "http://" + master;
    this.base = m.endsWith("/") ? m.substring(0, m.length() - 1) : m;
  }

  /** The web UI page of a job. */
  String webUi(String jobId) {
    return base + "/#/job/running/" + jobId + "/overview";
  }

  /** The id of the most recently started job named {@code name}, if the cluster lists one. */
  Optional<String> jobId(String name) throws IOException {
    String found = null;
    long latest = Long.MIN_VALUE;
    for (JsonNode job : get("/jobs/overview").path("jobs")) {
      if (name.equals(job.path("name").asText()) && job.path("start-time").asLong() > latest) {
        latest = job.path("start-time").asLong();
        found = job.path("jid").asText();
      }
    }
    return Optional.ofNullable(found);
  }

  /** The job's state, e.g. {@code RUNNING}, {@code FINISHED}. */
  String state(String jobId) throws IOException {
    return get("/jobs/" + jobId).path("state").asText("UNKNOWN");
  }

  /**
   * The sums over the job's operators of the Beam counters named {@code namespace/name} in {@code
   * counters}; absent ones are left out.
   */
  Map<String, Long> counters(String jobId, Collection<String> counters) throws IOException {
    Map<String, String> bySuffix = new LinkedHashMap<>();
    for (String c : counters) {
      int slash = c.indexOf('/');
      bySuffix.put("." + c.substring(0, slash).replace('.', '_') + "_" + c.substring(slash + 1), c);
    }
    Map<String, Long> out = new LinkedHashMap<>();
    for (String vertex : vertices(jobId)) {
      String path = "/jobs/" + jobId + "/vertices/" + vertex + "/subtasks/metrics";
      List<String> wanted = new ArrayList<>();
      for (JsonNode m : get(path)) {
        String id = m.path("id").asText();
        bySuffix.keySet().stream().filter(id::endsWith).findFirst().ifPresent(s -> wanted.add(id));
      }
      if (wanted.isEmpty()) {
        continue;
      }
      String query = URLEncoder.encode(String.join(",", wanted), StandardCharsets.UTF_8);
      for (JsonNode m : get(path + "?agg=sum&get=" + query)) {
        String id = m.path("id").asText();
        bySuffix.entrySet().stream()
            .filter(e -> id.endsWith(e.getKey()))
            .findFirst()
            .ifPresent(e -> out.merge(e.getValue(), (long) m.path("sum").asDouble(), Long::sum));
      }
    }
    return out;
  }

  /** The lowest input watermark of the job's operators (epoch ms), if any has one yet. */
  OptionalLong watermark(String jobId) throws IOException {
    long min = Long.MAX_VALUE;
    for (String vertex : vertices(jobId)) {
      for (JsonNode w : get("/jobs/" + jobId + "/vertices/" + vertex + "/watermarks")) {
        long value = w.path("value").asLong(Long.MIN_VALUE);
        // Flink reports Long.MIN_VALUE before the first watermark.
        if (value > 0) {
          min = Math.min(min, value);
        }
      }
    }
    return min == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(min);
  }

  private List<String> vertices(String jobId) throws IOException {
    List<String> ids = new ArrayList<>();
    get("/jobs/" + jobId).path("vertices").forEach(v -> ids.add(v.path("id").asText()));
    return ids;
  }

  private JsonNode get(String path) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(3)).GET().build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException("GET " + base + path + ": HTTP " + response.statusCode());
      }
      return JSON.readTree(response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
