package io.beamwise.io.files;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.parse.SourceLine;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
 * files ({@code .gz}, {@code .bz2}, ...) are decompressed by extension.
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
      try (InputStream in = new BufferedInputStream(Channels.newInputStream(file.open()), 1 << 16)) {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        long lineNumber = 0;
        int b;
        boolean pending = false;
        while ((b = in.read()) != -1) {
          if (b == '\n') {
            out.output(decode(source, ++lineNumber, line));
            linesRead.inc();
            line.reset();
            pending = false;
          } else {
            line.write(b);
            pending = true;
          }
        }
        if (pending) {
          out.output(decode(source, ++lineNumber, line));
          linesRead.inc();
        }
      }
    }

    private static SourceLine decode(String source, long lineNumber, ByteArrayOutputStream bytes) {
      byte[] raw = bytes.toByteArray();
      int length = raw.length;
      if (length > 0 && raw[length - 1] == '\r') {
        length--;
      }
      try {
        String text =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(raw, 0, length))
                .toString();
        return SourceLine.create(source, lineNumber, text, false);
      } catch (CharacterCodingException e) {
        return SourceLine.create(
            source, lineNumber, new String(raw, 0, length, StandardCharsets.UTF_8), true);
      }
    }
  }
}
