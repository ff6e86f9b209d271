package io.beamwise.io.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.beamwise.parse.SourceLine;
import io.beamwise.testing.TestPipelineExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.Pipeline.PipelineExecutionException;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TestPipelineExtension.class)
class ReadLinesWithPositionTest {

  @TempDir Path dir;

  @Test
  void keepsFileAndLineNumberAcrossCrlfEmptyLinesAndMissingFinalNewline(TestPipeline p)
      throws IOException {
    Path file = dir.resolve("a.csv");
    Files.write(file, "timestamp,value\r\n2014-01-01 00:00:00,1\r\n\r\nlast".getBytes(StandardCharsets.UTF_8));
    String source = file.toString();
    PCollection<SourceLine> lines = p.apply(ReadLinesWithPosition.from(source));
    PAssert.that(lines)
        .containsInAnyOrder(
            SourceLine.of(source, 1, "timestamp,value"),
            SourceLine.of(source, 2, "2014-01-01 00:00:00,1"),
            SourceLine.of(source, 3, ""),
            SourceLine.of(source, 4, "last"));
    p.run().waitUntilFinish();
  }

  @Test
  void flagsInvalidUtf8WithoutLosingTheLine(TestPipeline p) throws IOException {
    Path file = dir.resolve("b.jsonl");
    byte[] bytes = {'o', 'k', '\n', 'b', 'a', (byte) 0xC3, (byte) 0x28, '\n', (byte) 0xE2, (byte) 0x82, (byte) 0xAC};
    Files.write(file, bytes);
    String source = file.toString();
    PAssert.that(p.apply(ReadLinesWithPosition.from(source)))
        .containsInAnyOrder(
            SourceLine.of(source, 1, "ok"),
            SourceLine.create(source, 2, "ba\uFFFD(", true),
            SourceLine.of(source, 3, "\u20AC"));
    p.run().waitUntilFinish();
  }

  @Test
  void readsEveryFileOfAGlob(TestPipeline p) throws IOException {
    Files.writeString(dir.resolve("x.csv"), "1\n2\n");
    Files.writeString(dir.resolve("y.csv"), "3\n");
    Files.writeString(dir.resolve("z.txt"), "not matched\n");
    PAssert.that(p.apply(ReadLinesWithPosition.from(dir.resolve("*.csv").toString())))
        .containsInAnyOrder(
            SourceLine.of(dir.resolve("x.csv").toString(), 1, "1"),
            SourceLine.of(dir.resolve("x.csv").toString(), 2, "2"),
            SourceLine.of(dir.resolve("y.csv").toString(), 1, "3"));
    p.run().waitUntilFinish();
  }

  @Test
  void largeFilesReadInRangesGiveTheSameLinesAsWholeFiles(TestPipeline p) throws IOException {
    // With ranges of 7 bytes every uncompressed file here is split; gzip files (by extension or
    // only by content) are read whole.
    StringBuilder text = new StringBuilder("header\r\n");
    for (int i = 1; i <= 300; i++) {
      text.append(i % 17 == 0 ? "" : "line-" + i + (i % 5 == 0 ? ",é温度" : "")).append(i % 3 == 0 ? "\r\n" : "\n");
    }
    text.append("no final newline");
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve("plain.csv"), bytes);
    byte[] invalid = {'o', 'k', '\n', 'b', 'a', (byte) 0xC3, (byte) 0x28, '\n', (byte) 0xE2, (byte) 0x82, (byte) 0xAC, '\n'};
    Files.write(dir.resolve("invalid.csv"), invalid);
    Files.write(dir.resolve("zipped.csv.gz"), gzip(bytes));
    Files.write(dir.resolve("zipped-by-content.csv"), gzip(bytes));
    String pattern = dir.resolve("*.csv*").toString();

    List<SourceLine> expected = new ArrayList<>();
    for (String name : new String[] {"plain.csv", "zipped.csv.gz", "zipped-by-content.csv"}) {
      String source = dir.resolve(name).toString();
      LineReader.read(new ByteArrayInputStream(bytes), source, 1, false, Long.MAX_VALUE, expected::add);
    }
    LineReader.read(
        new ByteArrayInputStream(invalid), dir.resolve("invalid.csv").toString(), 1, false, Long.MAX_VALUE, expected::add);
    assertEquals(302, expected.stream().filter(l -> l.getSource().endsWith("plain.csv")).count());

    PAssert.that(p.apply(ReadLinesWithPosition.from(pattern).withSplitBytes(7)))
        .containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  @Test
  void splitBytesIsValidated() {
    assertThrows(IllegalArgumentException.class, () -> ReadLinesWithPosition.from("x").withSplitBytes(0));
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(bytes);
    }
    return out.toByteArray();
  }

  @Test
  void aPatternMatchingNothingFailsThePipeline(TestPipeline p) {
    p.apply(ReadLinesWithPosition.from(dir.resolve("missing-*.csv").toString()));
    assertThrows(PipelineExecutionException.class, () -> p.run().waitUntilFinish());
  }
}
