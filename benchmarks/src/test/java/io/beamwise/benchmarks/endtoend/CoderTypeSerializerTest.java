package io.beamwise.benchmarks.endtoend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamwise.parse.SensorReading;
import io.beamwise.parse.SensorReadingCoder;
import java.io.EOFException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.core.construction.SerializablePipelineOptions;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.translation.types.CoderTypeSerializer;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.util.WindowedValue;
import org.apache.beam.sdk.values.KV;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The patched {@link CoderTypeSerializer} (encoding through a reusable buffer): in streaming mode it
 * writes exactly the bytes of the Beam coder; in batch mode each record is its length (unsigned
 * varint) and then those bytes, so that {@code copy(DataInputView, DataOutputView)} copies bytes.
 * Either way records written one after another read back as they were; values larger than the
 * buffers' initial and retained sizes too.
 */
class CoderTypeSerializerTest {

  private static final Coder<WindowedValue<KV<String, SensorReading>>> CODER =
      WindowedValue.getFullCoder(
          KvCoder.of(StringUtf8Coder.of(), SensorReadingCoder.of()), GlobalWindow.Coder.INSTANCE);

  private static <T> CoderTypeSerializer<T> serializer(Coder<T> coder, boolean streaming) {
    FlinkPipelineOptions options = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    options.setStreaming(streaming);
    return new CoderTypeSerializer<>(coder, new SerializablePipelineOptions(options));
  }

  @Test
  void streamingWritesTheCodersBytesRecordAfterRecord() throws Exception {
    CoderTypeSerializer<WindowedValue<KV<String, SensorReading>>> serializer = serializer(CODER, true);
    assertFalse(serializer.isLengthPrefixed());
    List<WindowedValue<KV<String, SensorReading>>> values = values();
    DataOutputSerializer out = new DataOutputSerializer(64);
    List<Byte> expected = new ArrayList<>();
    for (WindowedValue<KV<String, SensorReading>> v : values) {
      serializer.serialize(v, out);
      for (byte b : CoderUtils.encodeToByteArray(CODER, v)) {
        expected.add(b);
      }
    }
    byte[] written = out.getCopyOfBuffer();
    assertArrayEquals(toArray(expected), written);
    DataInputDeserializer in = new DataInputDeserializer(written);
    for (WindowedValue<KV<String, SensorReading>> v : values) {
      assertEquals(v, serializer.deserialize(in));
    }
    assertEquals(0, in.available());
  }

  @Test
  void batchPrefixesEachRecordWithItsLengthAndCopiesBytes() throws Exception {
    CoderTypeSerializer<WindowedValue<KV<String, SensorReading>>> serializer = serializer(CODER, false);
    assertTrue(serializer.isLengthPrefixed());
    assertTrue(serializer.duplicate().isLengthPrefixed());
    assertNotEquals(serializer, serializer(CODER, true));
    List<WindowedValue<KV<String, SensorReading>>> values = values();
    DataOutputSerializer out = new DataOutputSerializer(64);
    List<Byte> expected = new ArrayList<>();
    for (WindowedValue<KV<String, SensorReading>> v : values) {
      serializer.serialize(v, out);
      byte[] encoded = CoderUtils.encodeToByteArray(CODER, v);
      for (int n = encoded.length; ; n >>>= 7) { // unsigned varint of the length
        if ((n & ~0x7F) == 0) {
          expected.add((byte) n);
          break;
        }
        expected.add((byte) ((n & 0x7F) | 0x80));
      }
      for (byte b : encoded) {
        expected.add(b);
      }
    }
    byte[] written = out.getCopyOfBuffer();
    assertArrayEquals(toArray(expected), written);

    // copy() moves each record's bytes unchanged, as Flink's sorter does when it spills.
    DataInputDeserializer in = new DataInputDeserializer(written);
    DataOutputSerializer copied = new DataOutputSerializer(64);
    for (int i = 0; i < values.size(); i++) {
      serializer.copy(in, copied);
    }
    assertEquals(0, in.available());
    assertArrayEquals(written, copied.getCopyOfBuffer());

    in = new DataInputDeserializer(written);
    for (WindowedValue<KV<String, SensorReading>> v : values) {
      assertEquals(v, serializer.deserialize(in));
    }
    assertEquals(0, in.available());
    assertThrows(EOFException.class, () -> serializer.deserialize(new DataInputDeserializer(new byte[0])));
  }

  private static byte[] toArray(List<Byte> bytes) {
    byte[] a = new byte[bytes.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = bytes.get(i);
    }
    return a;
  }

  private static List<WindowedValue<KV<String, SensorReading>>> values() {
    List<WindowedValue<KV<String, SensorReading>>> values = new ArrayList<>();
    StringBuilder longSource = new StringBuilder();
    for (int i = 0; i < 300_000; i++) {
      longSource.append((char) ('a' + i % 26));
    }
    for (int i = 0; i < 50; i++) {
      // Every 10th record has a source of 300,000 bytes (beyond the buffer's initial 256), record
      // 25 one of 3,000,000 (beyond the 1 MiB the buffer keeps between records).
      String source = i == 25 ? longSource.toString().repeat(10) : i % 10 == 0 ? longSource.toString() : "/data/f.csv";
      SensorReading r =
          SensorReading.create("sensor-" + i, new Instant(1_700_000_000_000L + i), i * 0.5, source, i + 2);
      values.add(
          WindowedValue.of(KV.of(r.getSensor(), r), r.getTimestamp(), GlobalWindow.INSTANCE, PaneInfo.NO_FIRING));
    }
    return values;
  }
}
