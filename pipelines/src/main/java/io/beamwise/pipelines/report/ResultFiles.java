package io.beamwise.pipelines.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beamwise.io.parquet.ParquetFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;

/**
 * The files {@code sensor-monitor} wrote into one output directory, read one row at a time: {@code
 * summary.json}, and {@code scores}, {@code window-stats}, {@code dead-letter} as JSON Lines
 * ({@code .jsonl}, field names of {@code JsonRecords}) or Parquet ({@code .parquet}, the Java
 * field names), whichever is there; {@code alerts} are the scores with {@code is_anomaly} and are
 * not read again.
 */
final class ResultFiles {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory FACTORY = JSON.getFactory();

  private final Path dir;
  private final boolean parquet;

  private ResultFiles(Path dir, boolean parquet) {
    this.dir = dir;
    this.parquet = parquet;
  }

  /**
   * The results in {@code dir}.
   *
   * @throws IllegalArgumentException when {@code dir} holds neither {@code scores.jsonl} nor
   *     {@code scores.parquet}
   */
  static ResultFiles in(Path dir) {
    if (Files.isRegularFile(dir.resolve("scores.jsonl"))) {
      return new ResultFiles(dir, false);
    }
    if (Files.isRegularFile(dir.resolve("scores.parquet"))) {
      return new ResultFiles(dir, true);
    }
    throw new IllegalArgumentException(
        "--results=" + dir + " holds no scores.jsonl or scores.parquet: give the --output directory"
            + " of a finished sensor-monitor run");
  }

  Path dir() {
    return dir;
  }

  /** {@code summary.json}, or empty when the run wrote none. */
  Optional<JsonNode> summary() throws IOException {
    Path file = dir.resolve("summary.json");
    return Files.isRegularFile(file) ? Optional.of(JSON.readTree(file.toFile())) : Optional.empty();
  }

  /** The {@code nab/} folder of NAB results files, when the run wrote one. */
  Optional<Path> nabResults() {
    Path nab = dir.resolve("nab");
    return Files.isDirectory(nab) ? Optional.of(nab) : Optional.empty();
  }

  void forEachScore(Consumer<ScoreRow> action) throws IOException {
    if (parquet) {
      ParquetFiles.forEachRow(dir.resolve("scores.parquet"), r -> action.accept(score(r)));
    } else {
      forEachObject(dir.resolve("scores.jsonl"), new ScoreFields(), action);
    }
  }

  void forEachWindow(Consumer<WindowRow> action) throws IOException {
    Path file = dir.resolve(parquet ? "window-stats.parquet" : "window-stats.jsonl");
    if (!Files.isRegularFile(file)) {
      return;
    }
    if (parquet) {
      ParquetFiles.forEachRow(file, r -> action.accept(window(r)));
    } else {
      forEachObject(file, new WindowFields(), action);
    }
  }

  void forEachDeadLetter(Consumer<DeadLetterRow> action) throws IOException {
    Path file = dir.resolve(parquet ? "dead-letter.parquet" : "dead-letter.jsonl");
    if (!Files.isRegularFile(file)) {
      return;
    }
    if (parquet) {
      ParquetFiles.forEachRow(file, r -> action.accept(deadLetter(r)));
    } else {
      forEachObject(file, new DeadLetterFields(), action);
    }
  }

  // --- JSON Lines: a streaming parser over the file's objects, one reusable field collector per kind.

  /** Collects the fields of one JSON object, then builds its row. */
  private interface Fields<T> {
    void reset();

    /** Reads the value at the parser's current token for {@code name}, or skips it. */
    void read(String name, JsonParser p) throws IOException;

    T build();
  }

