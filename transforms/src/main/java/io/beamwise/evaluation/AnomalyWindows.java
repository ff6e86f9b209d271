package io.beamwise.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Labelled anomaly windows in the format of the Numenta Anomaly Benchmark's {@code
 * labels/combined_windows.json}: a JSON object keyed by data file (for example {@code
 * "realKnownCause/nyc_taxi.csv"}) whose values are lists of {@code [start, end]} timestamps
 * written {@code "YYYY-MM-DD HH:MM:SS.ffffff"}. Both ends are inclusive.
 *
 * <p>Timestamps are naive local date-times (NAB data has no zone), so they are held as {@link
 * LocalDateTime}. Windows of each file are kept sorted by start, as NAB's {@code nab/labeler.py}
 * writes them and as {@code nab/sweeper.py} expects them.
 *
 * <p>References: A. Lavin and S. Ahmad, "Evaluating Real-time Anomaly Detection Algorithms — the
 * Numenta Anomaly Benchmark", IEEE ICMLA 2015; reference implementation
 * https://github.com/numenta/NAB ({@code nab/labeler.py}, {@code nab/sweeper.py}).
 */
public final class AnomalyWindows {

  /** Formatter for NAB timestamps: {@code yyyy-MM-dd HH:mm:ss} with optional fraction; 'T' ok. */
  private static final DateTimeFormatter NAB_TIMESTAMP =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd")
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .appendPattern("HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .toFormatter();

  /** One labelled anomaly window; both ends inclusive. */
  public record Window(LocalDateTime start, LocalDateTime end) {
    public Window {
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(end, "end");
      if (end.isBefore(start)) {
        throw new IllegalArgumentException("window ends before it starts: " + start + " > " + end);
      }
    }

    /** Parses both ends with {@link AnomalyWindows#parseTimestamp(String)}. */
    public static Window of(String start, String end) {
      return new Window(parseTimestamp(start), parseTimestamp(end));
    }

    /** Whether {@code t} lies in {@code [start, end]}. */
    public boolean contains(LocalDateTime t) {
      return !t.isBefore(start) && !t.isAfter(end);
    }
  }

  private final Map<String, List<Window>> byFile;

  private AnomalyWindows(Map<String, List<Window>> byFile) {
    this.byFile = byFile;
  }

  /** Builds from an in-memory map; each file's windows are copied and sorted by start. */
  public static AnomalyWindows of(Map<String, List<Window>> windows) {
    Map<String, List<Window>> copy = new LinkedHashMap<>();
    windows.forEach(
        (file, list) -> {
          List<Window> sorted = new ArrayList<>(list);
          sorted.sort(Comparator.comparing(Window::start));
          copy.put(file, Collections.unmodifiableList(sorted));
        });
    return new AnomalyWindows(Collections.unmodifiableMap(copy));
  }

  /** Parses a NAB {@code combined_windows*.json} document. */
  public static AnomalyWindows parse(String json) {
    try {
      return fromTree(new ObjectMapper().readTree(json));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse NAB windows JSON", e);
    }
  }

  /** Parses a NAB {@code combined_windows*.json} stream (not closed). */
  public static AnomalyWindows parse(InputStream in) throws IOException {
    return fromTree(new ObjectMapper().readTree(in));
  }

  /** Reads and parses a NAB {@code combined_windows*.json} file. */
  public static AnomalyWindows read(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return parse(in);
    }
  }

  private static AnomalyWindows fromTree(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("NAB windows JSON must be an object keyed by file");
    }
    Map<String, List<Window>> map = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      JsonNode list = e.getValue();
      if (!list.isArray()) {
        throw new IllegalArgumentException("windows of " + e.getKey() + " must be a list");
      }
      List<Window> windows = new ArrayList<>();
      for (JsonNode pair : list) {
        if (!pair.isArray() || pair.size() != 2) {
          throw new IllegalArgumentException(
              "window of " + e.getKey() + " must be [start, end]: " + pair);
        }
        windows.add(Window.of(pair.get(0).asText(), pair.get(1).asText()));
      }
      map.put(e.getKey(), windows);
    }
    return of(map);
  }

  /**
   * Parses a NAB timestamp such as {@code "2014-07-01 00:30:00"} or {@code "2013-12-15
   * 07:00:00.000000"} as a naive local date-time.
   */
  public static LocalDateTime parseTimestamp(String text) {
    try {
      return LocalDateTime.parse(text.trim(), NAB_TIMESTAMP);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a NAB timestamp: '" + text + "'", e);
    }
  }

  /** Files in document order, with their windows sorted by start. */
  public Map<String, List<Window>> byFile() {
    return byFile;
  }

  /** The windows of {@code file} (empty if the file has none or is unknown). */
  public List<Window> windows(String file) {
    return byFile.getOrDefault(file, List.of());
  }

  public int fileCount() {
    return byFile.size();
  }

  /** Total windows over all files (NAB's {@code tpCount} in {@code Runner.normalize}). */
  public int windowCount() {
    return byFile.values().stream().mapToInt(List::size).sum();
  }
}
