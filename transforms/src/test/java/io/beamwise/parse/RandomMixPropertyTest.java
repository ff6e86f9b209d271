package io.beamwise.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beamwise.failure.Failure;
import io.beamwise.failure.Failure.Reasons;
import io.beamwise.testing.TestPipelineExtension;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Reify;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Property-style: seeded random mixes of valid and known-bad lines, shuffled. Every valid line
 * must come out as exactly the expected row (with its event time as element timestamp), every bad
 * line exactly once as a failure with the generator's reason, and nothing else.
 */
@ExtendWith(TestPipelineExtension.class)
class RandomMixPropertyTest {

  private static final long SEED = 20240601L;
  private static final int ROUNDS = 5;
  private static final ObjectMapper JSON = new ObjectMapper();

  static final Schema SCHEMA =
      Schema.builder()
          .addStringField("sensor")
          .addDateTimeField("ts")
          .addDoubleField("value")
          .addNullableField("unit", FieldType.STRING)
          .build();

  private static final long MIN_MS = java.time.Instant.parse("1950-01-01T00:00:00Z").toEpochMilli();
  private static final long MAX_MS = java.time.Instant.parse("2150-01-01T00:00:00Z").toEpochMilli();

  private static final String SENSOR_CHARS = "abcdefXYZ0189 _-.,;:\"'\\/\t\u00e9\u00df\u4e2d\u20ac";
  private static final String[] SENSOR_EXTRAS = {"\uD83D\uDE00", "{}", "[]", "null", "\\u0041"};

  /** One generated line: either a valid reading (row) or a bad line with its expected reason. */
  private static final class Generated {
    final String text;
    final boolean invalidUtf8;
    final Row row;
    final String reason;

    private Generated(String text, boolean invalidUtf8, Row row, String reason) {
      this.text = text;
      this.invalidUtf8 = invalidUtf8;
      this.row = row;
      this.reason = reason;
    }

    static Generated valid(String text, Row row) {
      return new Generated(text, false, row, null);
    }

    static Generated bad(String text, String reason) {
      return new Generated(text, false, null, reason);
    }

    static Generated badUtf8(String text) {
      return new Generated(text, true, null, Reasons.INVALID_UTF8);
    }
  }

  /** A random valid reading, before it is written as JSON or CSV. */
  private static final class Reading {
    final String sensor;
    final long millis;
    final double value;
    final String unit; // null: absent or null

    Reading(Random r) {
      this.sensor = randomText(r, 1 + r.nextInt(12));
      this.millis = MIN_MS + (long) (r.nextDouble() * (MAX_MS - MIN_MS));
      this.value = randomDouble(r);
      this.unit = r.nextInt(3) == 0 ? null : randomText(r, 1 + r.nextInt(5));
    }

    Row row() {
      return Row.withSchema(SCHEMA).addValues(sensor, new Instant(millis), value, unit).build();
    }
  }

