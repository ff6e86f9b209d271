package io.beamwise.io.files;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.metrics.BundleCounter;
import io.beamwise.parse.SourceLine;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.zip.GZIPInputStream;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MetadataCoderV2;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Reads text files matching a file pattern (local paths, globs, or any Beam filesystem) into
 * {@link SourceLine}s that keep their position: the file's full path and the 1-based line number.
 * Lines end at {@code \n}; a trailing {@code \r} is removed (CRLF files). A line that is not valid
 * UTF-8 is still emitted, flagged {@code invalidUtf8}, so the parser can dead-letter it. Compressed
 * files ({@code .gz}, {@code .bz2}, ...) are decompressed by extension, as Beam's {@code TextIO}
 * does; gzip files are also recognised by their content whatever their name.
 *
 * <p>Large files are read in parallel: an uncompressed file larger than {@link #withSplitBytes}
 * (default {@value #DEFAULT_SPLIT_BYTES} bytes, 64 MiB) is cut into the fewest equal byte ranges
 * not larger than that (a 65 MiB file into two of 32.5 MiB, not 64 MiB and 1 MiB). One
 * sequential pass counts the newlines before each range (no decoding), so each range knows the
 * number of its first line; the ranges are then spread over the workers and each reads the lines
 * that start in it (the last one past its end). Line numbers are exact, as when one reader reads
 * the whole file. Compressed files, and files not larger than the split size, are read whole by one
 * worker. A pattern that matches no file fails the pipeline. Metric {@code beamwise.io/lines_read}
 * counts the lines emitted.
 */
public final class ReadLinesWithPosition extends PTransform<PBegin, PCollection<SourceLine>> {

  public static final String METRICS_NAMESPACE = "beamwise.io";
  public static final String LINES_READ = "lines_read";

  /** Default {@link #withSplitBytes}: 64 MiB. */
  public static final long DEFAULT_SPLIT_BYTES = 64L << 20;

  private final String filepattern;
  private final long splitBytes;

  private ReadLinesWithPosition(String filepattern, long splitBytes) {
    this.filepattern = filepattern;
    this.splitBytes = splitBytes;
  }

  /** Reads every file matching {@code filepattern}. */
  public static ReadLinesWithPosition from(String filepattern) {
    checkArgument(
        filepattern != null && !filepattern.isBlank(), "filepattern must be a path or glob");
    return new ReadLinesWithPosition(filepattern, DEFAULT_SPLIT_BYTES);
  }

  /**
   * Uncompressed files larger than {@code bytes} are read in parallel in ranges of {@code bytes};
   * {@link Long#MAX_VALUE} reads every file whole.
   *
   * @throws IllegalArgumentException unless {@code bytes >= 1}
   */
  public ReadLinesWithPosition withSplitBytes(long bytes) {
    checkArgument(bytes >= 1, "splitBytes must be >= 1, got %s", bytes);
    return new ReadLinesWithPosition(filepattern, bytes);
  }

  @Override
  public PCollection<SourceLine> expand(PBegin input) {
    // One path from the plan to the lines, with no Flatten: the lines then have the parser as
    // their only consumer, and a runner that fuses (Flink's batch mode chains single-consumer
    // steps) parses each line in the task that read it instead of serializing it to another.
    // The files are matched in one step, not with FileIO.match(), which spreads its matches with a
    // reshuffle of its own: "Spread ranges" below spreads files and ranges alike, and one shuffle
    // fewer is one stage fewer for a runner to start.
    return input
        .apply("Pattern", Create.of(filepattern))
        .apply("Match " + filepattern, ParDo.of(new MatchFn()))
        .setCoder(MetadataCoderV2.of())
        .apply("Open", FileIO.readMatches())
        .apply("Plan ranges", ParDo.of(new PlanFn(splitBytes)))
        .setCoder(FileChunk.Coder.of())
        .apply("Spread ranges", Reshuffle.viaRandomKey())
        .apply("Read lines", ParDo.of(new ReadChunkFn()));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("filepattern", filepattern))
        .add(DisplayData.item("splitBytes", splitBytes));
  }

  /**
   * Every file matching a pattern; a pattern that matches none fails the pipeline ({@link
   * EmptyMatchTreatment#DISALLOW}).
   */
  private static final class MatchFn extends DoFn<String, MatchResult.Metadata> {
    @ProcessElement
    public void process(@Element String pattern, OutputReceiver<MatchResult.Metadata> out)
        throws IOException {
      for (MatchResult.Metadata file :
          FileSystems.match(pattern, EmptyMatchTreatment.DISALLOW).metadata()) {
        out.output(file);
      }
    }
  }

  /**
   * Plans a file: read whole (compressed by extension or by content, or not larger than the split
   * size), or in byte ranges with their first line numbers.
   */
  private static final class PlanFn extends DoFn<FileIO.ReadableFile, FileChunk> {
    private final long splitBytes;

    PlanFn(long splitBytes) {
      this.splitBytes = splitBytes;
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, OutputReceiver<FileChunk> out)
        throws IOException {
      long size = file.getMetadata().sizeBytes();
      String path = file.getMetadata().resourceId().toString();
      if (file.getCompression() != Compression.UNCOMPRESSED || size <= splitBytes) {
        out.output(FileChunk.whole(path));
        return;
      }
      try (BufferedInputStream in =
          new BufferedInputStream(Channels.newInputStream(file.open()), 1 << 16)) {
        if (isGzip(in)) {
          out.output(FileChunk.whole(path));
          return;
        }
        long rangeBytes = LineReader.balancedRangeBytes(size, splitBytes);
        for (FileChunk chunk : LineReader.plan(path, in, size, rangeBytes)) {
          out.output(chunk);
        }
      }
    }
  }

  /**
   * Reads a whole file, decompressed by extension (as Beam's {@code FileIO.readMatches}) or by
   * gzip's magic bytes (ours), or the lines that start in one byte range of an uncompressed file.
   */
  private static final class ReadChunkFn extends DoFn<FileChunk, SourceLine> {
    private final BundleCounter linesRead = BundleCounter.of(METRICS_NAMESPACE, LINES_READ);

    @FinishBundle
    public void finishBundle() {
      linesRead.flush();
    }

    @ProcessElement
    public void process(@Element FileChunk chunk, OutputReceiver<SourceLine> out)
        throws IOException {
      ReadableByteChannel channel =
          FileSystems.open(FileSystems.matchNewResource(chunk.path, false));
      try (InputStream in =
          chunk.whole ? decompressed(chunk.path, channel) : ranged(chunk, channel)) {
        LineReader.read(
            in,
            chunk.path,
            chunk.firstLine,
            !chunk.atLineStart,
            chunk.end - chunk.start,
            line -> {
              out.output(line);
              linesRead.inc();
            });
      }
    }

    /** The whole file, decompressed by its extension, then by gzip's magic bytes. */
    private static InputStream decompressed(String path, ReadableByteChannel channel)
        throws IOException {
      BufferedInputStream buffered =
          new BufferedInputStream(
              Channels.newInputStream(Compression.detect(path).readDecompressed(channel)), 1 << 16);
      return isGzip(buffered) ? new GZIPInputStream(buffered, 1 << 16) : buffered;
    }

    /** The file from the chunk's first byte (the reader stops after the range). */
    private static InputStream ranged(FileChunk chunk, ReadableByteChannel channel)
        throws IOException {
      return new BufferedInputStream(at(channel, chunk.start), 1 << 16);
    }

    /** A stream of {@code channel} from byte {@code start}: a seek where the channel can. */
    private static InputStream at(ReadableByteChannel channel, long start) throws IOException {
      if (channel instanceof SeekableByteChannel) {
        ((SeekableByteChannel) channel).position(start);
        return Channels.newInputStream(channel);
      }
      InputStream in = Channels.newInputStream(channel);
      in.skipNBytes(start);
      return in;
    }
  }

  /** Whether {@code in} starts with gzip's magic bytes (1f 8b); leaves its position unchanged. */
  private static boolean isGzip(BufferedInputStream in) throws IOException {
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    return b0 == 0x1f && b1 == 0x8b;
  }
}
