package io.beamwise.benchmarks.endtoend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * Settings of the embedded Flink mini clusters (variants 2 and 3): everything binds to 127.0.0.1
 * on free ports (8081 may be taken by a real cluster on this machine).
 */
final class LocalFlink {

  static final Map<String, String> SETTINGS = new LinkedHashMap<>();

  static {
    SETTINGS.put("rest.bind-address", "127.0.0.1");
    SETTINGS.put("rest.address", "127.0.0.1");
    SETTINGS.put("rest.bind-port", "0");
    SETTINGS.put("rest.port", "0");
    SETTINGS.put("jobmanager.bind-host", "127.0.0.1");
    SETTINGS.put("jobmanager.rpc.address", "127.0.0.1");
    SETTINGS.put("taskmanager.bind-host", "127.0.0.1");
    SETTINGS.put("taskmanager.host", "127.0.0.1");
  }

  private LocalFlink() {}

  /** The settings as a Flink {@link Configuration} (native jobs). */
  static Configuration configuration() {
    return Configuration.fromMap(SETTINGS);
  }

  /** A temporary Flink configuration directory with the settings (the FlinkRunner reads one). */
  static String configurationDirectory() {
    try {
      Path dir = Files.createTempDirectory("beamwise-bench-flink-conf");
      Path file = dir.resolve("flink-conf.yaml");
      StringBuilder yaml = new StringBuilder();
      SETTINGS.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
      Files.write(file, yaml.toString().getBytes(StandardCharsets.UTF_8));
      dir.toFile().deleteOnExit();
      file.toFile().deleteOnExit();
      return dir.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a Flink configuration directory", e);
    }
  }
}
