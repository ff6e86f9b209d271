package io.beamwise.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.failure.Failure;
import io.beamwise.failure.Failure.Reasons;
import io.beamwise.testing.TestPipelineExtension;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Reify;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A corpus of malformed and awkward lines run through the real {@link ParseJson} and {@link
 * ParseCsv} transforms. Every case names where its line must land: {@code failures()} with an
 * exact reason, {@code output()} with an exact {@link Row} (timestamped with its event time), or
 * nowhere (a CSV header). Each pipeline also checks that no line is lost or duplicated, and that
 * the {@code beamwise.parse} counters agree with the corpus.
 */
@ExtendWith(TestPipelineExtension.class)
class MalformedInputCorpusTest {

  private static final String TS = "2024-01-01T00:00:00Z";
  private static final String TS_MS = "2024-01-01T00:00:00.123Z";
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  static final Schema READING =
      Schema.builder()
          .addStringField("sensor")
          .addDateTimeField("ts")
          .addDoubleField("value")
          .addNullableField("unit", FieldType.STRING)
          .build();

  static final Schema TYPES =
      Schema.builder()
          .addStringField("sensor")
          .addDateTimeField("ts")
          .addInt64Field("count")
          .addInt32Field("small")
          .addFloatField("ratio")
          .addBooleanField("flag")
          .build();

  static final Schema OPTIONAL_VALUE =
      Schema.builder()
          .addStringField("sensor")
          .addDateTimeField("ts")
          .addNullableField("value", FieldType.DOUBLE)
          .build();

  // ------------------------------------------------------------------ corpus model

  /** One input line and where it must land. */
  private static final class Case {
    final String source;
    final long line;
    final String text;
    final boolean invalidUtf8;
    final String reason; // non-null: a failure with this reason
    final Row row; // non-null: this record
    final boolean header;

    Case(String source, long line, String text, boolean invalidUtf8, String reason, Row row, boolean header) {
      this.source = source;
      this.line = line;
      this.text = text;
      this.invalidUtf8 = invalidUtf8;
      this.reason = reason;
      this.row = row;
      this.header = header;
    }

    SourceLine sourceLine() {
      return SourceLine.create(source, line, text, invalidUtf8);
    }

    String failureKey() {
      return failureKey(source, line, reason, text.getBytes(StandardCharsets.UTF_8).length);
    }

    static String failureKey(String source, long line, String reason, int payloadBytes) {
      return source + "|" + line + "|" + reason + "|parse|" + payloadBytes;
    }

    TimestampedValue<Row> timestampedRow() {
      return TimestampedValue.of(row, new Instant(row.getDateTime("ts").getMillis()));
    }
  }

  /** Lines parsed by one configured transform. */
  private static final class Group {
    final Corpus corpus;
    final String source;
    final PTransform<PCollection<SourceLine>, ParseResult<Row>> transform;
    final List<Case> cases = new ArrayList<>();

    Group(Corpus corpus, String source, PTransform<PCollection<SourceLine>, ParseResult<Row>> transform) {
      this.corpus = corpus;
      this.source = source;
      this.transform = transform;
    }

    Group ok(String text, Row row) {
      cases.add(new Case(source, corpus.nextLine++, text, false, null, row, false));
      return this;
    }

    Group fail(String text, String reason) {
      cases.add(new Case(source, corpus.nextLine++, text, false, reason, null, false));
      return this;
    }

    Group invalidUtf8(String text) {
      cases.add(new Case(source, corpus.nextLine++, text, true, Reasons.INVALID_UTF8, null, false));
      return this;
    }

    /** Line 1 of {@code source}, a header that appears in neither output. */
    Group headerLine(String source, String text) {
      cases.add(new Case(source, 1, text, false, null, null, true));
      return this;
    }

    Group failLine1(String source, String text, String reason) {
      cases.add(new Case(source, 1, text, false, reason, null, false));
      return this;
    }

    Group okLine1(String source, String text, Row row) {
      cases.add(new Case(source, 1, text, false, null, row, false));
      return this;
    }

    long count(java.util.function.Predicate<Case> p) {
      return cases.stream().filter(p).count();
    }
  }

  private static final class Corpus {
    final List<Group> groups = new ArrayList<>();
    long nextLine = 2; // line 1 is reserved for header cases, each in its own source

    Group group(String source, PTransform<PCollection<SourceLine>, ParseResult<Row>> transform) {
      Group g = new Group(this, source, transform);
      groups.add(g);
      return g;
    }

    List<Case> cases() {
      List<Case> all = new ArrayList<>();
      groups.forEach(g -> all.addAll(g.cases));
      return all;
    }
  }

  /** JSON with single quotes written as double quotes, to keep the corpus readable. */
  private static String q(String json) {
    return json.replace('\'', '"');
  }

  private static Row reading(String sensor, String ts, double value, String unit) {
    return Row.withSchema(READING).addValues(sensor, Instant.parse(ts), value, unit).build();
  }

  /** A JSON line of the TYPES schema: sensor and ts, then {@code fields} (single-quoted JSON). */
  private static String typed(String sensor, String fields) {
    return q("{'sensor':'" + sensor + "','ts':'" + TS + "'," + fields + "}");
  }

  private static Row types(String sensor, long count, int small, float ratio, boolean flag) {
    return Row.withSchema(TYPES).addValues(sensor, Instant.parse(TS), count, small, ratio, flag).build();
  }

  private static Row optional(String sensor, Double value) {
    return Row.withSchema(OPTIONAL_VALUE).addValues(sensor, Instant.parse(TS), value).build();
  }

  /** A JSON reading line whose sensor is padded so that the line has exactly {@code bytes} bytes. */
  private static String jsonLineOfBytes(int bytes) {
    String prefix = "{\"sensor\":\"";
    String suffix = "\",\"ts\":\"" + TS + "\",\"value\":1}";
    return prefix + "p".repeat(bytes - prefix.length() - suffix.length()) + suffix;
  }

  // ------------------------------------------------------------------ JSON corpus

