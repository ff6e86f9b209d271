package io.beamwise.io.datasets;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A local cache of {@link Dataset}s: resolves a dataset name to a file in {@code dataDir}, checks
 * its SHA-256, and downloads it first when it is missing (unless downloads are off).
 *
 * <pre>{@code
 * Path taxi = Datasets.in(Datasets.defaultDirectory()).resolve("nab:realKnownCause/nyc_taxi");
 * // -> $BEAMWISE_DATA_DIR/nab/data/realKnownCause/nyc_taxi.csv
 * }</pre>
 *
 * <p>Layout: {@code dataDir/nab/data/realKnownCause/<name>.csv} and {@code
 * dataDir/nab/labels/combined_windows_realKnownCause.json}, i.e. NAB's own layout under {@code
 * nab/}; a copy of NAB's files placed there by hand is used as is.
 *
 * <p>Errors ({@link DatasetUnavailableException}): a cached file with the wrong checksum is
 * reported and left alone (delete it to download again); a download that fails or has the wrong
 * checksum leaves nothing in the cache; every message names the file to place and where.
 */
public final class Datasets {

  /** Environment variable giving the default cache directory. */
  public static final String DATA_DIR_ENV = "BEAMWISE_DATA_DIR";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dataDir;
  private final URI nabBaseUrl;
  private final boolean downloads;
  private final Duration timeout;

  private Datasets(Path dataDir, URI nabBaseUrl, boolean downloads, Duration timeout) {
    this.dataDir = dataDir;
    this.nabBaseUrl = nabBaseUrl;
    this.downloads = downloads;
    this.timeout = timeout;
  }

  /** A cache in {@code dataDir} (created when a file is first downloaded), downloads on. */
  public static Datasets in(Path dataDir) {
    checkArgument(dataDir != null, "dataDir must be a directory path");
    return new Datasets(
        dataDir.toAbsolutePath().normalize(), URI.create(Dataset.NAB_BASE_URL), true, Duration.ofSeconds(30));
  }

  /**
   * {@code $BEAMWISE_DATA_DIR} when set, else {@code ~/.cache/beamwise/datasets}.
   */
  public static Path defaultDirectory() {
    String env = System.getenv(DATA_DIR_ENV);
    if (env != null && !env.isBlank()) {
      return Paths.get(env);
    }
    return Paths.get(System.getProperty("user.home"), ".cache", "beamwise", "datasets");
  }

  /** Downloads NAB files from {@code baseUrl + upstreamPath} (a mirror, or a test server). */
  public Datasets withNabBaseUrl(URI baseUrl) {
    checkArgument(
        baseUrl != null && baseUrl.isAbsolute() && baseUrl.getPath().endsWith("/"),
        "baseUrl=%s must be an absolute URL ending in /",
        baseUrl);
    return new Datasets(dataDir, baseUrl, downloads, timeout);
  }

  /** Never downloads: a missing file is an error saying where to place it. */
  public Datasets withoutDownloads() {
    return new Datasets(dataDir, nabBaseUrl, false, timeout);
  }

