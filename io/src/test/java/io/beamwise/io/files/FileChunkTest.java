package io.beamwise.io.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

class FileChunkTest {

  @Test
  void wholeFilesAndRangesRoundTripThroughTheCoder() throws Exception {
    FileChunk whole = FileChunk.whole("/data/readings.jsonl.gz");
    FileChunk range = new FileChunk("/data/readings.jsonl", 64, 128, 9, false);
    for (FileChunk c : new FileChunk[] {whole, range}) {
      CoderProperties.coderDecodeEncodeEqual(FileChunk.Coder.of(), c);
      CoderProperties.coderDeterministic(FileChunk.Coder.of(), c, c);
    }
    FileChunk decoded = CoderUtils.clone(FileChunk.Coder.of(), whole);
    assertTrue(decoded.whole);
    assertEquals(Long.MAX_VALUE, decoded.end);
  }

  @Test
  void aWholeFileIsNotTheRangeWithTheSameBounds() {
    FileChunk whole = FileChunk.whole("f");
    FileChunk range = new FileChunk("f", 0, Long.MAX_VALUE, 1, true);
    assertNotEquals(whole, range);
    assertEquals("f (whole)", whole.toString());
  }
}
