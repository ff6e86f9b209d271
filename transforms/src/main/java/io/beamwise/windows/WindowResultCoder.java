package io.beamwise.windows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StructuredCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;

/** Deterministic coder for {@link WindowResult}, given coders for the key and the value. */
public final class WindowResultCoder<K, V> extends StructuredCoder<WindowResult<K, V>> {

  private final Coder<K> keyCoder;
  private final Coder<V> valueCoder;
  private final NullableCoder<K> nullableKey;

  private WindowResultCoder(Coder<K> keyCoder, Coder<V> valueCoder) {
    this.keyCoder = keyCoder;
    this.valueCoder = valueCoder;
    this.nullableKey = NullableCoder.of(keyCoder);
  }

  public static <K, V> WindowResultCoder<K, V> of(Coder<K> keyCoder, Coder<V> valueCoder) {
    return new WindowResultCoder<>(keyCoder, valueCoder);
  }

  @Override
  public void encode(WindowResult<K, V> r, OutputStream out) throws CoderException, IOException {
    nullableKey.encode(r.getKey(), out);
    InstantCoder.of().encode(r.getWindowStart(), out);
    InstantCoder.of().encode(r.getWindowEnd(), out);
    VarIntCoder.of().encode(r.getTiming().ordinal(), out);
    VarLongCoder.of().encode(r.getPaneIndex(), out);
    BooleanCoder.of().encode(r.isFinal(), out);
    valueCoder.encode(r.getValue(), out);
  }

  @Override
  public WindowResult<K, V> decode(InputStream in) throws CoderException, IOException {
    return new WindowResult<>(
        nullableKey.decode(in),
        InstantCoder.of().decode(in),
        InstantCoder.of().decode(in),
        PaneInfo.Timing.values()[VarIntCoder.of().decode(in)],
        VarLongCoder.of().decode(in),
        BooleanCoder.of().decode(in),
        valueCoder.decode(in));
  }

  @Override
  public List<? extends Coder<?>> getCoderArguments() {
    return Arrays.asList(keyCoder, valueCoder);
  }

  @Override
  public void verifyDeterministic() throws NonDeterministicException {
    verifyDeterministic(this, "key coder must be deterministic", keyCoder);
    verifyDeterministic(this, "value coder must be deterministic", valueCoder);
  }
}
