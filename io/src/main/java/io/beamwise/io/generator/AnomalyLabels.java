package io.beamwise.io.generator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.joda.time.Instant;

/**
 * Injected anomalies as labels in the shape of NAB's {@code combined_windows.json}: {@code
 * {"<sensor>.csv": [["yyyy-MM-dd HH:mm:ss.SSSSSS", "..."], ...]}}, one entry per sensor (also
 * those without anomalies), windows in UTC as {@link InjectedAnomaly} defines them. {@code
 * scripts/run evaluate --labels=FILE} matches a results file {@code <sensor>.csv} to its entry by
 * file name.
 */
public final class AnomalyLabels {

  private static final DateTimeFormatter NAB =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private AnomalyLabels() {}

  /** The labels JSON of {@code anomalies} for a generator of {@code sensors} sensors. */
  public static String toNabJson(int sensors, List<InjectedAnomaly> anomalies) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    for (int k = 0; k < sensors; k++) {
      root.putArray(SensorGenerator.sensorName(k) + ".csv");
    }
    for (InjectedAnomaly a : anomalies) {
      ArrayNode window = ((ArrayNode) root.get(a.sensor() + ".csv")).addArray();
      window.add(format(a.windowStart())).add(format(a.windowEnd()));
    }
    try {
      return mapper.writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException("cannot format labels", e);
    }
  }

  /** Writes the labels of every anomaly of a bounded {@code generator} to {@code file}. */
  public static void writeNab(SensorGenerator generator, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(
        file, toNabJson(generator.config().sensors(), generator.anomalies()) + "\n", StandardCharsets.UTF_8);
  }

  static String format(Instant t) {
    return NAB.format(java.time.Instant.ofEpochMilli(t.getMillis()));
  }
}
