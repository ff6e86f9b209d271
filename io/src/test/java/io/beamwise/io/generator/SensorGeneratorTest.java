package io.beamwise.io.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.evaluation.AnomalyWindows;
import io.beamwise.io.generator.GeneratedRecord.Fate;
import io.beamwise.parse.JsonReadingParser;
import io.beamwise.parse.ParseOutcome;
import io.beamwise.parse.SensorReading;
import io.beamwise.parse.SourceLine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** The plain generator: shape, determinism, disorder and lateness bounds, fractions, anomalies. */
class SensorGeneratorTest {

  private static final GeneratorConfig DEFAULTS = GeneratorConfig.defaults();

  /** 10 sensors × 30 days = 86,400 records with every kind of disorder on. */
  private static final GeneratorConfig MESSY =
      DEFAULTS
          .withSeed(7)
          .withSensors(10)
          .withDays(30)
          .withMaxDelay(Duration.standardMinutes(10))
          .withLateFraction(0.05)
          .withLateness(Duration.standardHours(2))
          .withMalformedFraction(0.04);

  private static byte[] digest(SensorGenerator g, List<Long> order) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (long i : order) {
      md.update(g.record(i).json().getBytes(StandardCharsets.UTF_8));
      md.update((byte) '\n');
    }
    return md.digest();
  }

  private static List<Long> indexes(long n) {
    List<Long> all = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      all.add(i);
    }
    return all;
  }

  @Test
  void sameSeedSameBytesInAnyOrderOtherSeedOtherStream() throws Exception {
    GeneratorConfig c = MESSY.withDays(4);
    SensorGenerator a = SensorGenerator.of(c);
    SensorGenerator b = SensorGenerator.of(c);
    List<Long> forward = indexes(a.size());
    byte[] expected = digest(a, forward);
    assertArrayEquals(expected, digest(b, forward));
    // Order independence: each record computed in a shuffled order is the same record.
    List<Long> shuffled = new ArrayList<>(forward);
    Collections.shuffle(shuffled, new Random(1));
    Map<Long, String> byIndex = new java.util.HashMap<>();
    for (long i : shuffled) {
      byIndex.put(i, b.record(i).json());
    }
    for (long i : forward) {
      assertEquals(a.record(i).json(), byIndex.get(i));
    }
    SensorGenerator other = SensorGenerator.of(c.withSeed(8));
    assertNotEquals(List.of(expected), List.of(digest(other, forward)));
    long differing = forward.stream().filter(i -> !a.jsonLine(i).equals(other.jsonLine(i))).count();
    assertTrue(differing > a.size() * 0.9, "most records differ between seeds: " + differing);
    assertNotEquals(a.anomalies().toString(), other.anomalies().toString());
  }

  @Test
  void anUnboundedStreamStartsWithTheBoundedOne() {
    SensorGenerator bounded = SensorGenerator.of(MESSY.withDays(8));
    SensorGenerator unbounded = SensorGenerator.of(MESSY.unbounded());
    for (long i = 0; i < bounded.size(); i += 7) {
      assertEquals(bounded.jsonLine(i), unbounded.jsonLine(i));
    }
    long perSensor = 8 * 288;
    assertEquals(bounded.anomalies().toString(), unbounded.anomalies(0, perSensor).toString());
    assertTrue(unbounded.record(1_000_000_000L).json().contains("\"sensor\":\"sensor-01\""));
    assertThrows(IllegalStateException.class, unbounded::size);
    assertThrows(IllegalStateException.class, unbounded::anomalies);
  }

  @Test
  void everySensorGetsItsReadingsInterleavedAtTheInterval() {
    SensorGenerator g = SensorGenerator.of(DEFAULTS.withSensors(4).withDays(3).withInterval(Duration.standardMinutes(1)));
    assertEquals(4 * 3 * 1440, g.size());
    long[] perSensor = new long[4];
    for (long i = 0; i < g.size(); i++) {
      GeneratedRecord r = g.record(i);
      perSensor[(int) (i % 4)]++;
      assertEquals(SensorGenerator.sensorName((int) (i % 4)), r.key());
      assertEquals(DEFAULTS.start().plus(Duration.standardMinutes(i / 4)), r.arrivalSlot());
      // No disorder configured: event time = arrival slot.
      assertEquals(r.arrivalSlot(), r.eventTime());
      assertEquals(Fate.ON_TIME, r.fate());
    }
    assertArrayEquals(new long[] {4320, 4320, 4320, 4320}, perSensor);
    assertEquals("sensor-01", g.sensorOf(0));
    assertEquals("sensor-04", g.sensorOf(3));
  }

  @Test
  void arrivalDisorderNeverExceedsMaxDelayAndLateRecordsAreBehindTheWatermark() {
    SensorGenerator g = SensorGenerator.of(MESSY);
    long maxDelay = MESSY.maxDelay().getMillis();
    long lateness = MESSY.lateness().getMillis();
    long latestOnTime = Long.MIN_VALUE;
    long worstDisorder = 0;
    Instant previousWatermark = new Instant(Long.MIN_VALUE);
    for (long i = 0; i < g.size(); i++) {
      GeneratedRecord r = g.record(i);
      Instant watermark = g.watermarkBefore(i);
      assertTrue(!watermark.isBefore(previousWatermark), "watermark goes back at " + i);
      previousWatermark = watermark;
      long e = r.eventTime().getMillis();
      if (r.fate() == Fate.LATE) {
        assertTrue(e + lateness < watermark.getMillis(), "late record not behind the watermark: " + r);
        continue;
      }
      long slot = r.arrivalSlot().getMillis();
      assertTrue(e <= slot && e >= slot - maxDelay, "delay out of [0, maxDelay]: " + r);
      assertTrue(e >= watermark.getMillis(), "on-time record behind the watermark: " + r);
      if (r.fate() == Fate.ON_TIME) {
        if (latestOnTime != Long.MIN_VALUE) {
          worstDisorder = Math.max(worstDisorder, latestOnTime - e);
        }
        latestOnTime = Math.max(latestOnTime, e);
      }
    }
    assertTrue(worstDisorder <= maxDelay, "disorder " + worstDisorder + " ms > maxDelay");
    // The bound is used, not just respected: records do arrive close to maxDelay out of order.
    assertTrue(worstDisorder > 0.9 * maxDelay, "disorder " + worstDisorder + " ms");
  }

  @Test
  void lateAndMalformedFractionsAreWithinBinomialBoundsAndShapesEvenlySpread() {
    SensorGenerator g = SensorGenerator.of(MESSY);
    SensorGenerator.Census c = g.census();
    long n = c.records;
    assertEquals(86_400, n);
    assertEquals(n, c.onTime + c.late + c.malformed);
    // 5 standard deviations: fails with probability < 1e-6 for a correct generator.
    assertWithinBinomial(c.malformed, n, 0.04);
    assertWithinBinomial(c.late, n - c.malformed, 0.05 / 0.96);
    for (MalformedShape shape : MalformedShape.values()) {
      assertWithinBinomial(c.malformedByShape.getOrDefault(shape, 0L), c.malformed, 0.25);
    }
    // The census agrees with the records.
    Map<Fate, Long> fates = new EnumMap<>(Fate.class);
    for (long i = 0; i < n; i++) {
      fates.merge(g.record(i).fate(), 1L, Long::sum);
    }
    assertEquals(Map.of(Fate.ON_TIME, c.onTime, Fate.LATE, c.late, Fate.MALFORMED, c.malformed), fates);
  }

  private static void assertWithinBinomial(long count, long n, double p) {
    double mean = n * p;
    double sd = Math.sqrt(n * p * (1 - p));
    assertTrue(Math.abs(count - mean) <= 5 * sd, count + " of " + n + " vs expected " + mean + " ± 5×" + sd);
  }

  @Test
  void wellFormedRecordsParseToTheirEventTimeAndValueAndMalformedOnesFailWithTheirReason() {
    SensorGenerator g = SensorGenerator.of(MESSY.withDays(3));
    JsonReadingParser parser = new JsonReadingParser(ZoneOffset.UTC);
    EnumSet<MalformedShape> seen = EnumSet.noneOf(MalformedShape.class);
    for (long i = 0; i < g.size(); i++) {
      GeneratedRecord r = g.record(i);
      ParseOutcome<SensorReading> o = parser.parse(SourceLine.of(GenerateSensorLines.SOURCE, i + 1, r.json()));
      if (r.fate() == Fate.MALFORMED) {
        assertEquals(ParseOutcome.Kind.FAILURE, o.kind(), r.toString());
        assertEquals(r.malformedShape().parseReason(), o.reason(), r.toString());
        seen.add(r.malformedShape());
      } else {
        assertEquals(ParseOutcome.Kind.RECORD, o.kind(), r.toString());
        assertEquals(r.eventTime(), o.value().getTimestamp());
        assertEquals(r.reading(), o.value().getValue(), 0.0);
        assertEquals(r.sensor(), o.value().getSensor());
      }
    }
    assertEquals(EnumSet.allOf(MalformedShape.class), seen);
  }

  @Test
  void anomaliesSitOnePerBlockAfterWarmUpAndStandOut() {
    SensorGenerator g = SensorGenerator.of(DEFAULTS.withSensors(5).withDays(30));
    long block = DEFAULTS.anomalyBlock();
    assertEquals(576, block);
    List<InjectedAnomaly> anomalies = g.anomalies();
    // (30 - 2) days = 14 whole blocks of two days per sensor.
    assertEquals(5 * 14, anomalies.size());
    EnumMap<AnomalyKind, Integer> kinds = new EnumMap<>(AnomalyKind.class);
    for (InjectedAnomaly a : anomalies) {
      kinds.merge(a.kind(), 1, Integer::sum);
      long offset = (a.firstSequence() - 2 * 288) % block;
      assertTrue(a.firstSequence() >= 2 * 288, "after two days: " + a);
      assertTrue(offset >= 12 && offset + a.length() <= block - 12, "inside its block: " + a);
      int k = a.sensorIndex();
      // Every covered reading says so, and the readings around it do not.
      for (long n = a.firstSequence() - 12; n < a.firstSequence() + a.length() + 12; n++) {
        GeneratedRecord r = g.record(n * 5 + k);
        assertEquals(a.covers(n) ? a.kind() : null, r.anomaly(), r.toString());
      }
      // Range of this sensor's values over the day before.
      double min = Double.MAX_VALUE;
      double max = -Double.MAX_VALUE;
      for (long n = a.firstSequence() - 288; n < a.firstSequence(); n++) {
        double v = g.record(n * 5 + k).reading();
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      double range = max - min;
      int outside = 0;
      for (long n = a.firstSequence(); n < a.firstSequence() + a.length(); n++) {
        double v = g.record(n * 5 + k).reading();
        outside += v > max + range / 2 || v < min - range / 2 ? 1 : 0;
      }
      switch (a.kind()) {
        case SPIKE:
        case LEVEL_SHIFT:
          assertEquals(a.length(), outside, a + " range [" + min + ", " + max + "]");
          break;
        case DRIFT:
          double last = g.record((a.firstSequence() + a.length() - 1) * 5 + k).reading();
          assertTrue(last > max + range / 2 || last < min - range / 2, a + " ends at " + last);
          break;
        default:
          assertTrue(outside >= 1, a + " has no reading outside [" + min + ", " + max + "]");
      }
    }
    assertEquals(EnumSet.allOf(AnomalyKind.class), kinds.keySet(), "every kind drawn: " + kinds);
    assertNull(g.anomalyAt(0, 0));
  }

  @Test
  void onlyConfiguredKindsAndNoneAtRateZero() {
    SensorGenerator spikes = SensorGenerator.of(DEFAULTS.withDays(20).withAnomalyKinds(EnumSet.of(AnomalyKind.SPIKE)));
    assertTrue(spikes.anomalies().stream().allMatch(a -> a.kind() == AnomalyKind.SPIKE));
    assertEquals(3 * 9, spikes.anomalies().size());
    SensorGenerator none = SensorGenerator.of(DEFAULTS.withAnomalyRate(0));
    assertTrue(none.anomalies().isEmpty());
    for (long i = 0; i < none.size(); i++) {
      assertNull(none.record(i).anomaly());
    }
  }

  @Test
  void theDailyCycleIsVisibleInHourlyMeans() {
    for (double amplitude : new double[] {0, 4, 10}) {
      SensorGenerator g = SensorGenerator.of(DEFAULTS.withSensors(1).withDays(14).withDailyAmplitude(amplitude).withAnomalyRate(0));
      double[] sum = new double[24];
      int[] count = new int[24];
      for (long i = 0; i < g.size(); i++) {
        GeneratedRecord r = g.record(i);
        int hour = r.eventTime().toDateTime(org.joda.time.DateTimeZone.UTC).getHourOfDay();
        sum[hour] += r.reading();
        count[hour]++;
      }
      double lo = Double.MAX_VALUE;
      double hi = -Double.MAX_VALUE;
      for (int h = 0; h < 24; h++) {
        lo = Math.min(lo, sum[h] / count[h]);
        hi = Math.max(hi, sum[h] / count[h]);
      }
      // Peak to trough of the hourly means is about 2A, A in [0.5, 1.5) × amplitude; the drift
      // (at most 0.2 a day) and the noise add well under 1.
      double swing = hi - lo;
      assertTrue(swing >= 0.9 * amplitude && swing <= 3 * amplitude + 1, "amplitude " + amplitude + ": swing " + swing);
    }
  }

  @Test
  void labelsAreNabWindowsHoldingEveryOnTimeReadingOfTheirAnomaly() {
    SensorGenerator g = SensorGenerator.of(MESSY.withDays(10).withLateFraction(0));
    AnomalyWindows windows = AnomalyWindows.parse(AnomalyLabels.toNabJson(10, g.anomalies()));
    assertEquals(10, windows.fileCount());
    assertEquals(g.anomalies().size(), windows.windowCount());
    for (InjectedAnomaly a : g.anomalies()) {
      List<AnomalyWindows.Window> ws = windows.windows(a.sensor() + ".csv");
      for (long n = a.firstSequence(); n < a.firstSequence() + a.length(); n++) {
        GeneratedRecord r = g.record(n * 10 + a.sensorIndex());
        LocalDateTime t = LocalDateTime.ofEpochSecond(r.eventTime().getMillis() / 1000, (int) (r.eventTime().getMillis() % 1000) * 1_000_000, ZoneOffset.UTC);
        assertTrue(ws.stream().anyMatch(w -> w.contains(t)), r + " outside the windows of " + a);
      }
    }
  }

  @Test
  void parametersAreValidatedWithTheirNameValueAndRange() {
    assertMessage(() -> DEFAULTS.withSensors(0), "sensors must be in [1, 10000], got 0");
    assertMessage(() -> DEFAULTS.withDays(-1), "days must be 0 (unbounded) or in [1, 3650], got -1");
    assertMessage(() -> DEFAULTS.withInterval(Duration.standardMinutes(7)), "interval must be in [1s, 1h] and divide one day exactly, got 420000 ms");
    assertMessage(() -> DEFAULTS.withLateFraction(0.6), "lateFraction must be in [0, 0.5], got 0.6");
    assertMessage(() -> DEFAULTS.withMalformedFraction(-0.1), "malformedFraction must be in [0, 0.5], got -0.1");
    assertMessage(() -> DEFAULTS.withMaxDelay(Duration.standardDays(2)), "maxDelay must be in [0, 1 day]");
    assertMessage(() -> DEFAULTS.withAnomalyRate(3), "anomalyRate must be in [0, 2] per sensor per day, got 3.0");
    assertMessage(
        () -> SensorGenerator.of(DEFAULTS.withInterval(Duration.standardHours(1))),
        "anomalyRate 0.5 per day at an interval of 3600000 ms gives blocks of 48 readings");
    assertMessage(() -> SensorGenerator.of(DEFAULTS).record(DEFAULTS.sensors() * 8 * 288), "index must be in [0, 6912), got 6912");
    assertMessage(() -> AnomalyKind.parse("blip"), "anomaly kind 'blip' is not one of spike, level_shift, drift, variance_change");
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable call, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
