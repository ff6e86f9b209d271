package io.beamwise.failure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * Compact deterministic coder for {@link Failure}, field by field: stage, reason, message, error
 * class, source (UTF-8 strings with a varint length), line (varint), payload, payload bytes
 * (varint) and processing time (8 bytes). The fields are kept exactly as they are (a truncated
 * payload keeps the size of the original in {@code payloadBytes}).
 *
 * <p>{@link DeadLetters} and beamwise's parsers use it, so dead letters cross the runner's stages
 * without the conversion to and from a schema {@code Row} that {@code SchemaCoder} does for every
 * element. The type keeps its schema ({@code @DefaultSchema}): for {@code Row}s apply {@code
 * .setCoder(pipeline.getSchemaRegistry().getSchemaCoder(Failure.class))} first.
 */
public final class FailureCoder extends AtomicCoder<Failure> {

  private static final FailureCoder INSTANCE = new FailureCoder();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();

  public static FailureCoder of() {
    return INSTANCE;
  }

  private FailureCoder() {}

  @Override
  public void encode(Failure f, OutputStream out) throws CoderException, IOException {
    if (f == null) {
      throw new CoderException("cannot encode a null Failure");
    }
    STRING.encode(f.getStage(), out);
    STRING.encode(f.getReason(), out);
    STRING.encode(f.getMessage(), out);
    STRING.encode(f.getErrorClass(), out);
    STRING.encode(f.getSource(), out);
    VarLongCoder.of().encode(f.getLine(), out);
    STRING.encode(f.getPayload(), out);
    VarIntCoder.of().encode(f.getPayloadBytes(), out);
    InstantCoder.of().encode(f.getProcessingTime(), out);
  }

  @Override
  public Failure decode(InputStream in) throws CoderException, IOException {
    return new AutoValue_Failure(
        STRING.decode(in),
        STRING.decode(in),
        STRING.decode(in),
        STRING.decode(in),
        STRING.decode(in),
        VarLongCoder.of().decode(in),
        STRING.decode(in),
        VarIntCoder.of().decode(in),
        InstantCoder.of().decode(in));
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