  private static <T> void forEachObject(Path file, Fields<T> fields, Consumer<T> action)
      throws IOException {
    try (InputStream in = Files.newInputStream(file);
        JsonParser p = FACTORY.createParser(in)) {
      JsonToken token;
      while ((token = p.nextToken()) != null) {
        if (token != JsonToken.START_OBJECT) {
          throw new IOException(file + ": expected a JSON object at " + p.getCurrentLocation());
        }
        fields.reset();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.getCurrentName();
          JsonToken value = p.nextToken();
          if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            p.skipChildren();
          } else {
            fields.read(name, p);
          }
        }
        action.accept(fields.build());
      }
    }
  }

  private static double number(JsonParser p) throws IOException {
    return p.currentToken() == JsonToken.VALUE_NULL ? Double.NaN : p.getValueAsDouble(Double.NaN);
  }

  private static String text(JsonParser p) throws IOException {
    return p.currentToken() == JsonToken.VALUE_NULL ? null : p.getValueAsString();
  }

  private static long millis(String iso) {
    return Instant.parse(iso).getMillis();
  }

  private static final class ScoreFields implements Fields<ScoreRow> {
    String sensor;
    String timestamp;
    double value;
    double score;
    double threshold;
    boolean alert;
    boolean late;
    String label;
    String source;
    long line;

    @Override
    public void reset() {
      sensor = null;
      timestamp = null;
      value = Double.NaN;
      score = Double.NaN;
      threshold = Double.NaN;
      alert = false;
      late = false;
      label = null;
      source = null;
      line = 0;
    }

    @Override
    public void read(String name, JsonParser p) throws IOException {
      switch (name) {
        case "sensor" -> sensor = text(p);
        case "timestamp" -> timestamp = text(p);
        case "value" -> value = number(p);
        case "anomaly_score" -> score = number(p);
        case "threshold" -> threshold = number(p);
        case "is_anomaly" -> alert = p.getValueAsBoolean();
        case "late" -> late = p.getValueAsBoolean();
        case "label" -> label = text(p);
        case "source" -> source = text(p);
        case "line" -> line = p.getValueAsLong();
        default -> { }
      }
    }

    @Override
    public ScoreRow build() {
      return new ScoreRow(sensor, millis(timestamp), value, score, threshold, alert, late, label, source, line);
    }
  }

  private static final class WindowFields implements Fields<WindowRow> {
    String sensor;
    String start;
    String end;
    long count;
    double mean;
    double std;
    long pane;

    @Override
    public void reset() {
      sensor = null;
      start = null;
      end = null;
      count = 0;
      mean = Double.NaN;
      std = Double.NaN;
      pane = 0;
    }

    @Override
    public void read(String name, JsonParser p) throws IOException {
      switch (name) {
        case "sensor" -> sensor = text(p);
        case "window_start" -> start = text(p);
        case "window_end" -> end = text(p);
        case "count" -> count = p.getValueAsLong();
        case "mean" -> mean = number(p);
        case "std_dev" -> std = number(p);
        case "pane_index" -> pane = p.getValueAsLong();
        default -> { }
      }
    }

    @Override
    public WindowRow build() {
      return new WindowRow(sensor, millis(start), millis(end), count, mean, std, pane);
    }
  }

  private static final class DeadLetterFields implements Fields<DeadLetterRow> {
    String stage;
    String reason;
    String message;
    String source;
    long line;
    String payload;

    @Override
    public void reset() {
      stage = null;
      reason = null;
      message = null;
      source = null;
      line = 0;
      payload = null;
    }

    @Override
    public void read(String name, JsonParser p) throws IOException {
      switch (name) {
        case "stage" -> stage = text(p);
        case "reason" -> reason = text(p);
        case "message" -> message = text(p);
        case "source" -> source = text(p);
        case "line" -> line = p.getValueAsLong();
        case "payload" -> payload = text(p);
        default -> { }
      }
    }

    @Override
    public DeadLetterRow build() {
      return new DeadLetterRow(stage, reason, message, source, line, payload);
    }
  }

  // --- Parquet: Beam rows with the Java field names.

  private static ScoreRow score(Row r) {
    return new ScoreRow(
        r.getString("sensor"),
        r.getDateTime("timestamp").getMillis(),
        orNaN(r.getDouble("value")),
        orNaN(r.getDouble("score")),
        orNaN(r.getDouble("threshold")),
        Boolean.TRUE.equals(r.getBoolean("isAnomaly")),
        Boolean.TRUE.equals(r.getBoolean("late")),
        r.getString("label"),
        r.getString("source"),
        orZero(r.getInt64("line")));
  }

  private static WindowRow window(Row r) {
    return new WindowRow(
        r.getString("key"),
        r.getDateTime("windowStart").getMillis(),
        r.getDateTime("windowEnd").getMillis(),
        orZero(r.getInt64("count")),
        orNaN(r.getDouble("mean")),
        orNaN(r.getDouble("stdDev")),
        orZero(r.getInt64("paneIndex")));
  }

  private static DeadLetterRow deadLetter(Row r) {
    return new DeadLetterRow(
        r.getString("stage"),
        r.getString("reason"),
        r.getString("message"),
        r.getString("source"),
        orZero(r.getInt64("line")),
        r.getString("payload"));
  }

  private static double orNaN(Double d) {
    return d == null ? Double.NaN : d;
  }

  private static long orZero(Long l) {
    return l == null ? 0 : l;
  }
}
