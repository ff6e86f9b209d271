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
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Reads text files matching a file pattern (local paths, globs, or any Beam filesystem) into
 * {@link SourceLine}s that keep their position: the file's full path and the 1-based line number.
 * Lines end at {@code \n}; a trailing {@code \r} is removed (CRLF files). A line that is not valid
 * UTF-8 is still emitted, flagged {@code invalidUtf8}, so the parser can dead-letter it. Compressed
 * files ({@code .gz}, {@code .bz2}, ...) are decompressed by extension, as Beam's {@code TextIO}
 * does; gzip files are also recognised by their content whatever their name.
 *
 * <p>Large files are read in parallel: an uncompressed file larger than {@link #withSplitBytes}
 * (default {@value #DEFAULT_SPLIT_BYTES} bytes, 64 MiB) is cut into byte ranges of that size. One
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
    TupleTag<FileIO.ReadableFile> wholeTag = new TupleTag<FileIO.ReadableFile>() {};
    TupleTag<FileChunk> chunkTag = new TupleTag<FileChunk>() {};
    PCollectionTuple planned =
        input
            .apply(
                "Match " + filepattern,
                FileIO.match()
                    .filepattern(filepattern)
                    .withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW))
            .apply("Open", FileIO.readMatches())
            .apply(
                "Plan ranges",
                ParDo.of(new PlanFn(splitBytes, wholeTag, chunkTag))
                    .withOutputTags(wholeTag, TupleTagList.of(chunkTag)));
    PCollection<SourceLine> whole =
        planned.get(wholeTag).apply("Read lines", ParDo.of(new ReadLinesFn()));
    Coder<SourceLine> lineCoder = whole.getCoder();
    PCollection<SourceLine> ranges =
        planned
            .get(chunkTag)
            .setCoder(FileChunk.Coder.of())
            .apply("Spread ranges", Reshuffle.viaRandomKey())
            .apply("Read ranges", ParDo.of(new ReadChunkFn()))
            .setCoder(lineCoder);
    return PCollectionList.of(whole).and(ranges).apply("Lines", Flatten.pCollections());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("filepattern", filepattern))
        .add(DisplayData.item("splitBytes", splitBytes));
  }

  /**
   * Sends a file to be read whole (compressed by extension or by content, or not larger than the
   * split size) to {@code wholeTag}, or its byte ranges with their first line numbers to {@code
   * chunkTag}.
   */
  private static final class PlanFn extends DoFn<FileIO.ReadableFile, FileIO.ReadableFile> {
    private final long splitBytes;
    private final TupleTag<FileIO.ReadableFile> wholeTag;
    private final TupleTag<FileChunk> chunkTag;

    PlanFn(long splitBytes, TupleTag<FileIO.ReadableFile> wholeTag, TupleTag<FileChunk> chunkTag) {
      this.splitBytes = splitBytes;
      this.wholeTag = wholeTag;
      this.chunkTag = chunkTag;
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, MultiOutputReceiver out)
        throws IOException {
      long size = file.getMetadata().sizeBytes();
      if (file.getCompression() != Compression.UNCOMPRESSED || size <= splitBytes) {
        out.get(wholeTag).output(file);
        return;
      }
      String path = file.getMetadata().resourceId().toString();
      try (BufferedInputStream in =
          new BufferedInputStream(Channels.newInputStream(file.open()), 1 << 16)) {
        if (isGzip(in)) {
          out.get(wholeTag).output(file);
          return;
        }
        for (FileChunk chunk : LineReader.plan(path, in, size, splitBytes)) {
          out.get(chunkTag).output(chunk);
        }
      }
    }
  }

  /** Reads a whole file, decompressed by extension (Beam's) or by gzip's magic bytes (ours). */
  private static final class ReadLinesFn extends DoFn<FileIO.ReadableFile, SourceLine> {
    private final BundleCounter linesRead = BundleCounter.of(METRICS_NAMESPACE, LINES_READ);

    @FinishBundle
    public void finishBundle() {
      linesRead.flush();
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, OutputReceiver<SourceLine> out)
        throws IOException {
      String source = file.getMetadata().resourceId().toString();
      BufferedInputStream buffered =
          new BufferedInputStream(Channels.newInputStream(file.open()), 1 << 16);
      try (InputStream in = isGzip(buffered) ? new GZIPInputStream(buffered, 1 << 16) : buffered) {
        LineReader.read(
            in,
            source,
            1,
            false,
            Long.MAX_VALUE,
            line -> {
              out.output(line);
              linesRead.inc();
            });
      }
    }
  }

  /** Reads the lines that start in one byte range of an uncompressed file. */
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
      try (InputStream in = new BufferedInputStream(at(channel, chunk.start), 1 << 16)) {
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
