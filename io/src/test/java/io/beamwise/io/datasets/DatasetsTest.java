package io.beamwise.io.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.beamwise.testing.NabFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dataset cache against the shared NAB copy (as the cache) and against a local HTTP server
 * on 127.0.0.1 standing in for GitHub.
 */
class DatasetsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path cache;

  private Path shared;
  private HttpServer server;
  private final Map<String, byte[]> served = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void setUp() throws IOException {
    shared = NabFiles.datasetsDir().orElse(null);
    assumeTrue(shared != null, NabFiles.missingMessage());
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/nab/",
        exchange -> {
          requests.incrementAndGet();
          byte[] body = served.get(exchange.getRequestURI().getPath().substring("/nab/".length()));
          exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
          if (body != null) {
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.stop(0);
    }
  }

  private Datasets localCache() {
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/nab/");
    return Datasets.in(cache).withNabBaseUrl(base).withTimeout(Duration.ofSeconds(10));
  }

  /** Serves NAB's files as GitHub would: the seven series, and the labels with other entries too. */
  private void serveNab() throws IOException {
    for (Dataset d : Dataset.values()) {
      byte[] bytes = Files.readAllBytes(shared.resolve(d.cachePath()));
      if (d == Dataset.NAB_REAL_KNOWN_CAUSE_LABELS) {
        ObjectNode all = (ObjectNode) JSON.readTree(bytes);
        all.putArray("artificialWithAnomaly/art_daily_jumpsup.csv")
            .addArray()
            .add("2014-04-11 00:00:00.000000")
            .add("2014-04-12 09:00:00.000000");
        bytes = JSON.writeValueAsBytes(all);
      }
      served.put(d.upstreamPath(), bytes);
    }
  }

  private List<String> filesIn(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void everyDatasetResolvesInTheSharedCopyWithItsChecksum() {
    Datasets datasets = Datasets.in(shared).withoutDownloads();
    assertEquals(8, Dataset.values().length);
    for (Dataset d : Dataset.values()) {
      Path file = datasets.resolve(d.datasetName());
      assertEquals(shared.resolve(d.cachePath()).toAbsolutePath().normalize(), file);
    }
    assertEquals(
        shared.resolve("nab/data/realKnownCause/nyc_taxi.csv").toAbsolutePath().normalize(),
        datasets.resolve("nab:realKnownCause/nyc_taxi"));
  }

  @Test
  void goodBytesAreDownloadedVerifiedAndCachedOnce() throws IOException {
    serveNab();
    Datasets datasets = localCache();
    for (Dataset d : Dataset.values()) {
      Path file = datasets.resolve(d);
      assertEquals(cache.resolve(d.cachePath()), file);
      if (d.content() == Dataset.Content.BYTES) {
        assertArrayEquals(Files.readAllBytes(shared.resolve(d.cachePath())), Files.readAllBytes(file));
      }
    }
    // The labels keep exactly the realKnownCause windows of the served file.
    assertEquals(
        JSON.readTree(shared.resolve(Dataset.NAB_REAL_KNOWN_CAUSE_LABELS.cachePath()).toFile()),
        JSON.readTree(cache.resolve(Dataset.NAB_REAL_KNOWN_CAUSE_LABELS.cachePath()).toFile()));
    assertEquals(8, requests.get());
    for (Dataset d : Dataset.values()) {
      datasets.resolve(d);
    }
    assertEquals(8, requests.get(), "cached files are not downloaded again");
    assertEquals(8, filesIn(cache).size(), "no partial files left: " + filesIn(cache));
  }

  @Test
  void wrongBytesAreRejectedAndNothingIsCached() throws IOException {
    serveNab();
    byte[] taxi = served.get("data/realKnownCause/nyc_taxi.csv");
    byte[] tampered = taxi.clone();
    tampered[tampered.length - 3] = (byte) (tampered[tampered.length - 3] == '1' ? '2' : '1');
    served.put("data/realKnownCause/nyc_taxi.csv", tampered);

    DatasetUnavailableException e =
        assertThrows(DatasetUnavailableException.class, () -> localCache().resolve("nab:realKnownCause/nyc_taxi"));
    assertTrue(e.getMessage().contains("SHA-256 " + Datasets.sha256(tampered)), e.getMessage());
    assertTrue(e.getMessage().contains(Dataset.NAB_NYC_TAXI.sha256() + " is expected"), e.getMessage());
    assertTrue(e.getMessage().contains("nothing was cached"), e.getMessage());
    assertEquals(List.of(), filesIn(cache));

    served.put(Dataset.NAB_REAL_KNOWN_CAUSE_LABELS.upstreamPath(), "{\"realKnownCause/nyc_taxi.csv\": []}".getBytes());
    assertThrows(DatasetUnavailableException.class, () -> localCache().resolve(Dataset.NAB_REAL_KNOWN_CAUSE_LABELS));
    served.put(Dataset.NAB_REAL_KNOWN_CAUSE_LABELS.upstreamPath(), "<html>rate limited</html>".getBytes());
    DatasetUnavailableException html =
        assertThrows(DatasetUnavailableException.class, () -> localCache().resolve(Dataset.NAB_REAL_KNOWN_CAUSE_LABELS));
    assertTrue(html.getMessage().contains("did not return the expected file"), html.getMessage());
    assertEquals(List.of(), filesIn(cache));
  }

  @Test
  void anHttpErrorNamesTheStatusAndTheFileToPlace() {
    DatasetUnavailableException e =
        assertThrows(DatasetUnavailableException.class, () -> localCache().resolve("nab:realKnownCause/rogue_agent_key_hold"));
    assertTrue(e.getMessage().contains("HTTP status 404"), e.getMessage());
    assertTrue(
        e.getMessage().contains("place NAB's data/realKnownCause/rogue_agent_key_hold.csv"), e.getMessage());
  }

  @Test
  void anUnreachableAddressSaysWhichFileToPlaceWhere() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    Datasets offline =
        Datasets.in(cache).withNabBaseUrl(URI.create("http://127.0.0.1:" + closedPort + "/nab/")).withTimeout(Duration.ofSeconds(5));
    DatasetUnavailableException e =
        assertThrows(DatasetUnavailableException.class, () -> offline.resolve("nab:realKnownCause/nyc_taxi"));
    String target = cache.toAbsolutePath().normalize().resolve("nab/data/realKnownCause/nyc_taxi.csv").toString();
    assertTrue(e.getMessage().contains("is not in " + cache.toAbsolutePath().normalize()), e.getMessage());
    assertTrue(e.getMessage().contains("cannot download http://127.0.0.1:" + closedPort), e.getMessage());
    assertTrue(e.getMessage().contains("place NAB's data/realKnownCause/nyc_taxi.csv"), e.getMessage());
    assertTrue(e.getMessage().endsWith(" at " + target), e.getMessage());
    assertEquals(List.of(), filesIn(cache));

    DatasetUnavailableException off =
        assertThrows(DatasetUnavailableException.class, () -> Datasets.in(cache).withoutDownloads().resolve(Dataset.NAB_NYC_TAXI));
    assertTrue(off.getMessage().contains("downloads are off"), off.getMessage());
    assertTrue(off.getMessage().endsWith(" at " + target), off.getMessage());
  }

  @Test
  void aCorruptCachedFileIsReportedAndLeftAlone() throws IOException {
    Path file = cache.resolve(Dataset.NAB_EC2_REQUEST_LATENCY_SYSTEM_FAILURE.cachePath());
    Files.createDirectories(file.getParent());
    Files.writeString(file, "timestamp,value\n");
    DatasetUnavailableException e =
        assertThrows(
            DatasetUnavailableException.class,
            () -> localCache().resolve(Dataset.NAB_EC2_REQUEST_LATENCY_SYSTEM_FAILURE));
    assertTrue(e.getMessage().contains("delete it to download it again"), e.getMessage());
    assertTrue(Files.exists(file));
    assertEquals(0, requests.get());
  }

  @Test
  void unknownNamesListTheKnownOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Datasets.in(cache).resolve("nab:realKnownCause/nyc_taxis"));
    assertTrue(e.getMessage().contains("unknown dataset 'nab:realKnownCause/nyc_taxis'"), e.getMessage());
    assertTrue(e.getMessage().contains("nab:realKnownCause/nyc_taxi,"), e.getMessage());
    assertTrue(e.getMessage().contains("nab:labels/realKnownCause"), e.getMessage());
    assertFalse(Dataset.isDatasetName("../shared/datasets/nab/data/realKnownCause/nyc_taxi.csv"));
  }
}
