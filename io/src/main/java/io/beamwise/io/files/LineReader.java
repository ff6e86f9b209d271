package io.beamwise.io.files;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.parse.SourceLine;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Lines of a byte stream with their 1-based numbers, and the plan that lets several readers share
 * one file: the logic of {@link ReadLinesWithPosition}, without a pipeline.
 *
 * <p>Lines end at {@code \n}; a trailing {@code \r} is removed (CRLF); a last line without a
 * newline is a line, an empty last "line" after the final newline is not. A line that is not valid
 * UTF-8 is still returned, flagged {@code invalidUtf8}, with U+FFFD replacements. The stream is
 * scanned in 64 KiB blocks for {@code \n}, never byte by byte.
 */
final class LineReader {

  private static final int BLOCK = 1 << 16;

  private LineReader() {}

  /**
   * Reads the lines of {@code in}: numbered from {@code firstLine}; when {@code skipPartialLine},
   * the bytes up to and including the first {@code \n} are skipped (the end of a line that began
   * before the stream); only lines whose first byte is less than {@code limit} bytes into the stream
   * are read, the last of them to its end whatever its length.
   *
   * @return the number of lines given to {@code out}
   */
  static long read(
      InputStream in,
      String source,
      long firstLine,
      boolean skipPartialLine,
      long limit,
      Consumer<SourceLine> out)
      throws IOException {
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    byte[] buffer = new byte[BLOCK];
    byte[] line = new byte[256];
    int length = 0;
    long number = firstLine - 1;
    long position = 0; // stream offset of buffer[0]
    long lineStart = skipPartialLine ? -1 : 0; // -1: still skipping a partial line
    if (lineStart >= limit) {
      return 0;
    }
    int n;
    while ((n = in.read(buffer)) != -1) {
      int start = 0;
      if (lineStart < 0) {
        int newline = indexOfNewline(buffer, 0, n);
        if (newline < 0) {
          position += n;
          continue;
        }
        start = newline + 1;
        lineStart = position + start;
        if (lineStart >= limit) {
          return number - firstLine + 1;
        }
      }
      for (int i = start; i < n; i++) {
        if (buffer[i] == '\n') {
          line = append(line, length, buffer, start, i - start);
          length += i - start;
          out.accept(decode(source, ++number, line, length, utf8));
          length = 0;
          start = i + 1;
          lineStart = position + start;
          if (lineStart >= limit) {
            return number - firstLine + 1;
          }
        }
      }
      line = append(line, length, buffer, start, n - start);
      length += n - start;
      position += n;
    }
    if (length > 0 && lineStart >= 0) {
      out.accept(decode(source, ++number, line, length, utf8));
    }
    return number - firstLine + 1;
  }

  /**
   * The length of the byte ranges that cut a file of {@code size} bytes into the fewest equal
   * ranges not longer than {@code splitBytes}: {@code ceil(size / ceil(size / splitBytes))}. A file
   * just over the split size becomes two halves, not a full range and a sliver that leaves one
   * reader with almost all of it.
   *
   * @throws IllegalArgumentException unless {@code size > 0} and {@code splitBytes > 0}
   */
  static long balancedRangeBytes(long size, long splitBytes) {
    checkArgument(size > 0, "size must be > 0, got %s", size);
    checkArgument(splitBytes > 0, "splitBytes must be > 0, got %s", splitBytes);
    long ranges = (size - 1) / splitBytes + 1;
    return (size - 1) / ranges + 1;
  }

  /**
   * Splits a file of {@code size} bytes, read from its first byte by {@code in}, into byte ranges
   * of {@code chunkBytes} (the last one shorter), each knowing the number of its first line: one
   * sequential pass that only counts {@code \n} bytes (no decoding, no allocation per line).
   *
   * @throws EOFException if the stream ends before {@code size} bytes
   * @throws IllegalArgumentException unless {@code size > 0} and {@code chunkBytes > 0}
   */
  static List<FileChunk> plan(String path, InputStream in, long size, long chunkBytes)
      throws IOException {
    checkArgument(size > 0, "size must be > 0, got %s", size);
    checkArgument(chunkBytes > 0, "chunkBytes must be > 0, got %s", chunkBytes);
    List<FileChunk> chunks = new ArrayList<>();
    byte[] buffer = new byte[BLOCK];
    long newlines = 0; // in [0, start)
    boolean afterNewline = true; // the byte before start is '\n' (or start is 0)
    for (long start = 0; start < size; start += chunkBytes) {
      long end = Math.min(size, start + chunkBytes);
      // The first line starting at or after start: at start itself, or after the next newline.
      long firstLine = 1 + newlines + (afterNewline ? 0 : 1);
      chunks.add(new FileChunk(path, start, end, firstLine, afterNewline));
      long remaining = end - start;
      while (remaining > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
        if (n < 0) {
          throw new EOFException(path + " ended before its " + size + " bytes");
        }
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            newlines++;
          }
        }
        afterNewline = buffer[n - 1] == '\n';
        remaining -= n;
      }
    }
    return chunks;
  }

  private static int indexOfNewline(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
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
