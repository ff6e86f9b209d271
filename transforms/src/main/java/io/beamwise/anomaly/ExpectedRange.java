package io.beamwise.anomaly;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.anomaly.detectors.Detector;
import io.beamwise.anomaly.detectors.DetectorSpec;
import io.beamwise.anomaly.detectors.ValueRange;
import io.beamwise.anomaly.detectors.cad.ContextualAnomalyDetector;
import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where each sensor's detector gets its expected {@link ValueRange} from, for detectors that use
 * one ({@link DetectorSpec#create(ValueRange)}; the others ignore it). Used with {@link
 * ScoreAnomalies#withExpectedRange}:
 *
 * <ul>
 *   <li>{@link #learned()} (the default): no range is given; a detector that needs one learns it
 *       from the stream as its Javadoc says ({@link ContextualAnomalyDetector}: the min and max of
 *       its first {@code warmUp} values, then widened to every later value outside them).
 *   <li>{@link #fixed}: the same range for every sensor, e.g. a sensor's operating range. Values
 *       outside it are scored as out of range; the range does not move.
 *   <li>{@link #perSensor}: a range per sensor id; sensors not listed learn theirs.
 *   <li>{@link #ofInput()}: each sensor's min and max over the whole input, computed in the
 *       pipeline before any reading is scored. This is the Numenta Anomaly Benchmark's protocol
 *       and it <em>looks ahead</em>: a reading is scored knowing the extremes of readings that
 *       come after it, which a live stream cannot. Bounded input only.
 * </ul>
 *
 * <p>Immutable and serializable. Text forms ({@link #parse}): {@code learned}, {@code input},
 * {@code MIN:MAX}.
 */
public final class ExpectedRange implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The kinds of sources. */
  public enum Kind {
    LEARNED,
    FIXED,
    PER_SENSOR,
    INPUT
  }

  private static final ExpectedRange LEARNED = new ExpectedRange(Kind.LEARNED, null, Map.of());
  private static final ExpectedRange INPUT = new ExpectedRange(Kind.INPUT, null, Map.of());

  private final Kind kind;
  private final ValueRange fixed;
  private final TreeMap<String, ValueRange> bySensor;

  private ExpectedRange(Kind kind, ValueRange fixed, Map<String, ValueRange> bySensor) {
    this.kind = kind;
    this.fixed = fixed;
    this.bySensor = new TreeMap<>(bySensor);
  }

  /** No range given: detectors that use one learn it from the stream. */
  public static ExpectedRange learned() {
    return LEARNED;
  }

  /** The same fixed range for every sensor. */
  public static ExpectedRange fixed(ValueRange range) {
    checkArgument(range != null, "range must not be null");
    return new ExpectedRange(Kind.FIXED, range, Map.of());
  }

  /** A fixed range per sensor id; sensors not in the map learn theirs. */
  public static ExpectedRange perSensor(Map<String, ValueRange> ranges) {
    checkArgument(ranges != null, "ranges must not be null");
    for (Map.Entry<String, ValueRange> e : ranges.entrySet()) {
      checkArgument(e.getKey() != null && e.getValue() != null, "ranges must not hold nulls");
    }
    return new ExpectedRange(Kind.PER_SENSOR, null, ranges);
  }

  /**
   * Each sensor's min and max over the whole (bounded) input: NAB's protocol, a look-ahead.
   * {@link ScoreAnomalies} refuses it for unbounded input.
   */
  public static ExpectedRange ofInput() {
    return INPUT;
  }

  /**
   * Parses {@code learned}, {@code input} or {@code MIN:MAX}.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static ExpectedRange parse(String text) {
    String t = text == null ? "" : text.trim();
    switch (t.toLowerCase(Locale.ROOT)) {
      case "learned":
        return learned();
      case "input":
        return ofInput();
      default:
        try {
          return fixed(ValueRange.parse(t));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "value range '" + text + "' is not learned, input or MIN:MAX (e.g. 0:100): " + e.getMessage(), e);
        }
    }
  }

  public Kind kind() {
    return kind;
  }

  /**
   * The range given for {@code sensor}: the fixed range, the sensor's entry, or null (learned;
   * for {@link Kind#INPUT} the pipeline supplies it).
   */
  public ValueRange forSensor(String sensor) {
    switch (kind) {
      case FIXED:
        return fixed;
      case PER_SENSOR:
        return bySensor.get(sensor);
      default:
        return null;
    }
  }

  /** A fresh detector of {@code spec} for a sensor whose range is {@code range} (null: learned). */
  static Detector create(DetectorSpec spec, ValueRange range) {
    return range == null ? spec.create() : spec.create(range);
  }

  /** E.g. {@code learned}, {@code input}, {@code 0.0:100.0}, {@code per-sensor(3 sensors)}. */
  public String describe() {
    switch (kind) {
      case FIXED:
        return fixed.toString();
      case PER_SENSOR:
        return "per-sensor(" + bySensor.size() + " sensors)";
      default:
        return kind.name().toLowerCase(Locale.ROOT);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ExpectedRange)) {
      return false;
    }
    ExpectedRange other = (ExpectedRange) o;
    return kind == other.kind
        && java.util.Objects.equals(fixed, other.fixed)
        && bySensor.equals(other.bySensor);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(kind, fixed, bySensor);
  }

  @Override
  public String toString() {
    return describe();
  }
}
