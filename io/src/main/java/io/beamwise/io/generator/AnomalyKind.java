package io.beamwise.io.generator;

import java.util.Locale;

/**
 * The kinds of anomaly {@link SensorGenerator} injects. Sizes are relative to the sensor's daily
 * amplitude {@code A} (half the peak-to-trough swing of its daily cycle), so that a detector that
 * compares with the last day can see them; lengths are in readings of the sensor.
 */
public enum AnomalyKind {
  /**
   * One reading {@code ±(7..9)·A} off the expected value (sign and size drawn per anomaly): at
   * least 6·A from the day's mean wherever it falls in the cycle, about 8 standard deviations of
   * a day of readings when the noise is small.
   */
  SPIKE(1),
  /** 12 consecutive readings shifted by {@code ±7·A}, then back to normal. */
  LEVEL_SHIFT(12),
  /** 36 readings drifting linearly away, reaching {@code ±6·A} at the last one, then back. */
  DRIFT(36),
  /** 24 readings with extra Gaussian noise of standard deviation {@code 3·A}. */
  VARIANCE_CHANGE(24);

  private final int length;

  AnomalyKind(int length) {
    this.length = length;
  }

  /** Number of consecutive readings of the sensor the anomaly spans. */
  public int length() {
    return length;
  }

  /** The label text: {@code spike}, {@code level_shift}, {@code drift}, {@code variance_change}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a label ({@code spike}, {@code level_shift}, {@code drift}, {@code variance_change}; also
   * {@code variance}, any case).
   *
   * @throws IllegalArgumentException naming the text and the valid labels
   */
  public static AnomalyKind parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    if (t.equals("variance")) {
      return VARIANCE_CHANGE;
    }
    for (AnomalyKind k : values()) {
      if (k.label().equals(t)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "anomaly kind '" + text + "' is not one of spike, level_shift, drift, variance_change");
  }
}
