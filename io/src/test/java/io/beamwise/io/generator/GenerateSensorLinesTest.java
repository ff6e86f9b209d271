package io.beamwise.io.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.io.generator.GeneratedRecord.Fate;
import io.beamwise.parse.ParseResult;
import io.beamwise.parse.ParseSensorReadings;
import io.beamwise.parse.SensorReading;
import io.beamwise.parse.SourceLine;
import io.beamwise.testing.TestPipelineExtension;
import io.beamwise.windows.ComputeWindowStats;
import io.beamwise.windows.WindowSpec;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Beam transform, bounded and unbounded, on the DirectRunner. */
@ExtendWith(TestPipelineExtension.class)
class GenerateSensorLinesTest {

  private static final SensorGenerator GENERATOR =
      SensorGenerator.of(
          GeneratorConfig.defaults()
              .withSeed(3)
              .withSensors(2)
              .withDays(1)
              .withMaxDelay(Duration.standardMinutes(10))
              .withLateFraction(0.05)
              .withLateness(Duration.standardHours(1))
              .withMalformedFraction(0.05));

  /** Into the global window with its default trigger (one pane when the input ends). */
  private static <T> Window<T> globally() {
    return Window.<T>into(new GlobalWindows())
        .triggering(Repeatedly.forever(AfterWatermark.pastEndOfWindow()))
        .withAllowedLateness(Duration.ZERO)
        .discardingFiredPanes();
  }

  /** {@code line|json|element timestamp}. */
  private static final class Describe extends DoFn<SourceLine, String> {
    @ProcessElement
    public void process(@Element SourceLine l, @Timestamp Instant t, OutputReceiver<String> out) {
      out.output(l.getLine() + "|" + l.getText() + "|" + t.getMillis());
    }
  }

  /** {@code sensor@event time millis}. */
  private static final class DescribeLate extends DoFn<KV<String, Double>, String> {
    @ProcessElement
    public void process(@Element KV<String, Double> kv, @Timestamp Instant t, OutputReceiver<String> out) {
      out.output(kv.getKey() + "@" + t.getMillis());
    }
  }

  @Test
  void boundedLinesAreTheGeneratorsRecordsStampedWithTheirEventTime(TestPipeline p) {
    PCollection<SourceLine> lines = p.apply(GenerateSensorLines.from(GENERATOR));
    assertEquals(PCollection.IsBounded.BOUNDED, lines.isBounded());
    List<String> expected = new ArrayList<>();
    for (long i = 0; i < GENERATOR.size(); i++) {
      GeneratedRecord r = GENERATOR.record(i);
      expected.add((i + 1) + "|" + r.json() + "|" + r.eventTime().getMillis());
    }
    PAssert.that(lines.apply(ParDo.of(new Describe()))).containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  /**
   * Through a 30-minute window stage with 30 minutes of allowed lateness (D + L = the generator's
   * lateness): every reading is in a pane or late, and only generated-late readings are late.
   * How many of them the DirectRunner's watermark has passed on arrival depends on its scheduling,
   * so the count of late ones is bounded, not fixed.
   */
  @Test
  void unboundedWindowsDropOnlyGeneratedLateReadingsAndLoseNothing(TestPipeline p) {
    Set<String> generatedLate = new HashSet<>();
    long wellFormed = 0;
    for (long i = 0; i < GENERATOR.size(); i++) {
      GeneratedRecord r = GENERATOR.record(i);
      wellFormed += r.fate() == Fate.MALFORMED ? 0 : 1;
      if (r.fate() == Fate.LATE) {
        generatedLate.add(r.sensor() + "@" + r.eventTime().getMillis());
      }
    }
    PCollection<SourceLine> lines = p.apply(GenerateSensorLines.unbounded(GENERATOR));
    assertEquals(PCollection.IsBounded.UNBOUNDED, lines.isBounded());
    ParseResult<SensorReading> parsed = lines.apply(ParseSensorReadings.jsonLines(ZoneOffset.UTC));
    ComputeWindowStats.Result<Double> windows =
        parsed
            .output()
            .apply(
                MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.doubles()))
                    .via((SensorReading r) -> KV.of(r.getSensor(), r.getValue())))
            .apply(ComputeWindowStats.of(WindowSpec.parse("tumbling:30m,lateness=30m")));

    PCollection<String> late =
        windows.late().apply("Describe late", ParDo.of(new DescribeLate()));
    PAssert.that(late.apply("Late, globally", GenerateSensorLinesTest.<String>globally()))
        .satisfies(
            all -> {
              int n = 0;
              for (String l : all) {
                n++;
                assertTrue(generatedLate.contains(l), "late but generated on time: " + l);
              }
              // Informative only: depends on how far the DirectRunner's watermark had caught up.
              System.out.println("unbounded run: " + n + " of " + generatedLate.size() + " generated-late readings late for windows");
              return null;
            });
    PCollection<Long> inPanes =
        windows
            .stats()
            .apply("Counts", MapElements.into(TypeDescriptors.longs()).via(s -> s.getCount()))
            .apply("Counts, globally", GenerateSensorLinesTest.<Long>globally());
    PCollection<Long> lateCount =
        late.apply("Late as ones", MapElements.into(TypeDescriptors.longs()).via(l -> 1L))
            .apply("Ones, globally", GenerateSensorLinesTest.<Long>globally());
    PCollection<Long> total =
        PCollectionList.of(inPanes).and(lateCount).apply(Flatten.pCollections()).apply(Sum.longsGlobally());
    PAssert.thatSingleton(total).isEqualTo(wellFormed);
    PAssert.thatSingleton(parsed.failures().apply("Failures, globally", GenerateSensorLinesTest.<io.beamwise.failure.Failure>globally()).apply(Count.globally()))
        .isEqualTo(GENERATOR.size() - wellFormed);
    p.run().waitUntilFinish();
  }
}
