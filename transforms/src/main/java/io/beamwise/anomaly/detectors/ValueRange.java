package io.beamwise.anomaly.detectors;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;

/**
 * The range {@code [min, max]} (both included) in which a series' values are expected, in the
 * values' own unit: finite, {@code min <= max} (a zero-width range is allowed). Detectors that use
 * a range ({@link DetectorSpec#create(ValueRange)}), such as {@link
 * io.beamwise.anomaly.detectors.cad.ContextualAnomalyDetector ContextualAnomalyDetector}, quantise values by it; see {@link
 * io.beamwise.anomaly.ExpectedRange} for where ranges come from.
 */
public record ValueRange(double min, double max) implements Serializable {

  /**
   * @throws IllegalArgumentException unless both ends are finite and {@code min <= max}
   */
  public ValueRange {
    checkArgument(
        Double.isFinite(min) && Double.isFinite(max) && min <= max,
        "value range must have finite min <= max, got [%s, %s]",
        min,
        max);
  }

  public static ValueRange of(double min, double max) {
    return new ValueRange(min, max);
  }

  /**
   * Parses {@code MIN:MAX}, e.g. {@code 0:100} or {@code -5.5:1e3}.
   *
   * @throws IllegalArgumentException naming the text and the expected form
   */
  public static ValueRange parse(String text) {
    String t = text == null ? "" : text.trim();
    // The separator is the first ':' after the first character, so that MIN may be negative.
    int colon = t.indexOf(':', 1);
    if (colon < 0) {
      throw new IllegalArgumentException("value range '" + text + "' is not MIN:MAX, e.g. 0:100");
    }
    try {
      return of(Double.parseDouble(t.substring(0, colon)), Double.parseDouble(t.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "value range '" + text + "' is not MIN:MAX with numbers, e.g. 0:100", e);
    }
  }

  public double width() {
    return max - min;
  }

  public boolean contains(double x) {
    return x >= min && x <= max;
  }

  /** The smallest range holding this one and {@code x} (finite). */
  public ValueRange including(double x) {
    checkArgument(Double.isFinite(x), "a value range can only include finite values, got %s", x);
    return contains(x) ? this : of(Math.min(min, x), Math.max(max, x));
  }

  /** The smallest range holding both. */
  public ValueRange span(ValueRange other) {
    return of(Math.min(min, other.min), Math.max(max, other.max));
  }

  @Override
  public String toString() {
    return min + ":" + max;
  }

  /** A deterministic coder: the two ends as doubles. */
  public static Coder<ValueRange> coder() {
    return RangeCoder.INSTANCE;
  }

  private static final class RangeCoder extends AtomicCoder<ValueRange> {
    static final RangeCoder INSTANCE = new RangeCoder();

    @Override
    public void encode(ValueRange value, OutputStream out) throws IOException {
      DataOutputStream data = new DataOutputStream(out);
      data.writeDouble(value.min);
      data.writeDouble(value.max);
      data.flush();
    }

    @Override
    public ValueRange decode(InputStream in) throws IOException {
      DataInputStream data = new DataInputStream(in);
      double min = data.readDouble();
      double max = data.readDouble();
      if (!(Double.isFinite(min) && Double.isFinite(max) && min <= max)) {
        throw new CoderException("encoded value range [" + min + ", " + max + "] is not valid");
      }
      return new ValueRange(min, max);
    }

    @Override
    public void verifyDeterministic() {}
  }
}
