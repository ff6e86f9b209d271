package io.beamwise.benchmarks.endtoend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.beamwise.parse.SensorReading;
import io.beamwise.parse.SensorReadingCoder;
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
 * The patched {@link CoderTypeSerializer} (encoding through a reusable buffer) writes exactly the
 * bytes of the Beam coder, so records written one after another read back as they were; values
 * larger than the buffer's initial and retained sizes too.
 */
class CoderTypeSerializerTest {

  private static <T> CoderTypeSerializer<T> serializer(Coder<T> coder) {
    FlinkPipelineOptions options = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    return new CoderTypeSerializer<>(coder, new SerializablePipelineOptions(options));
  }

  @Test
  void writesTheCodersBytesRecordAfterRecord() throws Exception {
    Coder<WindowedValue<KV<String, SensorReading>>> coder =
        WindowedValue.getFullCoder(
            KvCoder.of(StringUtf8Coder.of(), SensorReadingCoder.of()), GlobalWindow.Coder.INSTANCE);
    CoderTypeSerializer<WindowedValue<KV<String, SensorReading>>> serializer = serializer(coder);
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
    DataOutputSerializer out = new DataOutputSerializer(64);
    List<Byte> expected = new ArrayList<>();
    for (WindowedValue<KV<String, SensorReading>> v : values) {
      serializer.serialize(v, out);
      for (byte b : CoderUtils.encodeToByteArray(coder, v)) {
        expected.add(b);
      }
    }
    byte[] written = out.getCopyOfBuffer();
    byte[] want = new byte[expected.size()];
    for (int i = 0; i < want.length; i++) {
      want[i] = expected.get(i);
    }
    assertArrayEquals(want, written);
    DataInputDeserializer in = new DataInputDeserializer(written);
    for (WindowedValue<KV<String, SensorReading>> v : values) {
      assertEquals(v, serializer.deserialize(in));
    }
    assertEquals(0, in.available());
  }
}
