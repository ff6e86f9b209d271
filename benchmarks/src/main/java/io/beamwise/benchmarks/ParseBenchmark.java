package io.beamwise.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.beamwise.parse.CsvRecordParser;
import io.beamwise.parse.EventTime;
import io.beamwise.parse.JsonReadingParser;
import io.beamwise.parse.JsonRecordParser;
import io.beamwise.parse.NabCsvParser;
import io.beamwise.parse.ParseOutcome;
import io.beamwise.parse.SourceLine;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parsing throughput of small sensor records, in records per second on one thread.
 *
 * <ul>
 *   <li>{@code jsonJacksonStreaming}: the floor: Jackson's streaming parser reading the three
 *       fields, no validation, no event-time parsing beyond {@link Instant#parse}.
 *   <li>{@code jsonRecordParser}: {@link JsonRecordParser} to a Beam Row (generic, validated).
 *   <li>{@code jsonReadingParser}: {@link JsonReadingParser} to a SensorReading.
 *   <li>{@code csvRecordParser}, {@code nabCsvParser}: the CSV equivalents on NAB lines.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParseBenchmark {

  private static final int N = 1024;
  private static final JsonFactory JSON = new JsonFactory();

  private SourceLine[] jsonLines;
  private SourceLine[] csvLines;
  private JsonRecordParser jsonRecordParser;
  private JsonReadingParser jsonReadingParser;
  private CsvRecordParser csvRecordParser;
  private NabCsvParser nabCsvParser;

  @Setup
  public void setUp() {
    Random random = new Random(1);
    jsonLines = new SourceLine[N];
    csvLines = new SourceLine[N];
    long t = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    for (int i = 0; i < N; i++) {
      long ts = t + i * 300_000L;
      double value = 20 + random.nextGaussian();
      jsonLines[i] =
          SourceLine.of(
              "bench.jsonl",
              i + 2,
              String.format(
                  Locale.ROOT,
                  "{\"sensor\":\"sensor-%04d\",\"ts\":\"%s\",\"value\":%.4f}",
                  i % 1000,
                  Instant.ofEpochMilli(ts),
                  value));
      csvLines[i] =
          SourceLine.of(
              "bench.csv",
              i + 2,
              String.format(
                  Locale.ROOT,
                  "%s,%.8f",
                  java.time.LocalDateTime.ofEpochSecond(ts / 1000, 0, ZoneOffset.UTC)
                      .format(java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")),
                  value));
    }
    jsonRecordParser =
        JsonRecordParser.of(JsonReadingParser.SCHEMA, EventTime.iso("ts"));
    jsonReadingParser = new JsonReadingParser(ZoneOffset.UTC);
    csvRecordParser =
        CsvRecordParser.of(NabCsvParser.SCHEMA, EventTime.pattern("timestamp", "uuuu-MM-dd HH:mm:ss"));
    nabCsvParser = new NabCsvParser(ZoneOffset.UTC);
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void jsonJacksonStreaming(Blackhole bh) throws IOException {
    for (SourceLine line : jsonLines) {
      try (JsonParser p = JSON.createParser(line.getText())) {
        String sensor = null;
        String ts = null;
        double value = Double.NaN;
        p.nextToken();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          switch (name) {
            case "sensor":
              sensor = p.getText();
              break;
            case "ts":
              ts = p.getText();
              break;
            case "value":
              value = p.getDoubleValue();
              break;
            default:
              p.skipChildren();
          }
        }
        bh.consume(sensor);
        bh.consume(Instant.parse(ts));
        bh.consume(value);
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void jsonRecordParser(Blackhole bh) {
    for (SourceLine line : jsonLines) {
      bh.consume(check(jsonRecordParser.parse(line)));
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void jsonReadingParser(Blackhole bh) {
    for (SourceLine line : jsonLines) {
      bh.consume(check(jsonReadingParser.parse(line)));
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void csvRecordParser(Blackhole bh) {
    for (SourceLine line : csvLines) {
      bh.consume(check(csvRecordParser.parse(line)));
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void nabCsvParser(Blackhole bh) {
    for (SourceLine line : csvLines) {
      bh.consume(check(nabCsvParser.parse(line)));
    }
  }

  private static Object check(ParseOutcome<?> outcome) {
    if (outcome.kind() != ParseOutcome.Kind.RECORD) {
      throw new IllegalStateException("benchmark input must parse: " + outcome);
    }
    return outcome.value();
  }
}
