package io.beamwise.pipelines.sensormonitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link FlinkRest} against a stand-in for Flink's REST API on 127.0.0.1, answering in the shapes
 * a Flink 1.19.0 session cluster gave for sensor-monitor (ids and names as it printed them).
 */
class FlinkRestTest {

  private HttpServer server;
  private FlinkRest rest;

  private static final Map<String, String> ANSWERS =
      Map.of(
          "/jobs/overview",
          "{\"jobs\":[{\"jid\":\"aaa\",\"name\":\"sensormonitor-root-1\",\"start-time\":100,\"state\":\"FINISHED\"},"
              + "{\"jid\":\"bbb\",\"name\":\"sensormonitor-root-1\",\"start-time\":200,\"state\":\"RUNNING\"},"
              + "{\"jid\":\"ccc\",\"name\":\"other\",\"start-time\":300,\"state\":\"RUNNING\"}]}",
          "/jobs/bbb",
          "{\"jid\":\"bbb\",\"state\":\"RUNNING\",\"vertices\":[{\"id\":\"v1\",\"name\":\"Source: Read -> Parse\"},{\"id\":\"v2\",\"name\":\"Score\"}]}",
          "/jobs/bbb/vertices/v1/subtasks/metrics",
          "[{\"id\":\"Read_Kafka/To_source_lines/ParMultiDo(ToSourceLine).beamwise_io_lines_read\"},"
              + "{\"id\":\"Parse/Parse_readings/Parse_lines.beamwise_parse_parsed\"},"
              + "{\"id\":\"Parse/Parse_readings/Parse_lines.beamwise_parse_failed\"},"
              + "{\"id\":\"Parse/Parse_readings/Parse_lines.beamwise_parse_failed_bad_value\"},"
              + "{\"id\":\"Parse/Parse_readings/Parse_lines.numRecordsIn\"}]",
          "/jobs/bbb/vertices/v2/subtasks/metrics",
          "[{\"id\":\"Score/Score_in_event-time_order.beamwise_anomaly_scored\"},"
              + "{\"id\":\"Score/Score_in_event-time_order.beamwise_anomaly_alerts\"}]",
          "/jobs/bbb/vertices/v1/watermarks",
          "[{\"id\":\"0.currentInputWatermark\",\"value\":\"1796532688504\"},"
              + "{\"id\":\"1.currentInputWatermark\",\"value\":\"-9223372036854775808\"}]",
          "/jobs/bbb/vertices/v2/watermarks",
          "[{\"id\":\"0.currentInputWatermark\",\"value\":\"1796532600000\"}]");

  private static final Map<String, Double> SUMS =
      Map.of(
          "Read_Kafka/To_source_lines/ParMultiDo(ToSourceLine).beamwise_io_lines_read", 1000.0,
          "Parse/Parse_readings/Parse_lines.beamwise_parse_parsed", 990.0,
          "Parse/Parse_readings/Parse_lines.beamwise_parse_failed", 10.0,
          "Parse/Parse_readings/Parse_lines.beamwise_parse_failed_bad_value", 10.0,
          "Score/Score_in_event-time_order.beamwise_anomaly_scored", 900.0,
          "Score/Score_in_event-time_order.beamwise_anomaly_alerts", 3.0);

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          String query = exchange.getRequestURI().getRawQuery();
          String body;
          if (query != null && query.contains("get=")) {
            // ?agg=sum&get=a,b: the sums of the named metrics over the subtasks
            String get = URLDecoder.decode(query.substring(query.indexOf("get=") + 4), StandardCharsets.UTF_8);
            StringBuilder b = new StringBuilder("[");
            for (String id : get.split(",")) {
              b.append(b.length() > 1 ? "," : "").append("{\"id\":\"").append(id).append("\",\"sum\":")
                  .append(SUMS.getOrDefault(id, 0.0)).append('}');
            }
            body = b.append(']').toString();
          } else {
            body = ANSWERS.get(path);
          }
          byte[] bytes = (body == null ? "{\"errors\":[\"Not found\"]}" : body).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    rest = new FlinkRest("127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void findsTheLatestJobOfAName() throws Exception {
    assertEquals(Optional.of("bbb"), rest.jobId("sensormonitor-root-1"));
    assertEquals(Optional.empty(), rest.jobId("nope"));
    assertEquals("RUNNING", rest.state("bbb"));
    assertEquals("http://127.0.0.1:" + server.getAddress().getPort() + "/#/job/running/bbb/overview", rest.webUi("bbb"));
  }

  @Test
  void sumsBeamCountersByNamespaceAndName() throws Exception {
    Map<String, Long> counters = rest.counters("bbb", Progress.COUNTERS);
    assertEquals(
        Map.of(
            "beamwise.io/lines_read", 1000L,
            "beamwise.parse/parsed", 990L,
            "beamwise.parse/failed", 10L,
            "beamwise.anomaly/scored", 900L,
            "beamwise.anomaly/alerts", 3L),
        counters);
    Summary summary = Summary.ofCounters(counters, false);
    assertEquals(1000, summary.get("records_read"));
    assertEquals(List.of(990L, 10L), List.of(summary.get("parsed"), summary.get("dead_lettered")));
  }

  @Test
  void theWatermarkIsTheLowestOneSet() throws Exception {
    assertEquals(OptionalLong.of(1796532600000L), rest.watermark("bbb"));
  }
}