  private static String randomText(Random r, int length) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < length; i++) {
      if (r.nextInt(10) == 0) {
        b.append(SENSOR_EXTRAS[r.nextInt(SENSOR_EXTRAS.length)]);
      } else {
        b.append(SENSOR_CHARS.charAt(r.nextInt(SENSOR_CHARS.length())));
      }
    }
    return b.toString();
  }

  private static double randomDouble(Random r) {
    switch (r.nextInt(6)) {
      case 0:
        return r.nextGaussian() * 100;
      case 1:
        return r.nextInt(2001) - 1000;
      case 2:
        return (r.nextDouble() - 0.5) * 1e300;
      case 3:
        return r.nextDouble() * 1e-300;
      case 4:
        double bits = Double.longBitsToDouble(r.nextLong());
        return Double.isFinite(bits) ? bits : -0.0;
      default:
        return Math.round(r.nextDouble() * 1e4) / 100.0;
    }
  }

  /** An ISO-8601 rendering of {@code millis}: with Z, with a random offset, or local (UTC). */
  private static String isoText(Random r, long millis) {
    java.time.Instant instant = java.time.Instant.ofEpochMilli(millis);
    switch (r.nextInt(3)) {
      case 0:
        return instant.toString();
      case 1:
        ZoneOffset offset = ZoneOffset.ofTotalSeconds((r.nextInt(113) - 56) * 15 * 60);
        return OffsetDateTime.ofInstant(instant, offset).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      default:
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    }
  }

  // ------------------------------------------------------------------ JSON

  private static String write(Map<String, Object> fields) {
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The fields of a valid line, in a random order, with random representations. */
  private static Map<String, Object> jsonFields(Random r, Reading reading) {
    List<Map.Entry<String, Object>> entries = new ArrayList<>();
    entries.add(Map.entry("sensor", reading.sensor));
    entries.add(
        Map.entry("ts", r.nextBoolean() ? (Object) reading.millis : (Object) isoText(r, reading.millis)));
    entries.add(
        Map.entry("value", r.nextInt(4) == 0 ? (Object) String.valueOf(reading.value) : (Object) reading.value));
    if (r.nextInt(5) == 0) {
      entries.add(Map.entry("extra", List.of(1, "two", Map.of("three", 3))));
    }
    Collections.shuffle(entries, r);
    Map<String, Object> fields = new LinkedHashMap<>();
    entries.forEach(e -> fields.put(e.getKey(), e.getValue()));
    if (reading.unit != null) {
      fields.put("unit", reading.unit);
    } else if (r.nextBoolean()) {
      fields.put("unit", null);
    }
    return fields;
  }

  private static Generated validJson(Random r) {
    Reading reading = new Reading(r);
    String text = write(jsonFields(r, reading));
    if (r.nextInt(8) == 0) {
      text = " " + text + "\t ";
    }
    if (r.nextInt(10) == 0) {
      text = text + "\r";
    }
    if (r.nextInt(10) == 0) {
      text = "\uFEFF" + text;
    }
    return Generated.valid(text, reading.row());
  }

  /** A valid line with {@code field} set to the raw JSON {@code rawValue}. */
  private static String withRaw(Random r, String field, String rawValue) {
    Map<String, Object> fields = jsonFields(r, new Reading(r));
    fields.put(field, "@@RAW@@"); // '@' is not in SENSOR_CHARS, so the marker is unique
    return write(fields).replace("\"@@RAW@@\"", rawValue);
  }

  private static String withValue(Random r, String field, Object value) {
    Map<String, Object> fields = jsonFields(r, new Reading(r));
    fields.put(field, value);
    return write(fields);
  }

  private static String without(Random r, String field) {
    Map<String, Object> fields = jsonFields(r, new Reading(r));
    fields.remove(field);
    return write(fields);
  }

  private static <T> T pick(Random r, List<T> items) {
    return items.get(r.nextInt(items.size()));
  }

  private interface BadLine {
    Generated make(Random r);
  }

  private static final List<BadLine> BAD_JSON =
      List.of(
          r -> {
            String valid = write(jsonFields(r, new Reading(r)));
            return Generated.bad(valid.substring(0, 1 + r.nextInt(valid.length() - 1)), Reasons.MALFORMED_JSON);
          },
          r -> Generated.bad(withRaw(r, "value", pick(r, List.of("NaN", "Infinity", "-Infinity"))), Reasons.MALFORMED_JSON),
          r -> Generated.bad(withRaw(r, "value", pick(r, List.of("1e400", "-1e309", "\"NaN\"", "\"-Infinity\"", "\"inf\""))), Reasons.NON_FINITE_VALUE),
          r -> Generated.bad(withRaw(r, "value", pick(r, List.of("true", "[1]", "{\"v\":1}"))), Reasons.WRONG_TYPE),
          r -> Generated.bad(withValue(r, "value", pick(r, List.of("abc", "1,5", "0x1F", "", "1.5.5", "12f"))), Reasons.BAD_VALUE),
          r -> Generated.bad(withRaw(r, "sensor", pick(r, List.of("42", "false", "[\"a\"]", "{}"))), Reasons.WRONG_TYPE),
          r -> Generated.bad(
              withValue(r, "ts", pick(r, List.of("1850-06-01T00:00:00Z", "2250-01-01T00:00:00Z", "+12345-01-01T00:00:00Z"))),
              Reasons.TIMESTAMP_OUT_OF_RANGE),
          r -> Generated.bad(withRaw(r, "ts", pick(r, List.of("7258118400000", "-2208988800001", "1e300"))), Reasons.TIMESTAMP_OUT_OF_RANGE),
          r -> Generated.bad(
              withValue(r, "ts", pick(r, List.of("not a time", "2024-13-01T00:00:00Z", "2024-01-01", "1704067200"))),
              Reasons.BAD_TIMESTAMP),
          r -> Generated.bad(withRaw(r, "ts", pick(r, List.of("true", "[1]", "{}"))), Reasons.BAD_TIMESTAMP),
          r -> Generated.bad(r.nextBoolean() ? without(r, "sensor") : withValue(r, "sensor", null), Reasons.MISSING_FIELD),
          r -> Generated.bad(r.nextBoolean() ? without(r, "ts") : withValue(r, "ts", null), Reasons.MISSING_FIELD),
          r -> Generated.bad(r.nextBoolean() ? without(r, "value") : withValue(r, "value", null), Reasons.MISSING_FIELD),
          r -> {
            String valid = write(jsonFields(r, new Reading(r)));
            return Generated.bad(valid.substring(0, valid.length() - 1) + ",\"sensor\":\"dup\"}", Reasons.MALFORMED_JSON);
          },
          r -> Generated.bad(write(jsonFields(r, new Reading(r))) + pick(r, List.of(" x", "{}", "]", ",", "1")), Reasons.MALFORMED_JSON),
          r -> Generated.bad(pick(r, List.of("", " ", "\t\t", "\r", "\uFEFF")), Reasons.EMPTY_LINE),
          r -> Generated.badUtf8(write(jsonFields(r, new Reading(r)))),
          r -> Generated.bad("[" + write(jsonFields(r, new Reading(r))) + "]", Reasons.WRONG_TYPE));

  // ------------------------------------------------------------------ CSV

  private static String csvField(Random r, String value) {
    if (value.contains(",") || value.contains("\"") || r.nextInt(6) == 0) {
      return "\"" + value.replace("\"", "\"\"") + "\"";
    }
    return value;
  }

  private static Generated validCsv(Random r) {
    Reading reading = new Reading(r);
    String ts = isoText(r, reading.millis);
    String value = String.valueOf(reading.value);
    String unit = reading.unit == null ? (r.nextBoolean() ? "" : "\"\"") : csvField(r, reading.unit);
    String text = csvField(r, reading.sensor) + "," + csvField(r, ts) + "," + value + "," + unit;
    if (r.nextInt(10) == 0) {
      text = text + "\r";
    }
    return Generated.valid(text, reading.row());
  }

  private static String csvLine(Random r, String ts, String value) {
    return "s" + r.nextInt(1000) + "," + ts + "," + value + ",u";
  }

  private static final String TS = "2024-01-01T00:00:00Z";

  private static final List<BadLine> BAD_CSV =
      List.of(
          r -> Generated.bad("\"s" + r.nextInt(1000) + "," + TS + ",1,u", Reasons.MALFORMED_CSV),
          r -> Generated.bad("s,\"" + TS + "\"x,1,u", Reasons.MALFORMED_CSV),
          r -> Generated.bad(csvLine(r, TS, "1") + ",extra", Reasons.WRONG_COLUMN_COUNT),
          r -> Generated.bad("s," + TS + ",1", Reasons.WRONG_COLUMN_COUNT),
          r -> Generated.bad(csvLine(r, TS, pick(r, List.of("NaN", "Infinity", "-inf", "1e400"))), Reasons.NON_FINITE_VALUE),
          r -> Generated.bad(csvLine(r, TS, pick(r, List.of("abc", "1.5.5", "0x10", "\"1,5\""))), Reasons.BAD_VALUE),
          r -> Generated.bad(csvLine(r, pick(r, List.of("soon", "2024-01-01 00:00:00", "2024-02-30T00:00:00Z")), "1"), Reasons.BAD_TIMESTAMP),
          r -> Generated.bad(csvLine(r, pick(r, List.of("1899-01-01T00:00:00Z", "2201-01-01T00:00:00Z")), "1"), Reasons.TIMESTAMP_OUT_OF_RANGE),
          r -> Generated.bad(pick(r, List.of("s," + TS + ",,u", "s,,1,u", "," + TS + ",1,u", ",,,")), Reasons.MISSING_FIELD),
          r -> Generated.bad(pick(r, List.of("", "   ", "\t")), Reasons.EMPTY_LINE),
          r -> Generated.badUtf8(csvLine(r, TS, "1")));

  // ------------------------------------------------------------------ running

  private static List<Generated> mix(Random r, int size, java.util.function.Function<Random, Generated> valid, List<BadLine> bad) {
    List<Generated> lines = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      lines.add(r.nextInt(5) < 3 ? valid.apply(r) : bad.get(r.nextInt(bad.size())).make(r));
    }
    Collections.shuffle(lines, r);
    return lines;
  }

  private static void checkRound(
      TestPipeline p,
      String source,
      List<Generated> generated,
      PTransform<PCollection<SourceLine>, ParseResult<Row>> transform) {
    List<SourceLine> lines = new ArrayList<>();
    List<Row> expectedRows = new ArrayList<>();
    List<String> expectedFailures = new ArrayList<>();
    for (int i = 0; i < generated.size(); i++) {
      Generated g = generated.get(i);
      long line = i + 1;
      lines.add(SourceLine.create(source, line, g.text, g.invalidUtf8));
      if (g.row != null) {
        expectedRows.add(g.row);
      } else {
        expectedFailures.add(line + ":" + g.reason);
      }
    }
    ParseResult<Row> result = p.apply(source + "/Create", Create.of(lines)).apply(source + "/Parse", transform);

    PAssert.that(source + " rows", result.output()).containsInAnyOrder(expectedRows);
    PAssert.that(
            source + " failures",
            result
                .failures()
                .apply(
                    source + "/Lines",
                    MapElements.into(TypeDescriptors.strings()).via((Failure f) -> f.getLine() + ":" + f.getReason())))
        .containsInAnyOrder(expectedFailures);
    PAssert.that(
            source + " element timestamps",
            result
                .output()
                .apply(source + "/Reify", Reify.timestamps())
                .apply(
                    source + "/Mismatches",
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            (TimestampedValue<Row> tv) ->
                                tv.getTimestamp().getMillis() == tv.getValue().getDateTime("ts").getMillis()
                                    ? "ok"
                                    : tv.getValue() + " @ " + tv.getTimestamp()))
                .apply(source + "/Distinct", org.apache.beam.sdk.transforms.Distinct.create()))
        .containsInAnyOrder(expectedRows.isEmpty() ? List.of() : List.of("ok"));
    PAssert.thatSingleton(source + " output count", result.output().apply(source + "/CountRows", Count.globally()))
        .isEqualTo((long) expectedRows.size());
    PAssert.thatSingleton(source + " failure count", result.failures().apply(source + "/CountFailures", Count.globally()))
        .isEqualTo((long) expectedFailures.size());
  }

  @Test
  void jsonRandomMixes(TestPipeline p) {
    Random r = new Random(SEED);
    int valid = 0;
    int invalid = 0;
    for (int round = 0; round < ROUNDS; round++) {
      List<Generated> lines = mix(r, 250 + r.nextInt(101), RandomMixPropertyTest::validJson, BAD_JSON);
      valid += (int) lines.stream().filter(g -> g.row != null).count();
      invalid += (int) lines.stream().filter(g -> g.row == null).count();
      checkRound(
          p,
          "json-seed" + SEED + "-round" + round,
          lines,
          ParseJson.rows(SCHEMA).withEventTime(EventTime.isoOrEpoch("ts", TimeUnit.MILLISECONDS)));
    }
    // The mix really is a mix.
    org.junit.jupiter.api.Assertions.assertTrue(valid > 500 && invalid > 300, valid + " valid, " + invalid + " invalid");
    p.run().waitUntilFinish();
  }

  @Test
  void csvRandomMix(TestPipeline p) {
    Random r = new Random(SEED + 1);
    List<Generated> lines = mix(r, 300, RandomMixPropertyTest::validCsv, BAD_CSV);
    org.junit.jupiter.api.Assertions.assertTrue(
        lines.stream().filter(g -> g.row == null).count() > 60, "too few bad lines");
    checkRound(p, "csv-seed" + (SEED + 1), lines, ParseCsv.rows(SCHEMA).withEventTime(EventTime.iso("ts")));
    p.run().waitUntilFinish();
  }
}
