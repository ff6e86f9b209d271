package io.beamwise.io.nab;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.anomaly.AnomalyResult;
import io.beamwise.parse.EventTimes;
import io.beamwise.parse.NabCsvParser;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes scores in the results format of the Numenta Anomaly Benchmark, so NAB's own scorer can
 * score a beamwise detector: one file {@code <directory>/<sensor>.csv} per input file, header
 * {@code timestamp,value,anomaly_score}, one row per scored reading in input line order.
 *
 * <p>The timestamp is written {@code yyyy-MM-dd HH:mm:ss} in the zone the input was read in. The
 * NAB parser accepts only that layout and rejects local times that do not exist in the zone, so
 * the written text is exactly the input's. Values are written in plain decimal without trailing
 * zeros. A line that was dead-lettered or late has no score and no row: the file is complete only
 * when the input had no dead letters (the pipeline's summary tells).
 *
 * <p>Needs bounded input: the results of each file are grouped in the global window. Emits {@code
 * KV<file written, rows>}; counts {@code beamwise.io/nab_rows_written}.
 */
public final class WriteNabResults
    extends PTransform<PCollection<AnomalyResult>, PCollection<KV<String, Long>>> {

  private final String directory;
  private final ZoneId zone;

  private WriteNabResults(String directory, ZoneId zone) {
    this.directory = directory;
    this.zone = zone;
  }

  /** Writes into {@code directory} (created if needed), formatting timestamps in {@code zone}. */
  public static WriteNabResults to(String directory, ZoneId zone) {
    checkArgument(directory != null && !directory.isBlank(), "directory must not be empty");
    checkArgument(zone != null, "zone must not be null");
    return new WriteNabResults(directory, zone);
  }

  @Override
  public PCollection<KV<String, Long>> expand(PCollection<AnomalyResult> scores) {
    checkArgument(
        scores.isBounded() == PCollection.IsBounded.BOUNDED,
        "WriteNabResults needs bounded input: NAB results files are written once per input file");
    return scores
        .apply("Key by source", WithKeys.of(AnomalyResult::getSource).withKeyType(TypeDescriptors.strings()))
        .apply("Group by source", GroupByKey.create())
        .apply("Write file", ParDo.of(new WriteFileFn(directory, zone)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
  }

  /** The NAB form of a value: plain decimal, no exponent, no trailing zeros. */
  public static String formatValue(double value) {
    String plain = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    return plain.equals("-0") ? "0" : plain;
  }

  private static final class WriteFileFn
      extends DoFn<KV<String, Iterable<AnomalyResult>>, KV<String, Long>> {
    private final String directory;
    private final ZoneId zone;
    private final Counter rowsWritten = Metrics.counter("beamwise.io", "nab_rows_written");

    WriteFileFn(String directory, ZoneId zone) {
      this.directory = directory;
      this.zone = zone;
    }

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<AnomalyResult>> file, OutputReceiver<KV<String, Long>> out)
        throws IOException {
      List<AnomalyResult> rows = new ArrayList<>();
      file.getValue().forEach(rows::add);
      rows.sort(Comparator.comparingLong(AnomalyResult::getLine));
      ResourceId target =
          FileSystems.matchNewResource(directory, true)
              .resolve(
                  NabCsvParser.sensorId(file.getKey()) + ".csv",
                  StandardResolveOptions.RESOLVE_FILE);
      try (WritableByteChannel channel = FileSystems.create(target, "text/csv");
          Writer writer = new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8)) {
        writer.write("timestamp,value,anomaly_score\n");
        for (AnomalyResult r : rows) {
          writer.write(
              EventTimes.NAB_FORMAT.format(
                  java.time.Instant.ofEpochMilli(r.getTimestamp().getMillis()).atZone(zone)));
          writer.write(',');
          writer.write(formatValue(r.getValue()));
          writer.write(',');
          writer.write(Double.toString(r.getScore()));
          writer.write('\n');
        }
      }
      rowsWritten.inc(rows.size());
      out.output(KV.of(target.toString(), (long) rows.size()));
    }
  }
}