  private static Corpus jsonCorpus() {
    Corpus c = new Corpus();
    EventTime iso = EventTime.iso("ts");

    c.group("json/basic", ParseJson.rows(READING).withEventTime(iso))
        .ok(q("{'sensor':'baseline','ts':'" + TS + "','value':1.5,'unit':'C'}"), reading("baseline", TS, 1.5, "C"))
        // truncated
        .fail(q("{'sensor':'a','ts':'" + TS + "','value':"), Reasons.MALFORMED_JSON)
        .fail(q("{'sensor':'a','ts':'2024-01-01T0"), Reasons.MALFORMED_JSON)
        .fail(q("{'sensor':'a'"), Reasons.MALFORMED_JSON)
        .fail("{", Reasons.MALFORMED_JSON)
        // wrong types
        .fail(q("{'sensor':'a','ts':'" + TS + "','value':'abc'}"), Reasons.BAD_VALUE)
        .fail(q("{'sensor':42,'ts':'" + TS + "','value':1}"), Reasons.WRONG_TYPE)
        .fail(q("{'sensor':'a','ts':'" + TS + "','value':true}"), Reasons.WRONG_TYPE)
        .fail(q("{'sensor':'a','ts':'" + TS + "','value':{'v':1}}"), Reasons.WRONG_TYPE)
        .fail(q("{'sensor':'a','ts':'" + TS + "','value':[1.5]}"), Reasons.WRONG_TYPE)
        .fail(q("{'sensor':'a','ts':'" + TS + "','value':1,'unit':5}"), Reasons.WRONG_TYPE)
        .fail(q("{'sensor':['a'],'ts':'" + TS + "','value':1}"), Reasons.WRONG_TYPE)
        // non-finite numbers
        .fail(q("{'sensor':'a','ts':'" + TS + "','value':1e400}"), Reasons.NON_FINITE_VALUE)
        .fail(q("{'sensor':'a','ts':'" + TS + "','value':-1e400}"), Reasons.NON_FINITE_VALUE)
        .fail(q("{'sensor':'a','ts':'" + TS + "','value':NaN}"), Reasons.MALFORMED_JSON)
        .fail(q("{'sensor':'a','ts':'" + TS + "','value':Infinity}"), Reasons.MALFORMED_JSON)
        .fail(q("{'sensor':'a','ts':'" + TS + "','value':'NaN'}"), Reasons.NON_FINITE_VALUE)
        .fail(q("{'sensor':'a','ts':'" + TS + "','value':'Infinity'}"), Reasons.NON_FINITE_VALUE)
        .fail(q("{'sensor':'a','ts':'" + TS + "','value':'-inf'}"), Reasons.NON_FINITE_VALUE)
        .fail(q("{'sensor':'a','ts':'" + TS + "','value':'1e400'}"), Reasons.NON_FINITE_VALUE)
        // blank
        .fail("", Reasons.EMPTY_LINE)
        .fail("   \t  ", Reasons.EMPTY_LINE)
        .fail("\uFEFF", Reasons.EMPTY_LINE)
        .fail("\r", Reasons.EMPTY_LINE)
        // strictness
        .fail(q("{'sensor':'a','sensor':'b','ts':'" + TS + "','value':1}"), Reasons.MALFORMED_JSON)
        .fail(q("{'sensor':'a','ts':'" + TS + "','value':1,'value':2}"), Reasons.MALFORMED_JSON)
        .fail(q("{'sensor':'a','ts':'" + TS + "','value':1} trailing"), Reasons.MALFORMED_JSON)
        .fail(q("{'sensor':'a','ts':'" + TS + "','value':1}{}"), Reasons.MALFORMED_JSON)
        .fail(q("{'sensor':'a','ts':'" + TS + "','value':1}}"), Reasons.MALFORMED_JSON)
        .fail(q("{'sensor':'a','ts':'" + TS + "','value':1,}"), Reasons.MALFORMED_JSON)
        .fail("{'sensor':'a','ts':'" + TS + "','value':1}", Reasons.MALFORMED_JSON) // single quotes
        .fail(q("{sensor:'a','ts':'" + TS + "','value':1}"), Reasons.MALFORMED_JSON)
        .fail(q("{'sensor':'a','ts':'" + TS + "',/*c*/'value':1}"), Reasons.MALFORMED_JSON)
        .fail(q("{'sensor':'a','ts':'" + TS + "','value':01.5}"), Reasons.MALFORMED_JSON)
        .fail(q("{'sensor':'a\tb','ts':'" + TS + "','value':1}"), Reasons.MALFORMED_JSON)
        .fail(q("{'sensor':'a','ts':'" + TS + "','value':0x10}"), Reasons.MALFORMED_JSON)
        // not an object
        .fail("[1,2]", Reasons.WRONG_TYPE)
        .fail("null", Reasons.WRONG_TYPE)
        .fail("\"just a string\"", Reasons.WRONG_TYPE)
        .fail("42", Reasons.WRONG_TYPE)
        // size, encoding, BOM, CR
        .ok(
            q("{'sensor':'big','ts':'" + TS + "','value':2.5,'pad':'" + "x".repeat(1_000_000) + "'}"),
            reading("big", TS, 2.5, null))
        .invalidUtf8(q("{'sensor':'caf\uFFFD','ts':'" + TS + "','value':1}"))
        .ok("\uFEFF" + q("{'sensor':'bom','ts':'" + TS + "','value':3}"), reading("bom", TS, 3, null))
        .ok(q("{'sensor':'cr','ts':'" + TS + "','value':4}") + "\r", reading("cr", TS, 4, null))
        .ok(
            "\uFEFF" + q("{'sensor':'bomcr','ts':'" + TS + "','value':4.5}") + "\r",
            reading("bomcr", TS, 4.5, null))
        // event time
        .fail(q("{'sensor':'a','value':1}"), Reasons.MISSING_FIELD)
        .fail(q("{'sensor':'a','ts':null,'value':1}"), Reasons.MISSING_FIELD)
        .fail(q("{'sensor':'a','ts':'yesterday','value':1}"), Reasons.BAD_TIMESTAMP)
        .fail(q("{'sensor':'a','ts':'2024-01-01','value':1}"), Reasons.BAD_TIMESTAMP)
        .fail(q("{'sensor':'a','ts':'2024-02-30T00:00:00Z','value':1}"), Reasons.BAD_TIMESTAMP)
        .fail(q("{'sensor':'a','ts':1704067200,'value':1}"), Reasons.BAD_TIMESTAMP)
        .fail(q("{'sensor':'a','ts':{'iso':'" + TS + "'},'value':1}"), Reasons.BAD_TIMESTAMP)
        .fail(q("{'sensor':'a','ts':'1899-12-31T23:59:59Z','value':1}"), Reasons.TIMESTAMP_OUT_OF_RANGE)
        .fail(q("{'sensor':'a','ts':'2200-01-01T00:00:00Z','value':1}"), Reasons.TIMESTAMP_OUT_OF_RANGE)
        .fail(q("{'sensor':'a','ts':'+10000-01-01T00:00:00Z','value':1}"), Reasons.TIMESTAMP_OUT_OF_RANGE)
        .ok(q("{'sensor':'offset','ts':'2024-01-01T01:00:00+01:00','value':5}"), reading("offset", TS, 5, null))
        .ok(q("{'sensor':'local','ts':'2024-01-01T00:00:00','value':6}"), reading("local", TS, 6, null))
        .ok(q("{'sensor':'nanos','ts':'2024-01-01T00:00:00.123999999Z','value':6.5}"), reading("nanos", TS_MS, 6.5, null))
        // required vs optional
        .ok(q("{'sensor':'nounit','ts':'" + TS + "','value':7}"), reading("nounit", TS, 7, null))
        .ok(q("{'sensor':'nullunit','ts':'" + TS + "','value':8,'unit':null}"), reading("nullunit", TS, 8, null))
        .ok(q("{'sensor':'emptyunit','ts':'" + TS + "','value':8.5,'unit':''}"), reading("emptyunit", TS, 8.5, ""))
        .fail(q("{'sensor':'a','ts':'" + TS + "'}"), Reasons.MISSING_FIELD)
        .fail(q("{'sensor':'a','ts':'" + TS + "','value':null}"), Reasons.MISSING_FIELD)
        .fail(q("{'sensor':null,'ts':'" + TS + "','value':1}"), Reasons.MISSING_FIELD)
        .fail("{}", Reasons.MISSING_FIELD)
        // coercions
        .ok(q("{'sensor':'coerced','ts':'" + TS + "','value':'12.5'}"), reading("coerced", TS, 12.5, null))
        .ok(q("{'sensor':'sci','ts':'" + TS + "','value':' -1e3 '}"), reading("sci", TS, -1000, null))
        .ok(q("{'sensor':'int','ts':'" + TS + "','value':9}"), reading("int", TS, 9, null))
        .ok(q("{'sensor':'tiny','ts':'" + TS + "','value':1e-400}"), reading("tiny", TS, 0.0, null))
        .fail(q("{'sensor':'a','ts':'" + TS + "','value':'0x10'}"), Reasons.BAD_VALUE)
        .fail(q("{'sensor':'a','ts':'" + TS + "','value':'1.5f'}"), Reasons.BAD_VALUE)
        .fail(q("{'sensor':'a','ts':'" + TS + "','value':'1,5'}"), Reasons.BAD_VALUE)
        .fail(q("{'sensor':'a','ts':'" + TS + "','value':''}"), Reasons.BAD_VALUE)
        // unknown fields, key order, escapes
        .ok(
            q("{'extra':{'deep':[1,{'x':null}]},'value':10,'unit':'K','ts':'" + TS + "','sensor':'extra','n':1e999}"),
            reading("extra", TS, 10, "K"))
        .ok(
            q("{'sensor':'caf\\u00e9 \\\"q\\\" \\\\','ts':'" + TS + "','value':11}"),
            reading("caf\u00e9 \"q\" \\", TS, 11, null));

    c.group("json/types", ParseJson.rows(TYPES).withEventTime(iso))
        .ok(typed("t-base", "'count':5,'small':-2147483648,'ratio':0.5,'flag':false"), types("t-base", 5, -2147483648, 0.5f, false))
        .ok(typed("t-max", "'count':9223372036854775807,'small':2147483647,'ratio':3.4e38,'flag':true"), types("t-max", Long.MAX_VALUE, Integer.MAX_VALUE, (float) 3.4e38, true))
        .ok(typed("t-min", "'count':-9223372036854775808,'small':0,'ratio':1e-50,'flag':true"), types("t-min", Long.MIN_VALUE, 0, 0f, true))
        .fail(typed("a", "'count':9223372036854775808,'small':1,'ratio':1,'flag':true"), Reasons.OUT_OF_RANGE)
        .fail(typed("a", "'count':-9223372036854775809,'small':1,'ratio':1,'flag':true"), Reasons.OUT_OF_RANGE)
        .fail(typed("a", "'count':99999999999999999999999999,'small':1,'ratio':1,'flag':true"), Reasons.OUT_OF_RANGE)
        .fail(typed("a", "'count':'99999999999999999999','small':1,'ratio':1,'flag':true"), Reasons.OUT_OF_RANGE)
        .fail(typed("a", "'count':1,'small':2147483648,'ratio':1,'flag':true"), Reasons.OUT_OF_RANGE)
        .fail(typed("a", "'count':1,'small':-2147483649,'ratio':1,'flag':true"), Reasons.OUT_OF_RANGE)
        .fail(typed("a", "'count':1,'small':'3000000000','ratio':1,'flag':true"), Reasons.OUT_OF_RANGE)
        .fail(typed("a", "'count':1,'small':1,'ratio':1e39,'flag':true"), Reasons.OUT_OF_RANGE)
        .fail(typed("a", "'count':1,'small':1,'ratio':-3.5e38,'flag':true"), Reasons.OUT_OF_RANGE)
        .fail(typed("a", "'count':1,'small':1,'ratio':'1e39','flag':true"), Reasons.OUT_OF_RANGE)
        .fail(typed("a", "'count':1,'small':1,'ratio':1e400,'flag':true"), Reasons.NON_FINITE_VALUE)
        .ok(typed("t-str", "'count':'42','small':'+7','ratio':'0.25','flag':'TRUE'"), types("t-str", 42, 7, 0.25f, true))
        .ok(typed("t-str2", "'count':' -3 ','small':'0','ratio':2,'flag':'fAlSe'"), types("t-str2", -3, 0, 2f, false))
        .fail(typed("a", "'count':'42.0','small':1,'ratio':1,'flag':true"), Reasons.BAD_VALUE)
        .fail(typed("a", "'count':42.0,'small':1,'ratio':1,'flag':true"), Reasons.BAD_VALUE)
        .fail(typed("a", "'count':4.2e1,'small':1,'ratio':1,'flag':true"), Reasons.BAD_VALUE)
        .fail(typed("a", "'count':'abc','small':1,'ratio':1,'flag':true"), Reasons.BAD_VALUE)
        .fail(typed("a", "'count':'','small':1,'ratio':1,'flag':true"), Reasons.BAD_VALUE)
        .fail(typed("a", "'count':true,'small':1,'ratio':1,'flag':true"), Reasons.WRONG_TYPE)
        .fail(typed("a", "'count':{'n':1},'small':1,'ratio':1,'flag':true"), Reasons.WRONG_TYPE)
        .fail(typed("a", "'count':[1],'small':1,'ratio':1,'flag':true"), Reasons.WRONG_TYPE)
        .fail(typed("a", "'count':1,'small':1,'ratio':false,'flag':true"), Reasons.WRONG_TYPE)
        .fail(typed("a", "'count':1,'small':1,'ratio':1,'flag':'yes'"), Reasons.BAD_VALUE)
        .fail(typed("a", "'count':1,'small':1,'ratio':1,'flag':'1'"), Reasons.BAD_VALUE)
        .fail(typed("a", "'count':1,'small':1,'ratio':1,'flag':1"), Reasons.WRONG_TYPE)
        .fail(typed("a", "'count':1,'small':1,'ratio':1"), Reasons.MISSING_FIELD);

    int limit = 100;
    String exactlyAtLimit = jsonLineOfBytes(limit);
    String oneOver = jsonLineOfBytes(limit + 1);
    String multiByte = q("{'sensor':'" + "\u20ac".repeat(30) + "','ts':'" + TS + "','value':1}");
    assertEquals(limit, exactlyAtLimit.getBytes(StandardCharsets.UTF_8).length);
    assertTrue(multiByte.length() < limit && multiByte.getBytes(StandardCharsets.UTF_8).length > limit);
    c.group("json/limit", ParseJson.rows(READING).withEventTime(iso).withMaxPayloadBytes(limit))
        .ok(exactlyAtLimit, reading(exactlyAtLimit.substring(11, exactlyAtLimit.indexOf("\",")), TS, 1, null))
        .fail(oneOver, Reasons.PAYLOAD_TOO_LARGE)
        .fail(multiByte, Reasons.PAYLOAD_TOO_LARGE)
        .fail(q("{'sensor':'a','ts':'" + TS + "','value':1,'pad':'" + "x".repeat(2000) + "'}"), Reasons.PAYLOAD_TOO_LARGE)
        .fail("{" + " ".repeat(200), Reasons.PAYLOAD_TOO_LARGE); // the size check comes first

    c.group("json/zone", ParseJson.rows(READING).withEventTime(iso.withZone(NEW_YORK)))
        .ok(q("{'sensor':'ny-summer','ts':'2024-07-01T12:00:00','value':1}"), reading("ny-summer", "2024-07-01T16:00:00Z", 1, null))
        .ok(q("{'sensor':'ny-winter','ts':'2024-01-15T12:00:00','value':1}"), reading("ny-winter", "2024-01-15T17:00:00Z", 1, null))
        .fail(q("{'sensor':'a','ts':'2024-03-10T02:30:00','value':1}"), Reasons.BAD_TIMESTAMP)
        .ok(q("{'sensor':'ny-overlap','ts':'2024-11-03T01:30:00','value':1}"), reading("ny-overlap", "2024-11-03T05:30:00Z", 1, null))
        .ok(q("{'sensor':'ny-utc','ts':'2024-07-01T12:00:00Z','value':1}"), reading("ny-utc", "2024-07-01T12:00:00Z", 1, null));

    c.group(
            "json/bounds",
            ParseJson.rows(READING)
                .withEventTime(
                    iso.withBounds(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2025-01-01T00:00:00Z"))))
        .ok(q("{'sensor':'b-min','ts':'2024-01-01T00:00:00Z','value':1}"), reading("b-min", TS, 1, null))
        .ok(q("{'sensor':'b-last','ts':'2024-12-31T23:59:59.999Z','value':1}"), reading("b-last", "2024-12-31T23:59:59.999Z", 1, null))
        .fail(q("{'sensor':'a','ts':'2023-12-31T23:59:59.999Z','value':1}"), Reasons.TIMESTAMP_OUT_OF_RANGE)
        .fail(q("{'sensor':'a','ts':'2025-01-01T00:00:00Z','value':1}"), Reasons.TIMESTAMP_OUT_OF_RANGE)
        .fail(q("{'sensor':'a','ts':'2024-01-01T00:00:00+01:00','value':1}"), Reasons.TIMESTAMP_OUT_OF_RANGE);

    c.group("json/epoch-s", ParseJson.rows(READING).withEventTime(EventTime.epoch("ts", TimeUnit.SECONDS)))
        .ok(q("{'sensor':'s','ts':1704067200.123,'value':1}"), reading("s", TS_MS, 1, null))
        .ok(q("{'sensor':'s-trunc','ts':1704067200.1239,'value':1}"), reading("s-trunc", TS_MS, 1, null))
        .ok(q("{'sensor':'s-str','ts':'1704067200.123','value':1}"), reading("s-str", TS_MS, 1, null))
        .ok(q("{'sensor':'s-int','ts':1704067200,'value':1}"), reading("s-int", TS, 1, null))
        .ok(q("{'sensor':'s-neg','ts':-0.0015,'value':1}"), reading("s-neg", "1969-12-31T23:59:59.998Z", 1, null))
        .fail(q("{'sensor':'a','ts':1704067200123,'value':1}"), Reasons.TIMESTAMP_OUT_OF_RANGE)
        .fail(q("{'sensor':'a','ts':1e999999999,'value':1}"), Reasons.TIMESTAMP_OUT_OF_RANGE)
        .fail(q("{'sensor':'a','ts':'soon','value':1}"), Reasons.BAD_TIMESTAMP)
        .fail(q("{'sensor':'a','ts':'" + TS + "','value':1}"), Reasons.BAD_TIMESTAMP)
        .fail(q("{'sensor':'a','ts':true,'value':1}"), Reasons.BAD_TIMESTAMP)
        .fail(q("{'sensor':'a','ts':[1704067200],'value':1}"), Reasons.BAD_TIMESTAMP);
    c.group("json/epoch-ms", ParseJson.rows(READING).withEventTime(EventTime.epoch("ts", TimeUnit.MILLISECONDS)))
        .ok(q("{'sensor':'ms','ts':1704067200123,'value':1}"), reading("ms", TS_MS, 1, null))
        .ok(q("{'sensor':'ms-str','ts':'1704067200123','value':1}"), reading("ms-str", TS_MS, 1, null))
        // Seconds read as milliseconds land in January 1970, inside the default range: accepted.
        .ok(q("{'sensor':'ms-from-s','ts':1704067200,'value':1}"), reading("ms-from-s", "1970-01-20T17:21:07.200Z", 1, null));
    c.group("json/epoch-us", ParseJson.rows(READING).withEventTime(EventTime.epoch("ts", TimeUnit.MICROSECONDS)))
        .ok(q("{'sensor':'us','ts':1704067200123456,'value':1}"), reading("us", TS_MS, 1, null));
    c.group("json/epoch-ns", ParseJson.rows(READING).withEventTime(EventTime.epoch("ts", TimeUnit.NANOSECONDS)))
        .ok(q("{'sensor':'ns','ts':1704067200123456789,'value':1}"), reading("ns", TS_MS, 1, null))
        .ok(q("{'sensor':'ns-str','ts':'1704067200123999999','value':1}"), reading("ns-str", TS_MS, 1, null));

    c.group("json/pattern", ParseJson.rows(READING).withEventTime(EventTime.pattern("ts", "dd/MM/uuuu HH:mm")))
        .ok(q("{'sensor':'pat','ts':'01/07/2024 12:30','value':1}"), reading("pat", "2024-07-01T12:30:00Z", 1, null))
        .fail(q("{'sensor':'a','ts':'2024-07-01 12:30','value':1}"), Reasons.BAD_TIMESTAMP)
        .fail(q("{'sensor':'a','ts':'31/02/2024 10:00','value':1}"), Reasons.BAD_TIMESTAMP)
        .fail(q("{'sensor':'a','ts':'01/07/1850 12:30','value':1}"), Reasons.TIMESTAMP_OUT_OF_RANGE);

    c.group(
            "json/keep-missing",
            ParseJson.rows(OPTIONAL_VALUE).withEventTime(iso).withNonFinite(NonFinitePolicy.KEEP_AS_MISSING))
        .ok(q("{'sensor':'k-nan','ts':'" + TS + "','value':'NaN'}"), optional("k-nan", null))
        .ok(q("{'sensor':'k-inf','ts':'" + TS + "','value':'-Infinity'}"), optional("k-inf", null))
        .ok(q("{'sensor':'k-big','ts':'" + TS + "','value':1e400}"), optional("k-big", null))
        .ok(q("{'sensor':'k-missing','ts':'" + TS + "'}"), optional("k-missing", null))
        .ok(q("{'sensor':'k-ok','ts':'" + TS + "','value':3.5}"), optional("k-ok", 3.5))
        .fail(q("{'sensor':'a','ts':'" + TS + "','value':'abc'}"), Reasons.BAD_VALUE)
        .fail(q("{'sensor':'a','ts':'" + TS + "','value':NaN}"), Reasons.MALFORMED_JSON)
        .fail(q("{'sensor':'a','ts':'" + TS + "','value':true}"), Reasons.WRONG_TYPE);
    return c;
  }

  // ------------------------------------------------------------------ CSV corpus

  private static Corpus csvCorpus() {
    Corpus c = new Corpus();
    EventTime iso = EventTime.iso("ts");

    c.group("csv/basic", ParseCsv.rows(READING).withEventTime(iso))
        .headerLine("csv/basic", "sensor,ts,value,unit")
        .ok("baseline," + TS + ",1.5,C", reading("baseline", TS, 1.5, "C"))
        .ok("\"a,b\"," + TS + ",1.5,\"deg, C\"", reading("a,b", TS, 1.5, "deg, C"))
        .ok("\"say \"\"hi\"\"\"," + TS + ",2,C", reading("say \"hi\"", TS, 2, "C"))
        .ok("quoted-empty," + TS + ",2.5,\"\"", reading("quoted-empty", TS, 2.5, null))
        .ok(" spaced ," + TS + ", 12.5 ,C", reading(" spaced ", TS, 12.5, "C"))
        .ok("nounit," + TS + ",3,", reading("nounit", TS, 3, null))
        .ok("sci," + TS + ",-1e3,C", reading("sci", TS, -1000, "C"))
        .ok("\uFEFFbom," + TS + ",4,C", reading("bom", TS, 4, "C"))
        .ok("cr," + TS + ",5,C\r", reading("cr", TS, 5, "C"))
        .ok("offset,2024-01-01T01:00:00+01:00,6,C", reading("offset", TS, 6, "C"))
        .fail("\"unterminated," + TS + ",1.5,C", Reasons.MALFORMED_CSV)
        .fail("a," + TS + ",1.5,\"C", Reasons.MALFORMED_CSV)
        .fail("\"a\"x," + TS + ",1.5,C", Reasons.MALFORMED_CSV)
        .fail("a," + TS + ",1.5,C,extra", Reasons.WRONG_COLUMN_COUNT)
        .fail("a," + TS + ",1.5", Reasons.WRONG_COLUMN_COUNT)
        .fail("justonefield", Reasons.WRONG_COLUMN_COUNT)
        .fail("a;" + TS + ";1.5;C", Reasons.WRONG_COLUMN_COUNT)
        .fail("", Reasons.EMPTY_LINE)
        .fail(" \t ", Reasons.EMPTY_LINE)
        .fail("a," + TS + ",,C", Reasons.MISSING_FIELD)
        .fail("a,,1.5,C", Reasons.MISSING_FIELD)
        .fail("," + TS + ",1.5,C", Reasons.MISSING_FIELD)
        .fail(",,,", Reasons.MISSING_FIELD)
        .fail("a," + TS + ",abc,C", Reasons.BAD_VALUE)
        .fail("a," + TS + ",1.5.5,C", Reasons.BAD_VALUE)
        .fail("a," + TS + ",NaN,C", Reasons.NON_FINITE_VALUE)
        .fail("a," + TS + ",1e400,C", Reasons.NON_FINITE_VALUE)
        .fail("a," + TS + ",-Infinity,C", Reasons.NON_FINITE_VALUE)
        .fail("a,yesterday,1,C", Reasons.BAD_TIMESTAMP)
        .fail("a,2024-01-01 00:00:00,1,C", Reasons.BAD_TIMESTAMP)
        .fail("a,1850-01-01T00:00:00Z,1,C", Reasons.TIMESTAMP_OUT_OF_RANGE)
        .invalidUtf8("caf\uFFFD," + TS + ",1,C")
        // A header-like line that is not line 1 is data, and its value is not a number.
        .fail("sensor,ts,value,unit", Reasons.BAD_TIMESTAMP);

    c.group("csv/bom-header", ParseCsv.rows(READING).withEventTime(iso))
        .headerLine("csv/bom-header", "\uFEFFSensor, TS ,VALUE,unit\r")
        .ok("after-bom-header," + TS + ",1,C", reading("after-bom-header", TS, 1, "C"));

    c.group("csv/no-header", ParseCsv.rows(READING).withEventTime(iso))
        .okLine1("csv/no-header", "line1-data," + TS + ",1,C", reading("line1-data", TS, 1, "C"));

    c.group("csv/header-none", ParseCsv.rows(READING).withEventTime(iso).withHeader(CsvHeader.NONE))
        .failLine1("csv/header-none", "sensor,ts,value,unit", Reasons.BAD_TIMESTAMP);

    c.group("csv/lenient", ParseCsv.rows(READING).withEventTime(iso).withLenientColumnCount())
        .headerLine("csv/lenient", "sensor,ts,value,unit")
        .ok("len-extra," + TS + ",1.5,C,extra,more", reading("len-extra", TS, 1.5, "C"))
        .ok("len-short," + TS + ",2.5", reading("len-short", TS, 2.5, null))
        .fail("a," + TS, Reasons.MISSING_FIELD)
        .fail("a", Reasons.MISSING_FIELD)
        .fail("a," + TS + ",x,C,extra", Reasons.BAD_VALUE);

    c.group("csv/required", ParseCsv.rows(READING).withEventTime(iso).withHeader(CsvHeader.REQUIRED))
        .failLine1("csv/required-absent", "a," + TS + ",1.5,C", Reasons.HEADER_MISMATCH)
        .failLine1("csv/required-wrong", "sensor,time,value,unit", Reasons.HEADER_MISMATCH)
        .headerLine("csv/required-present", "sensor,ts,value,unit")
        .ok("req-data," + TS + ",1.5,C", reading("req-data", TS, 1.5, "C"));

    c.group("csv/semicolon", ParseCsv.rows(READING).withEventTime(iso).withDelimiter(';'))
        .headerLine("csv/semicolon", "sensor;ts;value;unit")
        .ok("semi;" + TS + ";1.5;deg,C", reading("semi", TS, 1.5, "deg,C"))
        .ok("\"semi;q\";" + TS + ";2.5;", reading("semi;q", TS, 2.5, null))
        .fail("a;" + TS + ";1,5;C", Reasons.BAD_VALUE)
        .fail("a," + TS + ",1.5,C", Reasons.WRONG_COLUMN_COUNT);

    String bigIgnored = "y".repeat(1_000_000);
    c.group(
            "csv/columns",
            ParseCsv.rows(READING).withEventTime(iso).withColumns("sensor", "ignored", "ts", "value", "unit"))
        .headerLine("csv/columns", "sensor,ignored,ts,value,unit")
        .ok("cols,anything at all," + TS + ",1.5,C", reading("cols", TS, 1.5, "C"))
        .ok("cols-nan,NaN," + TS + ",2.5,", reading("cols-nan", TS, 2.5, null))
        .ok("cols-big," + bigIgnored + "," + TS + ",3.5,C", reading("cols-big", TS, 3.5, "C"))
        .fail("a," + TS + ",1.5,C", Reasons.WRONG_COLUMN_COUNT);

    c.group("csv/types", ParseCsv.rows(TYPES).withEventTime(iso))
        .ok("c-types," + TS + ",42,7,0.5,TRUE", types("c-types", 42, 7, 0.5f, true))
        .ok(
            "c-types2," + TS + ",-9223372036854775808,-2147483648,3.4e38, False ",
            types("c-types2", Long.MIN_VALUE, Integer.MIN_VALUE, (float) 3.4e38, false))
        .fail("a," + TS + ",42.0,7,0.5,true", Reasons.BAD_VALUE)
        .fail("a," + TS + ",9223372036854775808,7,0.5,true", Reasons.OUT_OF_RANGE)
        .fail("a," + TS + ",42,2147483648,0.5,true", Reasons.OUT_OF_RANGE)
        .fail("a," + TS + ",42,7,1e39,true", Reasons.OUT_OF_RANGE)
        .fail("a," + TS + ",42,7,0.5,yes", Reasons.BAD_VALUE)
        .fail("a," + TS + ",42,7,0.5,", Reasons.MISSING_FIELD);

    c.group(
            "csv/pattern-ny",
            ParseCsv.rows(READING).withEventTime(EventTime.pattern("ts", "dd/MM/uuuu HH:mm").withZone(NEW_YORK)))
        .ok("pat,01/07/2024 12:30,1,C", reading("pat", "2024-07-01T16:30:00Z", 1, "C"))
        .ok("pat-q,\"01/01/2024 00:00\",1,C", reading("pat-q", "2024-01-01T05:00:00Z", 1, "C"))
        .fail("a,10/03/2024 02:30,1,C", Reasons.BAD_TIMESTAMP)
        .fail("a,2024-07-01 12:30,1,C", Reasons.BAD_TIMESTAMP);

    c.group("csv/epoch", ParseCsv.rows(READING).withEventTime(EventTime.epoch("ts", TimeUnit.SECONDS)))
        .ok("ep,1704067200.123,1,C", reading("ep", TS_MS, 1, "C"))
        .ok("ep-trunc, 1704067200.1239 ,1,C", reading("ep-trunc", TS_MS, 1, "C"))
        .fail("a,1704067200123,1,C", Reasons.TIMESTAMP_OUT_OF_RANGE)
        .fail("a,17040672OO,1,C", Reasons.BAD_TIMESTAMP);

    c.group("csv/limit", ParseCsv.rows(READING).withEventTime(iso).withMaxPayloadBytes(64))
        .ok("short," + TS + ",1,C", reading("short", TS, 1, "C"))
        .fail("long-" + "z".repeat(40) + "," + TS + ",1,C", Reasons.PAYLOAD_TOO_LARGE);
    return c;
  }

  // ------------------------------------------------------------------ running a corpus

  private static final String[] REASONS = {
    Reasons.EMPTY_LINE, Reasons.INVALID_UTF8, Reasons.MALFORMED_CSV, Reasons.WRONG_COLUMN_COUNT,
    Reasons.MALFORMED_JSON, Reasons.MISSING_FIELD, Reasons.WRONG_TYPE, Reasons.BAD_TIMESTAMP,
    Reasons.TIMESTAMP_OUT_OF_RANGE, Reasons.BAD_VALUE, Reasons.NON_FINITE_VALUE, Reasons.OUT_OF_RANGE,
    Reasons.PAYLOAD_TOO_LARGE, Reasons.HEADER_MISMATCH, Reasons.PARSER_ERROR
  };

  /** Checks input = output + failures + headers, and each side's size. */
  private static final class Balance implements SerializableFunction<Iterable<KV<String, Long>>, Void> {
    private static final long serialVersionUID = 1L;
    private final String group;
    private final long in;
    private final long out;
    private final long failed;
    private final long headers;

    Balance(String group, long in, long out, long failed, long headers) {
      this.group = group;
      this.in = in;
      this.out = out;
      this.failed = failed;
      this.headers = headers;
    }

    @Override
    public Void apply(Iterable<KV<String, Long>> counts) {
      Map<String, Long> m = new HashMap<>();
      counts.forEach(kv -> m.put(kv.getKey(), kv.getValue()));
      assertEquals(in, m.get("in"), group + ": lines in");
      assertEquals(out, m.get("output"), group + ": records out");
      assertEquals(failed, m.get("failures"), group + ": failures out");
      assertEquals(
          (long) m.get("in"),
          m.get("output") + m.get("failures") + headers,
          group + ": every line must be a record, a failure or a header");
      return null;
    }
  }

  private static PCollection<KV<String, Long>> counted(String group, String key, PCollection<?> c) {
    return c.apply(group + "/Count " + key, Count.globally())
        .apply(
            group + "/Key " + key,
            MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
                .via((Long n) -> KV.of(key, n)));
  }

  /** Builds the pipeline for {@code corpus}, runs it, and returns the summed counters. */
  private static Map<String, Long> run(TestPipeline p, Corpus corpus) {
    for (Group g : corpus.groups) {
      List<SourceLine> lines = new ArrayList<>();
      List<TimestampedValue<Row>> expectedRows = new ArrayList<>();
      List<String> expectedFailures = new ArrayList<>();
      for (Case k : g.cases) {
        lines.add(k.sourceLine());
        if (k.row != null) {
          expectedRows.add(k.timestampedRow());
        } else if (k.reason != null) {
          expectedFailures.add(k.failureKey());
        }
      }
      PCollection<SourceLine> in = p.apply(g.source + "/Create", Create.of(lines));
      ParseResult<Row> result = in.apply(g.source + "/Parse", g.transform);

      PAssert.that(g.source + " output", result.output().apply(g.source + "/Reify", Reify.timestamps()))
          .containsInAnyOrder(expectedRows);
      PAssert.that(
              g.source + " failures",
              result
                  .failures()
                  .apply(
                      g.source + "/FailureKeys",
                      MapElements.into(TypeDescriptors.strings())
                          .via(
                              (Failure f) ->
                                  f.getStage().equals("parse")
                                      ? Case.failureKey(f.getSource(), f.getLine(), f.getReason(), f.getPayloadBytes())
                                      : "wrong stage " + f.getStage())))
          .containsInAnyOrder(expectedFailures);
      PCollection<KV<String, Long>> counts =
          PCollectionList.of(counted(g.source, "in", in))
              .and(counted(g.source, "output", result.output()))
              .and(counted(g.source, "failures", result.failures()))
              .apply(g.source + "/Flatten counts", Flatten.pCollections());
      PAssert.that(g.source + " balance", counts)
          .satisfies(
              new Balance(
                  g.source,
                  g.cases.size(),
                  expectedRows.size(),
                  expectedFailures.size(),
                  g.count(k -> k.header)));
    }

    PipelineResult result = p.run();
    result.waitUntilFinish();
    MetricQueryResults metrics =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.inNamespace(ParseLines.METRICS_NAMESPACE))
                    .build());
    Map<String, Long> counters = new TreeMap<>();
    for (MetricResult<Long> counter : metrics.getCounters()) {
      counters.merge(counter.getName().getName(), counter.getCommitted(), Long::sum);
    }
    return counters;
  }

  private static void assertCounters(Corpus corpus, Map<String, Long> counters) {
    List<Case> all = corpus.cases();
    long parsed = all.stream().filter(k -> k.row != null).count();
    long failed = all.stream().filter(k -> k.reason != null).count();
    long headers = all.stream().filter(k -> k.header).count();
    assertEquals(parsed, counters.getOrDefault("parsed", 0L), "parsed: " + counters);
    assertEquals(failed, counters.getOrDefault("failed", 0L), "failed: " + counters);
    assertEquals(headers, counters.getOrDefault("headers", 0L), "headers: " + counters);
    for (String reason : REASONS) {
      long expected = all.stream().filter(k -> reason.equals(k.reason)).count();
      assertEquals(expected, counters.getOrDefault("failed_" + reason, 0L), "failed_" + reason + ": " + counters);
    }
    long perReason =
        counters.entrySet().stream().filter(e -> e.getKey().startsWith("failed_")).mapToLong(Map.Entry::getValue).sum();
    assertEquals(failed, perReason, "failed_<reason> counters must add up to failed: " + counters);
  }

  // ------------------------------------------------------------------ tests

  @Test
  void jsonCorpus(TestPipeline p) {
    Corpus corpus = jsonCorpus();
    List<Case> all = corpus.cases();
    assertTrue(all.size() >= 45, "corpus size " + all.size());
    Map<String, Long> counters = run(p, corpus);
    assertCounters(corpus, counters);
    // A few spelled out, independent of the bookkeeping above.
    assertEquals(19L, counters.get("failed_malformed_json"), counters::toString);
    assertEquals(10L, counters.get("failed_out_of_range"), counters::toString);
    assertEquals(4L, counters.get("failed_payload_too_large"), counters::toString);
    assertEquals(1L, counters.get("failed_invalid_utf8"), counters::toString);
    assertEquals(null, counters.get("failed_parser_error"), counters::toString);
  }

  @Test
  void csvCorpus(TestPipeline p) {
    Corpus corpus = csvCorpus();
    assertTrue(corpus.cases().size() >= 45, "corpus size " + corpus.cases().size());
    Map<String, Long> counters = run(p, corpus);
    assertCounters(corpus, counters);
    assertEquals(6L, counters.get("headers"), counters::toString);
    assertEquals(3L, counters.get("failed_malformed_csv"), counters::toString);
    assertEquals(2L, counters.get("failed_header_mismatch"), counters::toString);
    assertEquals(null, counters.get("failed_malformed_json"), counters::toString);
  }

  @Test
  void withoutAnEventTimeRecordsKeepTheInputTimestampAndDatetimeFieldsAreIsoInUtc(TestPipeline p) {
    Instant input = Instant.parse("2000-01-01T00:00:00Z");
    PCollection<SourceLine> lines =
        p.apply(
            Create.timestamped(
                TimestampedValue.of(SourceLine.of("n", 1, q("{'sensor':'n1','ts':'" + TS + "','value':1}")), input),
                TimestampedValue.of(SourceLine.of("n", 2, q("{'sensor':'n2','ts':'1999-01-01T00:00:00','value':2}")), input),
                TimestampedValue.of(SourceLine.of("n", 3, q("{'sensor':'n3','ts':1704067200,'value':3}")), input),
                TimestampedValue.of(SourceLine.of("n", 4, q("{'sensor':'n4','ts':'2300-01-01T00:00:00Z','value':4}")), input),
                TimestampedValue.of(SourceLine.of("n", 5, q("{'sensor':'n5','ts':'soon','value':5}")), input),
                TimestampedValue.of(SourceLine.of("n", 6, q("{'sensor':'n6','value':6}")), input)));
    ParseResult<Row> result = lines.apply(ParseJson.rows(READING));
    PAssert.that(result.output().apply(Reify.timestamps()))
        .containsInAnyOrder(
            TimestampedValue.of(reading("n1", TS, 1, null), input),
            // An event time before the input's own timestamp is only a problem for the event-time field.
            TimestampedValue.of(reading("n2", "1999-01-01T00:00:00Z", 2, null), input));
    PAssert.that(
            result.failures().apply(MapElements.into(TypeDescriptors.strings()).via((Failure f) -> f.getLine() + ":" + f.getReason())))
        .containsInAnyOrder("3:wrong_type", "4:timestamp_out_of_range", "5:bad_timestamp", "6:missing_field");
    p.run().waitUntilFinish();
  }

  /**
   * FieldValues documents integers as "optional sign and digits" with overflow reported as {@code
   * out_of_range}; a JSON number with 500 digits is, but the same digits as text are not.
   */
  @Test
  void integerTextTooLongToFitIsOutOfRangeLikeTheJsonNumber(TestPipeline p) {
    String digits = "9".repeat(500);
    String zeros = "0".repeat(500) + "42";
    Schema schema = Schema.builder().addStringField("sensor").addInt64Field("count").build();
    ParseResult<Row> json =
        p.apply(
                "json",
                Create.of(
                    SourceLine.of("j", 1, "{\"sensor\":\"a\",\"count\":" + digits + "}"),
                    SourceLine.of("j", 2, "{\"sensor\":\"a\",\"count\":\"" + digits + "\"}"),
                    SourceLine.of("j", 3, "{\"sensor\":\"z\",\"count\":\"" + zeros + "\"}")))
            .apply("parse json", ParseJson.rows(schema));
    ParseResult<Row> csv =
        p.apply("csv", Create.of(SourceLine.of("c", 2, "a," + digits), SourceLine.of("c", 3, "y," + zeros)))
            .apply("parse csv", ParseCsv.rows(schema));
    PCollection<String> reasons =
        PCollectionList.of(json.failures())
            .and(csv.failures())
            .apply(Flatten.pCollections())
            .apply(MapElements.into(TypeDescriptors.strings()).via((Failure f) -> f.getSource() + f.getLine() + ":" + f.getReason()));
    PAssert.that(reasons).containsInAnyOrder("j1:out_of_range", "j2:out_of_range", "c2:out_of_range");
    PAssert.that(PCollectionList.of(json.output()).and(csv.output()).apply("all rows", Flatten.pCollections()))
        .containsInAnyOrder(
            Row.withSchema(schema).addValues("z", 42L).build(), Row.withSchema(schema).addValues("y", 42L).build());
    p.run().waitUntilFinish();
  }
}
