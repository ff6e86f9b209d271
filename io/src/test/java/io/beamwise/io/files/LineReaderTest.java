package io.beamwise.io.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.parse.SourceLine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineReaderTest {

  private static List<SourceLine> whole(byte[] bytes) throws IOException {
    List<SourceLine> out = new ArrayList<>();
    LineReader.read(new ByteArrayInputStream(bytes), "f", 1, false, Long.MAX_VALUE, out::add);
    return out;
  }

  /** Plans {@code bytes} in ranges of {@code chunkBytes} and reads every range on its own. */
  private static List<SourceLine> byRanges(byte[] bytes, long chunkBytes) throws IOException {
    List<SourceLine> out = new ArrayList<>();
    for (FileChunk c :
        LineReader.plan("f", new ByteArrayInputStream(bytes), bytes.length, chunkBytes)) {
      ByteArrayInputStream in = new ByteArrayInputStream(bytes);
      in.skipNBytes(c.start);
      LineReader.read(in, "f", c.firstLine, !c.atLineStart, c.end - c.start, out::add);
    }
    return out;
  }

  @Test
  void numbersLinesAcrossCrlfEmptyLinesAndAMissingFinalNewline() throws IOException {
    byte[] bytes = "a,1\r\n\r\n\nb\rc\nlast".getBytes(StandardCharsets.UTF_8);
    assertEquals(
        List.of(
            SourceLine.of("f", 1, "a,1"),
            SourceLine.of("f", 2, ""),
            SourceLine.of("f", 3, ""),
            SourceLine.of("f", 4, "b\rc"),
            SourceLine.of("f", 5, "last")),
        whole(bytes));
    assertEquals(List.of(SourceLine.of("f", 1, "x")), whole("x\n".getBytes(StandardCharsets.UTF_8)));
    assertEquals(List.of(), whole(new byte[0]));
  }

  @Test
  void flagsInvalidUtf8() throws IOException {
    byte[] bytes = {'o', 'k', '\n', 'b', (byte) 0xC3, (byte) 0x28, '\n', (byte) 0xE2, (byte) 0x82, (byte) 0xAC};
    assertEquals(
        List.of(
            SourceLine.of("f", 1, "ok"),
            SourceLine.create("f", 2, "b\uFFFD(", true),
            SourceLine.of("f", 3, "\u20AC")),
        whole(bytes));
  }

  @Test
  void rangesGiveExactlyTheLinesOfTheWholeFile() throws IOException {
    byte[][] pieces = {
      "a".getBytes(StandardCharsets.UTF_8),
      "温度".getBytes(StandardCharsets.UTF_8),
      {(byte) 0xFF},
      {'\r', '\n'},
      {'\n'},
      {'\n', '\n'},
      {'\r'},
      "0123456789".repeat(30).getBytes(StandardCharsets.UTF_8),
    };
    Random random = new Random(11);
    for (int file = 0; file < 200; file++) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int n = random.nextInt(60);
      for (int i = 0; i < n; i++) {
        b.writeBytes(pieces[random.nextInt(pieces.length)]);
      }
      byte[] bytes = b.toByteArray();
      if (bytes.length == 0) {
        continue;
      }
      List<SourceLine> expected = whole(bytes);
      for (long chunk : new long[] {1, 2, 3, 5, 8, 13, 64, 301, bytes.length - 1L, bytes.length}) {
        if (chunk >= 1) {
          assertEquals(expected, byRanges(bytes, chunk), "file " + file + ", ranges of " + chunk);
        }
      }
    }
  }

  @Test
  void planCountsNewlinesBeforeEachRange() throws IOException {
    byte[] bytes = "ab\ncd\n\nefgh\ni".getBytes(StandardCharsets.US_ASCII); // 13 bytes
    List<FileChunk> chunks = LineReader.plan("f", new ByteArrayInputStream(bytes), 13, 3);
    assertEquals(
        List.of(
            new FileChunk("f", 0, 3, 1, true), // "ab\n"
            new FileChunk("f", 3, 6, 2, true), // "cd\n"
            new FileChunk("f", 6, 9, 3, true), // "\nef": lines 3 ("") and 4 ("efgh")
            new FileChunk("f", 9, 12, 5, false), // "gh\n": inside line 4; line 5 starts at 12
            new FileChunk("f", 12, 13, 5, true)), // "i"
        chunks);
    assertTrue(byRanges(bytes, 3).stream().allMatch(l -> l.getLine() <= 5));
  }

  @Test
  void balancedRangesAreEqualAndNoLongerThanTheSplitSize() {
    assertEquals(10, LineReader.balancedRangeBytes(10, 64)); // not larger: one range
    assertEquals(64, LineReader.balancedRangeBytes(64, 64));
    assertEquals(33, LineReader.balancedRangeBytes(65, 64)); // 33 + 32, not 64 + 1
    assertEquals(64, LineReader.balancedRangeBytes(128, 64));
    assertEquals(43, LineReader.balancedRangeBytes(129, 64)); // three ranges: 43, 43, 43
    assertEquals(1, LineReader.balancedRangeBytes(5, 1));
    for (long size = 1; size <= 300; size++) {
      for (long split = 1; split <= 70; split++) {
        long range = LineReader.balancedRangeBytes(size, split);
        long ranges = (size + range - 1) / range;
        assertTrue(range <= split, size + "/" + split);
        assertEquals((size + split - 1) / split, ranges, size + "/" + split); // the fewest
        assertTrue(size - (ranges - 1) * range > range - ranges, size + "/" + split); // even
      }
    }
    assertThrows(IllegalArgumentException.class, () -> LineReader.balancedRangeBytes(0, 64));
    assertThrows(IllegalArgumentException.class, () -> LineReader.balancedRangeBytes(10, 0));
  }

  @Test
  void planRefusesAStreamShorterThanItsSize() {
    assertThrows(
        EOFException.class,
        () -> LineReader.plan("f", new ByteArrayInputStream(new byte[4]), 10, 3));
  }
}
