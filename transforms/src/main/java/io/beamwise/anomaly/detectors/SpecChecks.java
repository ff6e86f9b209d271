package io.beamwise.anomaly.detectors;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import org.apache.beam.sdk.annotations.Internal;

/**
 * The validations the detectors' specs share, each with the message every spec gives: the
 * parameter, its valid range and the value refused ({@link IllegalArgumentException}). Public only
 * so that detectors in their own packages (such as {@code detectors.cad}) share them too: not part
 * of the library's API.
 */
@Internal
public final class SpecChecks {

  private SpecChecks() {}

  /** {@code value} is positive and finite. */
  public static void positive(String name, double value) {
    checkArgument(
        value > 0 && Double.isFinite(value), "%s must be positive and finite, got %s", name, value);
  }

  /** {@code value} is at least 0 and finite. */
  public static void nonNegative(String name, double value) {
    checkArgument(
        value >= 0 && Double.isFinite(value), "%s must be >= 0 and finite, got %s", name, value);
  }

  /** {@code value} is in {@code [min, max]}. */
  public static void inRange(String name, long value, long min, long max) {
    checkArgument(
        value >= min && value <= max, "%s must be in [%s, %s], got %s", name, min, max, value);
  }

  /** A sliding window of at least 2 points, and {@code minPoints} in [2, window]. */
  public static void window(int window, int minPoints) {
    checkArgument(window >= 2, "window must be at least 2 points, got %s", window);
    checkArgument(
        minPoints >= 2 && minPoints <= window,
        "minPoints must be in [2, window=%s], got %s",
        window,
        minPoints);
  }
}
