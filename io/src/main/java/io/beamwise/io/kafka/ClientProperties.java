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
 * <p>Sensitive: every key starting with {@code sasl.} or {@code ssl.}, or containing {@code
 * password}, {@code secret}, {@code token}, {@code credential}, {@code jaas} or {@code
 * basic.auth}. Immutable.
 */
public final class ClientProperties implements Serializable {

  private static final long serialVersionUID = 1L;

  private final TreeMap<String, String> plain;
  private final TreeMap<String, String> sensitive;

  private ClientProperties(Map<String, String> plain, Map<String, String> sensitive) {
    this.plain = new TreeMap<>(plain);
    this.sensitive = new TreeMap<>(sensitive);
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
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read Kafka client properties file " + file + ": " + e, e);
    }
    Map<String, String> map = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
    return of(map);
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
    Map<String, String> all = new TreeMap<>(plain);
    all.putAll(sensitive);
    all.put(key, value);
    return of(all);
  }

  /** The plain properties, safe to show. */
  public Map<String, Object> plain() {
    return Collections.unmodifiableMap(new TreeMap<>(plain));
  }

  /** The sensitive properties: only for creating clients. */
  Map<String, String> sensitive() {
    return Collections.unmodifiableMap(sensitive);
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
    return new TreeSet<>(sensitive.keySet());
  }

  /** Plain properties and the names of the sensitive ones; never their values. */
  @Override
  public String toString() {
    return "ClientProperties{plain=" + plain + ", sensitive=" + sensitive.keySet() + "}";
  }
}
