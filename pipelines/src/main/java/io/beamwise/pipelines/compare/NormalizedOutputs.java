package io.beamwise.pipelines.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The outputs of one {@code sensor-monitor} run in a form that is equal across runners exactly
 * when the results are: every file's records as canonical text, sorted.
 *
 * <p>What is normalised away, because runners legitimately differ in it: the order of lines and
 * of files; sharding ({@code scores-00000-of-00002.jsonl} and {@code scores.jsonl} are read as one
 * output {@code scores.jsonl}); the order of JSON fields; dead letters' {@code processing_time};
 * and in {@code summary.json} the fields {@code runner}, {@code output} and {@code
 * pipeline_seconds}. Lines are kept exact; {@link CompareOutputs} allows window statistics a
 * relative difference in their fractional numbers (see there). {@code nab/*.csv} files keep their
 * line order (it is the input's order, by contract).
 */
public final class NormalizedOutputs {

  /** Fields that differ between runs of the same input without the results differing. */
  static final Set<String> IGNORED_FIELDS = Set.of("processing_time");

  static final Set<String> IGNORED_SUMMARY_FIELDS = Set.of("runner", "output", "pipeline_seconds");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, List<String>> files;

  private NormalizedOutputs(Map<String, List<String>> files) {
    this.files = files;
  }

  /**
   * Reads the outputs in {@code dir}: {@code *.jsonl}, {@code summary.json} and {@code nab/*.csv}.
   *
   * @throws IllegalArgumentException if {@code dir} is not a directory or has no output
   * @throws UncheckedIOException if a file cannot be read or a JSON line does not parse
   */
  public static NormalizedOutputs read(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("output directory " + dir + " does not exist");
    }
    Map<String, List<String>> files = new TreeMap<>();
    try {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.jsonl")) {
        for (Path f : entries) {
          List<String> lines = files.computeIfAbsent(outputName(f), k -> new ArrayList<>());
          for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            if (!line.isEmpty()) {
              lines.add(canonical(JSON.readTree(line), IGNORED_FIELDS));
            }
          }
        }
      }
      Path summary = dir.resolve("summary.json");
      if (Files.exists(summary)) {
        files.put("summary.json", List.of(canonical(JSON.readTree(summary.toFile()), IGNORED_SUMMARY_FIELDS)));
      }
      Path nab = dir.resolve("nab");
      if (Files.isDirectory(nab)) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(nab, "*.csv")) {
          for (Path f : entries) {
            files.put("nab/" + f.getFileName(), Files.readAllLines(f, StandardCharsets.UTF_8));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the outputs in " + dir, e);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no sensor-monitor output (*.jsonl, summary.json) in " + dir);
    }
    files.forEach(
        (name, lines) -> {
          if (name.endsWith(".jsonl")) {
            lines.sort(null);
          }
        });
    return new NormalizedOutputs(files);
  }

  /** Output file names (e.g. {@code scores.jsonl}, {@code nab/nyc_taxi.csv}), sorted. */
  public Set<String> names() {
    return new TreeSet<>(files.keySet());
  }

  /** The normalised lines of one output, or an empty list when it is absent. */
  public List<String> lines(String name) {
    return files.getOrDefault(name, List.of());
  }

  /** {@code scores-00001-of-00004.jsonl} and {@code scores.jsonl} are both {@code scores.jsonl}. */
  static String outputName(Path file) {
    String name = file.getFileName().toString();
    return name.replaceFirst("-\\d{5}-of-\\d{5}(?=\\.jsonl$)", "");
  }

  /** JSON with object fields in name order, {@code ignored} fields removed at any depth. */
  static String canonical(JsonNode node, Set<String> ignored) {
    return sorted(node, ignored).toString();
  }

  private static JsonNode sorted(JsonNode node, Set<String> ignored) {
    if (node.isObject()) {
      TreeMap<String, JsonNode> fields = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (!ignored.contains(f.getKey())) {
          fields.put(f.getKey(), sorted(f.getValue(), ignored));
        }
      }
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      fields.forEach(out::set);
      return out;
    }
    if (node.isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(e -> out.add(sorted(e, ignored)));
      return out;
    }
    return node;
  }
}
