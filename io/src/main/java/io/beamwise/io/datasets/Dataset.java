package io.beamwise.io.datasets;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The datasets beamwise knows by name, each a file of a public repository pinned to one commit,
 * with its SHA-256: NAB's seven {@code realKnownCause} series and their anomaly windows. A name
 * such as {@code nab:realKnownCause/nyc_taxi} resolves to a file in a local cache directory
 * ({@link Datasets}), downloaded once when the machine is online.
 *
 * <p>NAB files come from <a href="https://github.com/numenta/NAB">numenta/NAB</a> at commit
 * {@value #NAB_COMMIT} (MIT licence); the series are cached byte for byte at {@code
 * nab/data/realKnownCause/<name>.csv}. The labels entry is the seven {@code realKnownCause}
 * entries of NAB's {@code labels/combined_windows.json}, cached as {@code
 * nab/labels/combined_windows_realKnownCause.json}; its checksum is over those entries (compact
 * JSON, keys sorted), so any formatting of the same windows is accepted.
 */
public enum Dataset {
  NAB_AMBIENT_TEMPERATURE_SYSTEM_FAILURE(
      "ambient_temperature_system_failure",
      "230b68ccca20f59d562afd5d24ad52939c9b784386bed0054018358bf9120581"),
  NAB_CPU_UTILIZATION_ASG_MISCONFIGURATION(
      "cpu_utilization_asg_misconfiguration",
      "58ba65dc0737cfbac11b51514476d50c438d44011232144bb8d93f392df58f9f"),
  NAB_EC2_REQUEST_LATENCY_SYSTEM_FAILURE(
      "ec2_request_latency_system_failure",
      "98378580aa80157e057c61d59d81daddccc6c65a2c0c800e3f01f603b8215c3f"),
  NAB_MACHINE_TEMPERATURE_SYSTEM_FAILURE(
      "machine_temperature_system_failure",
      "92bf5b87fc7f9bba8ca0b7ec63ccaac8cb4a1371a258e8c29a10ae9c018d82a4"),
  NAB_NYC_TAXI("nyc_taxi", "d8fa6f7f0734bf5c8be12c52a94e20a82664c397d9dec4449156bd453d32856d"),
  NAB_ROGUE_AGENT_KEY_HOLD(
      "rogue_agent_key_hold", "47b110baa8e3636574c1033dda1cce780873647fab58223d159d4fee6f180e86"),
  NAB_ROGUE_AGENT_KEY_UPDOWN(
      "rogue_agent_key_updown", "9797cfef477c13306f7a33874ab4d6cf700f8f2c7e5825a2a5bc02004370909a"),
  /** Anomaly windows of the seven series above, keyed {@code realKnownCause/<name>.csv}. */
  NAB_REAL_KNOWN_CAUSE_LABELS(
      "nab:labels/realKnownCause",
      "nab/labels/combined_windows_realKnownCause.json",
      "labels/combined_windows.json",
      "5021fec29e5ad96207437de488869c0dfbe8c36160d78d7a604915f2ee352d85",
      Content.JSON_ENTRIES_REAL_KNOWN_CAUSE);

  /** The NAB commit whose files the checksums describe. */
  public static final String NAB_COMMIT = "ea702d75cc2258d9d7dd35ca8e5e2539d71f3140";

  /** Where NAB's raw files are downloaded from by default ({@code <base><upstreamPath>}). */
  public static final String NAB_BASE_URL =
      "https://raw.githubusercontent.com/numenta/NAB/" + NAB_COMMIT + "/";

  /** How the cached file relates to the upstream file. */
  enum Content {
    /** The upstream bytes, unchanged; SHA-256 over the bytes. */
    BYTES,
    /** The {@code realKnownCause/} entries of an upstream JSON object; SHA-256 over them. */
    JSON_ENTRIES_REAL_KNOWN_CAUSE
  }

  private final String datasetName;
  private final String cachePath;
  private final String upstreamPath;
  private final String sha256;
  private final Content content;

  Dataset(String series, String sha256) {
    this(
        "nab:realKnownCause/" + series,
        "nab/data/realKnownCause/" + series + ".csv",
        "data/realKnownCause/" + series + ".csv",
        sha256,
        Content.BYTES);
  }

  Dataset(String datasetName, String cachePath, String upstreamPath, String sha256, Content content) {
    this.datasetName = datasetName;
    this.cachePath = cachePath;
    this.upstreamPath = upstreamPath;
    this.sha256 = sha256;
    this.content = content;
  }

  /** The name used on command lines, e.g. {@code nab:realKnownCause/nyc_taxi}. */
  public String datasetName() {
    return datasetName;
  }

  /** The file's path relative to the cache directory, e.g. {@code nab/data/realKnownCause/nyc_taxi.csv}. */
  public String cachePath() {
    return cachePath;
  }

  /** The file's path in the upstream repository, e.g. {@code data/realKnownCause/nyc_taxi.csv}. */
  public String upstreamPath() {
    return upstreamPath;
  }

  /** The expected SHA-256, lower-case hex (see the class comment for the labels). */
  public String sha256() {
    return sha256;
  }

  Content content() {
    return content;
  }

  /** True for names that look like dataset names ({@code nab:...}) rather than file paths. */
  public static boolean isDatasetName(String text) {
    return text != null && text.startsWith("nab:");
  }

  /**
   * The dataset called {@code name}.
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static Dataset named(String name) {
    for (Dataset d : values()) {
      if (d.datasetName.equals(name)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "unknown dataset '" + name + "'; known: " + Arrays.stream(values()).map(Dataset::datasetName).collect(Collectors.joining(", ")));
  }
}