  /** Connect and read timeout of a download (default 30 s). */
  public Datasets withTimeout(Duration timeout) {
    checkArgument(
        timeout != null && !timeout.isNegative() && !timeout.isZero() && timeout.toMinutes() <= 60,
        "timeout=%s must be in (0, 60 min]",
        timeout);
    return new Datasets(dataDir, nabBaseUrl, downloads, timeout);
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The local file of the dataset called {@code name}; see {@link #resolve(Dataset)}. */
  public Path resolve(String name) {
    return resolve(Dataset.named(name));
  }

  /**
   * The local file of {@code dataset}, downloaded first if missing, its checksum verified.
   *
   * @throws DatasetUnavailableException as described in the class comment
   */
  public Path resolve(Dataset dataset) {
    Path target = dataDir.resolve(dataset.cachePath());
    if (Files.isRegularFile(target)) {
      String actual;
      try {
        actual = checksum(dataset, Files.readAllBytes(target));
      } catch (IOException | RuntimeException e) {
        throw new DatasetUnavailableException(
            "cannot read " + target + " (" + dataset.datasetName() + "): " + e + "; " + placeHint(dataset, target), e);
      }
      if (!actual.equals(dataset.sha256())) {
        throw new DatasetUnavailableException(
            target + " (" + dataset.datasetName() + ") has SHA-256 " + actual + " but "
                + dataset.sha256() + " is expected; delete it to download it again, or "
                + placeHint(dataset, target),
            null);
      }
      return target;
    }
    if (!downloads) {
      throw new DatasetUnavailableException(
          dataset.datasetName() + " is not in " + dataDir + " and downloads are off; " + placeHint(dataset, target),
          null);
    }
    download(dataset, target);
    return target;
  }

  private void download(Dataset dataset, Path target) {
    URI url = nabBaseUrl.resolve(dataset.upstreamPath());
    byte[] body;
    try {
      HttpClient client =
          HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
      HttpResponse<byte[]> response =
          client.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IOException("HTTP status " + response.statusCode());
      }
      body = response.body();
    } catch (IOException e) {
      throw unavailable(dataset, target, "cannot download " + url + " (" + e + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(dataset, target, "interrupted while downloading " + url, e);
    }
    byte[] cached;
    String actual;
    try {
      cached = cachedForm(dataset, body);
      actual = checksum(dataset, cached);
    } catch (IOException | RuntimeException e) {
      throw unavailable(dataset, target, url + " did not return the expected file (" + e + "); nothing was cached", e);
    }
    if (!actual.equals(dataset.sha256())) {
      throw unavailable(
          dataset,
          target,
          url + " returned a file with SHA-256 " + actual + " but " + dataset.sha256()
              + " is expected; nothing was cached",
          null);
    }
    Path part = null;
    try {
      Files.createDirectories(target.getParent());
      // Write beside the target, then rename: readers never see a half-written file.
      part = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
      Files.write(part, cached);
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      try {
        if (part != null) {
          Files.deleteIfExists(part);
        }
      } catch (IOException ignored) {
        // The original error is the one to report.
      }
      throw unavailable(dataset, target, "cannot write " + target + " (" + e + ")", e);
    }
  }

  private DatasetUnavailableException unavailable(Dataset dataset, Path target, String what, Throwable cause) {
    return new DatasetUnavailableException(
        dataset.datasetName() + " is not in " + dataDir + " and " + what + "; " + placeHint(dataset, target), cause);
  }

  private static String placeHint(Dataset dataset, Path target) {
    return "place NAB's " + dataset.upstreamPath() + " (https://github.com/numenta/NAB, commit "
        + Dataset.NAB_COMMIT + ") at " + target;
  }

  /** What is stored in the cache for the downloaded {@code body}. */
  static byte[] cachedForm(Dataset dataset, byte[] body) throws IOException {
    switch (dataset.content()) {
      case BYTES:
        return body;
      case JSON_ENTRIES_REAL_KNOWN_CAUSE:
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(realKnownCauseEntries(body));
      default:
        throw new AssertionError(dataset.content());
    }
  }

  /** The SHA-256 (hex) that {@link Dataset#sha256()} describes, for a cached file's bytes. */
  static String checksum(Dataset dataset, byte[] cached) throws IOException {
    switch (dataset.content()) {
      case BYTES:
        return sha256(cached);
      case JSON_ENTRIES_REAL_KNOWN_CAUSE:
        // Compact, keys sorted: independent of how the file is indented.
        Map<String, JsonNode> sorted = new TreeMap<>();
        realKnownCauseEntries(cached).fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
        return sha256(JSON.writeValueAsBytes(sorted));
      default:
        throw new AssertionError(dataset.content());
    }
  }

  private static ObjectNode realKnownCauseEntries(byte[] json) throws IOException {
    JsonNode root = JSON.readTree(json);
    if (root == null || !root.isObject()) {
      throw new IOException("not a JSON object");
    }
    ObjectNode kept = JSON.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().startsWith("realKnownCause/")) {
        kept.set(e.getKey(), e.getValue());
      }
    }
    return kept;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
