package io.beamwise.io.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Kafka client properties (consumer or producer) split into plain ones, which KafkaIO may show in
 * its display data, and sensitive ones (credentials, keys, SASL/SSL settings), which are only
 * merged into the configuration when a client is created (see {@link ClientFactories}), so they
 * never appear in display data, {@link #toString()} or our logs.
 *
 * <p>Properties read with {@link #fromFile} keep only the file's path for the sensitive ones: their
 * values are read from the file again where and when a client is created (on the workers, e.g.
 * every Flink TaskManager, which therefore needs the file at the same path). So no secret is part
 * of the pipeline's serialized configuration, of KafkaIO's source splits, or of a runner's
 * checkpoints and savepoints, which hold those splits. Sensitive values given in memory ({@link
 * #of}) do travel inside the serialized configuration; use a file for real credentials.
 *
 * <p>Sensitive: every key starting with {@code sasl.} or {@code ssl.}, or containing {@code
 * password}, {@code secret}, {@code token}, {@code credential}, {@code jaas} or {@code
 * basic.auth}. Immutable.
 */
public final class ClientProperties implements Serializable {

  private static final long serialVersionUID = 1L;

  private final TreeMap<String, String> plain;
  /** Sensitive values given in memory; empty when they come from {@link #sensitiveFile}. */
  private final TreeMap<String, String> sensitive;
  /** The names of the sensitive properties, for display. */
  private final TreeSet<String> sensitiveKeys;
  /** The properties file the sensitive values are read from when a client is created, or null. */
  private final String sensitiveFile;

  private ClientProperties(Map<String, String> plain, Map<String, String> sensitive) {
    this.plain = new TreeMap<>(plain);
    this.sensitive = new TreeMap<>(sensitive);
    this.sensitiveKeys = new TreeSet<>(sensitive.keySet());
    this.sensitiveFile = null;
  }

  private ClientProperties(Map<String, String> plain, TreeSet<String> sensitiveKeys, Path file) {
    this.plain = new TreeMap<>(plain);
    this.sensitive = new TreeMap<>();
    this.sensitiveKeys = new TreeSet<>(sensitiveKeys);
    this.sensitiveFile = file.toAbsolutePath().toString();
  }

  public static ClientProperties empty() {
    return new ClientProperties(Map.of(), Map.of());
  }

  /** Splits {@code properties} into plain and sensitive ones. */
  public static ClientProperties of(Map<String, String> properties) {
    Map<String, String> plain = new TreeMap<>();
    Map<String, String> sensitive = new TreeMap<>();
    properties.forEach(
        (k, v) -> {
          if (k == null || k.isBlank() || v == null) {
            throw new IllegalArgumentException(
                "Kafka client property '" + k + "' must have a non-blank name and a value");
          }
          (isSensitive(k) ? sensitive : plain).put(k.trim(), v);
        });
    return new ClientProperties(plain, sensitive);
  }

  /**
   * Reads a Java properties file (the format of Kafka's {@code --consumer.config} files).
   *
   * @throws IllegalArgumentException naming the file when it cannot be read
   */
  public static ClientProperties fromFile(Path file) {
    ClientProperties read = of(load(file));
    if (read.sensitiveKeys.isEmpty()) {
      return read;
    }
    return new ClientProperties(read.plain, read.sensitiveKeys, file);
  }

  private static Map<String, String> load(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read Kafka client properties file " + file + ": " + e, e);
    }
    Map<String, String> map = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
    return map;
  }

  /** True for keys whose values must never be shown (see the class comment). */
  public static boolean isSensitive(String key) {
    String k = key.trim().toLowerCase(Locale.ROOT);
    return k.startsWith("sasl.")
        || k.startsWith("ssl.")
        || k.contains("password")
        || k.contains("secret")
        || k.contains("token")
        || k.contains("credential")
        || k.contains("jaas")
        || k.contains("basic.auth");
  }

  /**
   * These properties with {@code key} set to {@code value} (replacing an earlier value).
   *
   * @throws IllegalArgumentException if the key is blank or the value null
   */
  public ClientProperties with(String key, String value) {
    if (sensitiveFile != null && !isSensitive(key)) {
      Map<String, String> all = new TreeMap<>(plain);
      all.put(key, value);
      return new ClientProperties(of(all).plain, sensitiveKeys, Path.of(sensitiveFile));
    }
    Map<String, String> all = new TreeMap<>(plain);
    all.putAll(sensitive());
    all.put(key, value);
    return of(all);
  }

  /** The plain properties, safe to show. */
  public Map<String, Object> plain() {
    return Collections.unmodifiableMap(new TreeMap<>(plain));
  }

  /**
   * The sensitive properties: only for creating clients. From a file, they are read now.
   *
   * @throws IllegalStateException naming the file when it cannot be read here
   */
  Map<String, String> sensitive() {
    if (sensitiveFile == null) {
      return Collections.unmodifiableMap(sensitive);
    }
    Map<String, String> values = new TreeMap<>();
    try {
      load(Path.of(sensitiveFile)).forEach((k, v) -> {
        if (isSensitive(k)) {
          values.put(k.trim(), v);
        }
      });
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          e.getMessage() + " (its security settings are read where each Kafka client is created:"
              + " every worker needs the file at this path)", e);
    }
    return Collections.unmodifiableMap(values);
  }

  /** The file the sensitive values are read from when a client is created, if any. */
  public java.util.Optional<String> sensitiveFile() {
    return java.util.Optional.ofNullable(sensitiveFile);
  }

  /**
   * The sensitive properties, for code that creates a Kafka client itself (as {@code produce}
   * does); never log or display them.
   */
  public Map<String, String> sensitiveForClient() {
    return sensitive();
  }

  /** The names (not values) of the sensitive properties. */
  public TreeSet<String> sensitiveKeys() {
    return new TreeSet<>(sensitiveKeys);
  }

  /** Plain properties and the names of the sensitive ones; never their values. */
  @Override
  public String toString() {
    return "ClientProperties{plain=" + plain + ", sensitive=" + sensitiveKeys
        + (sensitiveFile == null ? "" : " (read from " + sensitiveFile + ")") + "}";
  }
}
