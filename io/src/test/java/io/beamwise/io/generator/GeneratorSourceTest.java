package io.beamwise.io.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.io.generator.GeneratedRecord.Fate;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.beam.sdk.io.UnboundedSource.UnboundedReader;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.util.CoderUtils;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** The unbounded source's reader, without a runner: order, timestamps, watermark, checkpoints. */
class GeneratorSourceTest {

  private static final PipelineOptions OPTIONS = PipelineOptionsFactory.create();
  private static final SensorGenerator GENERATOR =
      SensorGenerator.of(
          GeneratorConfig.defaults()
              .withSensors(2)
              .withDays(3)
              .withMaxDelay(Duration.standardMinutes(10))
              .withLateFraction(0.05)
              .withLateness(Duration.standardHours(1))
              .withMalformedFraction(0.05));

  /** Reads a whole split, checking each record against the watermark reported before it. */
  private static List<Long> readAll(GeneratorSource source) throws IOException {
    List<Long> read = new ArrayList<>();
    UnboundedReader<Long> reader = source.createReader(OPTIONS, null);
    Instant watermark = reader.getWatermark();
    long lateness = GENERATOR.config().lateness().getMillis();
    for (boolean more = reader.start(); more; more = reader.advance()) {
      long i = reader.getCurrent();
      Instant t = reader.getCurrentTimestamp();
      assertEquals(GENERATOR.eventTimeOf(i), t);
      if (GENERATOR.fateOf(i) == Fate.LATE) {
        assertTrue(t.getMillis() + lateness < watermark.getMillis(), "late " + i + " at " + t + " vs " + watermark);
      } else {
        assertFalse(t.isBefore(watermark), "on-time " + i + " at " + t + " behind " + watermark);
      }
      Instant next = reader.getWatermark();
      assertFalse(next.isBefore(watermark), "watermark went back after " + i);
      watermark = next;
      read.add(i);
    }
    assertEquals(BoundedWindow.TIMESTAMP_MAX_VALUE, reader.getWatermark(), "ends at the end of time");
    return read;
  }

  @Test
  void readsEveryIndexInArrivalOrderWithEventTimesAndADisorderAwareWatermark() throws IOException {
    List<Long> read = readAll(new GeneratorSource(GENERATOR, 0, 0, 1));
    assertEquals(GENERATOR.size(), read.size());
    for (int i = 0; i < read.size(); i++) {
      assertEquals(i, read.get(i));
    }
  }

  @Test
  void splitsPartitionTheIndexesAndEachKeepsTheWatermarkInvariant() throws Exception {
    List<GeneratorSource> splits = new GeneratorSource(GENERATOR, 0, 0, 1).split(3, OPTIONS);
    assertEquals(3, splits.size());
    TreeSet<Long> all = new TreeSet<>();
    long total = 0;
    for (GeneratorSource s : splits) {
      List<Long> part = readAll(s);
      total += part.size();
      all.addAll(part);
    }
    assertEquals(GENERATOR.size(), total);
    assertEquals(GENERATOR.size(), all.size());
  }

  @Test
  void aReaderResumedFromItsCheckpointContinuesWhereItStopped() throws Exception {
    GeneratorSource source = new GeneratorSource(GENERATOR, 0, 0, 1);
    UnboundedReader<Long> reader = source.createReader(OPTIONS, null);
    reader.start();
    for (int i = 1; i < 100; i++) {
      reader.advance();
    }
    assertEquals(99L, reader.getCurrent());
    GeneratorSource.Checkpoint mark = (GeneratorSource.Checkpoint) reader.getCheckpointMark();
    GeneratorSource.Checkpoint decoded =
        CoderUtils.clone(source.getCheckpointMarkCoder(), mark);
    UnboundedReader<Long> resumed = source.createReader(OPTIONS, decoded);
    assertTrue(resumed.start());
    assertEquals(100L, resumed.getCurrent());
    assertEquals(GENERATOR.watermarkBefore(101), resumed.getWatermark());
  }
}
