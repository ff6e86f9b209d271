package io.beamwise.parse;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;

/**
 * One raw record of text and where it came from: the input to the parse transforms.
 *
 * <p>{@code source} names the origin and {@code line} the position in it: for a file, its path
 * and the 1-based line number; for a Kafka record ({@link #ofKafka}), {@code
 * kafka:<topic>/<partition>} and the offset; for text without a position, line 0. The position
 * travels into every dead-letter record, so a failure can be found and replayed. {@code invalidUtf8} is true when the line's bytes were not valid
 * UTF-8; {@code text} then holds the bytes decoded with U+FFFD replacements and the parser routes
 * the line to the dead-letter output.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class SourceLine {

  @SchemaFieldNumber("0")
  public abstract String getSource();

  @SchemaFieldNumber("1")
  public abstract long getLine();

  @SchemaFieldNumber("2")
  public abstract String getText();

  @SchemaFieldNumber("3")
  public abstract boolean getInvalidUtf8();

  /** A line of valid UTF-8 text. */
  public static SourceLine of(String source, long line, String text) {
    return create(source, line, text, false);
  }

  /** A Kafka record value: source {@code kafka:<topic>/<partition>}, position = the offset. */
  public static SourceLine ofKafka(String topic, int partition, long offset, String value) {
    return create("kafka:" + topic + "/" + partition, offset, value, false);
  }

  public static SourceLine create(String source, long line, String text, boolean invalidUtf8) {
    return new AutoValue_SourceLine(source, line, text, invalidUtf8);
  }
}
