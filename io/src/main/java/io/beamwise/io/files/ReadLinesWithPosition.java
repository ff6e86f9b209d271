package io.beamwise.io.files;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.parse.SourceLine;
import java.io.IOException;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
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
 * <p>Each file is read by one worker, line by line (files are not split), so line numbers are
 * exact. A pattern that matches no file fails the pipeline. Metric {@code beamwise.io/lines_read}
 * counts the lines emitted.
 */
public final class ReadLinesWithPosition extends PTransform<PBegin, PCollection<SourceLine>> {

  public static final String METRICS_NAMESPACE = "beamwise.io";
  public static final String LINES_READ = "lines_read";

  private final String filepattern;

  private ReadLinesWithPosition(String filepattern) {
    this.filepattern = filepattern;
  }

  /** Reads every file matching {@code filepattern}. */
  public static ReadLinesWithPosition from(String filepattern) {
    checkArgument(
        filepattern != null && !filepattern.isBlank(), "filepattern must be a path or glob");
    return new ReadLinesWithPosition(filepattern);
  }

  @Override
  public PCollection<SourceLine> expand(PBegin input) {
    return input
        .apply(
            "Match " + filepattern,
            FileIO.match()
                .filepattern(filepattern)
                .withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW))
        .apply("Open", FileIO.readMatches())
        .apply("Read lines", ParDo.of(new ReadLinesFn()));
  }

  private static final class ReadLinesFn extends DoFn<FileIO.ReadableFile, SourceLine> {
    private final Counter linesRead = Metrics.counter(METRICS_NAMESPACE, LINES_READ);

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, OutputReceiver<SourceLine> out)
        throws IOException {
      String source = file.getMetadata().resourceId().toString();
      // Scans a 64 KiB buffer for '\n' rather than reading byte by byte: the file's one reader
      // is a serial step of the whole pipeline (the end-to-end benchmark's profile).
      CharsetDecoder utf8 =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT);
      try (InputStream in = gunzipIfGzip(Channels.newInputStream(file.open()))) {
        byte[] buffer = new byte[1 << 16];
        byte[] line = new byte[256];
        int length = 0;
        long lineNumber = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
          int start = 0;
          for (int i = 0; i < n; i++) {
            if (buffer[i] == '\n') {
              line = append(line, length, buffer, start, i - start);
              length += i - start;
              out.output(decode(source, ++lineNumber, line, length, utf8));
              linesRead.inc();
              length = 0;
              start = i + 1;
            }
          }
          line = append(line, length, buffer, start, n - start);
          length += n - start;
        }
        if (length > 0) {
          out.output(decode(source, ++lineNumber, line, length, utf8));
          linesRead.inc();
        }
      }
    }

    /** {@code in}, decompressed when it starts with gzip's magic bytes (1f 8b). */
    private static InputStream gunzipIfGzip(InputStream in) throws IOException {
      BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
      buffered.mark(2);
      int b0 = buffered.read();
      int b1 = buffered.read();
      buffered.reset();
      return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(buffered, 1 << 16) : buffered;
    }

    /** {@code line} with {@code count} bytes of {@code from} appended after {@code length}. */
    private static byte[] append(byte[] line, int length, byte[] from, int offset, int count) {
      byte[] to = line;
      if (length + count > line.length) {
        to = Arrays.copyOf(line, Math.max(2 * line.length, length + count));
      }
      System.arraycopy(from, offset, to, length, count);
      return to;
    }

    private static SourceLine decode(
        String source, long lineNumber, byte[] raw, int length, CharsetDecoder utf8) {
      if (length > 0 && raw[length - 1] == '\r') {
        length--;
      }
      boolean ascii = true;
      for (int i = 0; i < length && ascii; i++) {
        ascii = raw[i] >= 0;
      }
      if (ascii) {
        return SourceLine.create(
            source, lineNumber, new String(raw, 0, length, StandardCharsets.US_ASCII), false);
      }
      try {
        String text = utf8.decode(ByteBuffer.wrap(raw, 0, length)).toString();
        return SourceLine.create(source, lineNumber, text, false);
      } catch (CharacterCodingException e) {
        return SourceLine.create(
            source, lineNumber, new String(raw, 0, length, StandardCharsets.UTF_8), true);
      }
    }
  }
}
