package io.beamwise.io.files;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * What one {@link ReadLinesWithPosition} reader reads: a whole file ({@link #whole(String)}), decompressed
 * by its extension or by gzip's magic bytes, or a byte range {@code [start, end)} of an
 * uncompressed text file: the lines whose first byte lies in the range, the last one read past
 * {@code end} to its newline. {@code firstLine} is the 1-based number of the first such line;
 * {@code atLineStart} is true when a line starts exactly at {@code start} (the range is the file's
 * first, or the byte before it is a newline), otherwise the reader skips the end of the line that
 * began in the range before. A whole file is the range {@code [0, Long.MAX_VALUE)} from line 1.
 */
final class FileChunk {

  final String path;
  final long start;
  final long end;
  final long firstLine;
  final boolean atLineStart;
  /** Read to the end, decompressed: the file is compressed, or not larger than a range. */
  final boolean whole;

  /** The whole file at {@code path}, read by one reader. */
  static FileChunk whole(String path) {
    return new FileChunk(path, 0, Long.MAX_VALUE, 1, true, true);
  }

  /**
   * @throws IllegalArgumentException unless {@code 0 <= start < end} and {@code firstLine >= 1}
   */
  FileChunk(String path, long start, long end, long firstLine, boolean atLineStart) {
    this(path, start, end, firstLine, atLineStart, false);
  }

  private FileChunk(
      String path, long start, long end, long firstLine, boolean atLineStart, boolean whole) {
    checkArgument(path != null && !path.isEmpty(), "path must not be empty");
    checkArgument(0 <= start && start < end, "byte range [%s, %s) must be non-empty", start, end);
    checkArgument(firstLine >= 1, "firstLine must be >= 1, got %s", firstLine);
    this.path = path;
    this.start = start;
    this.end = end;
    this.firstLine = firstLine;
    this.atLineStart = atLineStart;
    this.whole = whole;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FileChunk)) {
      return false;
    }
    FileChunk c = (FileChunk) o;
    return path.equals(c.path)
        && start == c.start
        && end == c.end
        && firstLine == c.firstLine
        && atLineStart == c.atLineStart
        && whole == c.whole;
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, start, end, firstLine, atLineStart, whole);
  }

  @Override
  public String toString() {
    if (whole) {
      return path + " (whole)";
    }
    return path + "[" + start + ", " + end + ") from line " + firstLine + (atLineStart ? "" : " (after a partial line)");
  }

  /**
   * Deterministic coder: path, start, end, first line, whether a line starts at {@code start},
   * whether the file is read whole.
   */
  static final class Coder extends AtomicCoder<FileChunk> {
    private static final Coder INSTANCE = new Coder();

    static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(FileChunk c, OutputStream out) throws CoderException, IOException {
      if (c == null) {
        throw new CoderException("cannot encode a null FileChunk");
      }
      StringUtf8Coder.of().encode(c.path, out);
      VarLongCoder.of().encode(c.start, out);
      VarLongCoder.of().encode(c.end, out);
      VarLongCoder.of().encode(c.firstLine, out);
      BooleanCoder.of().encode(c.atLineStart, out);
      BooleanCoder.of().encode(c.whole, out);
    }

    @Override
    public FileChunk decode(InputStream in) throws CoderException, IOException {
      return new FileChunk(
          StringUtf8Coder.of().decode(in),
          VarLongCoder.of().decode(in),
          VarLongCoder.of().decode(in),
          VarLongCoder.of().decode(in),
          BooleanCoder.of().decode(in),
          BooleanCoder.of().decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
