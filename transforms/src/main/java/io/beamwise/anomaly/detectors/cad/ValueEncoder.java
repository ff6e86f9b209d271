package io.beamwise.anomaly.detectors.cad;

import io.beamwise.anomaly.detectors.ValueRange;
import io.beamwise.anomaly.detectors.cad.ContextualAnomalyDetector.LearnedRange;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.function.DoubleConsumer;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.VarInt;

/**
 * How a {@link ContextualAnomalyDetector} turns values into facts: the range it bins by (given, or
 * learned from the warm-up and then moved by a {@link LearnedRange} policy), and the level
 * and facts of a value under a range, as the class Javadoc's <b>Encoding</b> and <b>Value range</b>
 * describe. With RELEARN it also keeps the last values learned, which a rebuilt memory learns again.
 */
final class ValueEncoder {

  private static final int VALUE_BITS = 3;
  private static final double MAX_LEVEL = (1 << VALUE_BITS) - 1.0;
  private static final long LEVEL_CAP = Integer.MAX_VALUE;

  private final int warmUp; // values the range is learned from
  private final LearnedRange learnedRange;
  private final int keptValues; // RELEARN: values kept and learned again
  private final double growth; // RELEARN: least growth of the width at a widening, 0 for exact
  private boolean rangeGiven; // set by the constructor or read()
  private ValueRange range; // null while the range is being learned
  private double[] warm; // values seen while learning the range
  private int warmCount;
  // RELEARN, once the range is learned: the last values learned (a ring, oldest at ringStart) and
  // the number of rebuilds of the memory.
  private double[] ring;
  private int ringStart;
  private int ringCount;
  private long rebuilds;
  // RELEARN with growth 0: the range of every finite value learned, and the values learned since
  // the memory was last built.
  private ValueRange seen;
  private long sinceRebuild;

  /**
   * An encoder by {@code given}, or, when it is null, by a range learned from the first {@code
   * warmUp} values and then moved by {@code learnedRange} ({@code keptValues} and {@code growth}
   * as {@link ContextualAnomalyDetector.Spec#keptValues} and {@link
   * ContextualAnomalyDetector.Spec#growth}).
   */
  ValueEncoder(int warmUp, LearnedRange learnedRange, int keptValues, double growth, ValueRange given) {
    this.warmUp = warmUp;
    this.learnedRange = learnedRange;
    this.keptValues = keptValues;
    this.growth = growth;
    this.rangeGiven = given != null;
    if (given != null) {
      this.range = given;
    } else {
      warm = new double[warmUp];
    }
  }

  /** The range in use, or null while it is being learned. */
  ValueRange range() {
    return range;
  }

  /** Rebuilds of the memory so far (RELEARN). */
  long rebuilds() {
    return rebuilds;
  }

  /**
   * Keeps warm-up value {@code x} (while the range is null). At the last one the range becomes the
   * warm-up's min and max, and the warm-up values are passed to {@code learn} in order (and kept
   * for RELEARN).
   */
  void warmUp(double x, DoubleConsumer learn) {
    warm[warmCount++] = x;
    if (warmCount == warm.length) {
      range = rangeOf(warm);
      double[] replay = warm;
      warm = null;
      warmCount = 0;
      if (learnedRange == LearnedRange.RELEARN) {
        ring = new double[keptValues];
        seen = range;
      }
      for (double v : replay) {
        learn.accept(v);
        keep(v);
      }
      sinceRebuild = replay.length;
    }
  }

  /**
   * The current range, or for a learned range the range {@code x} needs: WIDEN widens it to
   * {@code x}, RELEARN widens it geometrically ({@link #widened}), GRID never moves it. The current
   * range itself (the same object) when it does not move.
   */
  ValueRange rangeFor(double x) {
    if (rangeGiven) {
      return range;
    }
    boolean finite = Double.isFinite(x);
    if (learnedRange == LearnedRange.RELEARN && growth == 0) {
      // Exact: the range of everything learned and x, at most once every KEEP values learned.
      ValueRange all = finite ? seen.including(x) : seen;
      return sinceRebuild < keptValues || all.equals(range) ? range : all;
    }
    if (!finite || range.contains(x)) {
      return range;
    }
    switch (learnedRange) {
      case GRID:
        return range;
      case RELEARN:
        return widened(range, x, growth);
      default:
        return range.including(x);
    }
  }

  /**
   * {@code r} widened to hold {@code x} (outside it) on x's side, with the least headroom beyond
   * {@code x} that makes the width grow by at least {@code growth} of itself (none for a range of
   * zero width: the first widening just reaches {@code x}). Ends are capped at ±Double.MAX_VALUE.
   */
  static ValueRange widened(ValueRange r, double x, double growth) {
    double target = (1.0 + growth) * r.width();
    if (x > r.max()) {
      double max = Math.max(x, Math.min(Double.MAX_VALUE, r.min() + target));
      return ValueRange.of(r.min(), max);
    }
    double min = Math.min(x, Math.max(-Double.MAX_VALUE, r.max() - target));
    return ValueRange.of(min, r.max());
  }

  /** Counts a rebuild of the memory (RELEARN). */
  void rebuilt() {
    rebuilds++;
    sinceRebuild = 0;
  }

  /** Learns {@code x} under range {@code r}, which becomes the range in use. */
  void learned(double x, ValueRange r) {
    range = r;
    keep(x);
    if (seen != null) {
      seen = Double.isFinite(x) ? seen.including(x) : seen;
      sinceRebuild = Math.min(sinceRebuild + 1, Long.MAX_VALUE - 1);
    }
  }

  /** Passes the kept values (RELEARN), oldest first, to {@code learn}. */
  void forEachKept(DoubleConsumer learn) {
    for (int i = 0; i < ringCount; i++) {
      learn.accept(ring[(ringStart + i) % ring.length]);
    }
  }

  /** Keeps {@code x} in the ring of the last values learned (RELEARN only). */
  private void keep(double x) {
    if (ring == null) {
      return;
    }
    if (ringCount < ring.length) {
      ring[(ringStart + ringCount++) % ring.length] = x;
    } else {
      ring[ringStart] = x;
      ringStart = (ringStart + 1) % ring.length;
    }
  }

  /** Min and max of the finite values ([0, 0] when there are none). */
  private static ValueRange rangeOf(double[] values) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      if (Double.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    return min <= max ? ValueRange.of(min, max) : ValueRange.of(0, 0);
  }

  /** The facts of {@code x} under range {@code r}. */
  int[] factsOf(double x, ValueRange r) {
    return factsOf(levelOf(x, r));
  }

  /** The level of {@code x} under range {@code r}, capped at ±(2^31 − 1). */
  long levelOf(double x, ValueRange r) {
    double width = r.max() - r.min();
    double s = (width == 0.0 ? MAX_LEVEL : width) / MAX_LEVEL;
    double q = (x - r.min()) / s;
    // Toward zero, as Python's int(); with GRID and RELEARN the levels below a learned range go
    // on downwards (floor), so each level is one step wide. NaN gives 0.
    long level = learnedRange != LearnedRange.WIDEN && !rangeGiven ? (long) Math.floor(q) : (long) q;
    return Math.max(-LEVEL_CAP, Math.min(LEVEL_CAP, level));
  }

  /** The sorted facts of a level. */
  static int[] factsOf(long level) {
    long magnitude = Math.abs(level);
    int bits = Math.max(VALUE_BITS, 64 - Long.numberOfLeadingZeros(magnitude));
    int[] facts = new int[bits + (level < 0 ? 1 : 0)];
    for (int i = 0; i < bits; i++) {
      facts[i] = 2 * i + (int) ((magnitude >>> i) & 1);
    }
    if (level < 0) {
      facts[bits] = ContextMemory.BELOW_RANGE;
    }
    return facts;
  }

  // ------------------------------------------------------------------ state encoding

  /**
   * Writes whether the range was given, the range (or the values kept while learning it), and with
   * RELEARN and a learned range the kept values (oldest first) and the rebuild counters.
   */
  void write(DataOutputStream data) throws IOException {
    data.writeByte((this.rangeGiven ? 1 : 0) | (this.range != null ? 2 : 0));
    if (this.range != null) {
      data.writeDouble(this.range.min());
      data.writeDouble(this.range.max());
    } else {
      VarInt.encode(this.warmCount, data);
      for (int i = 0; i < this.warmCount; i++) {
        data.writeDouble(this.warm[i]);
      }
    }
    if (this.ring != null) {
      VarInt.encode(this.ringCount, data);
      for (int i = 0; i < this.ringCount; i++) {
        data.writeDouble(this.ring[(this.ringStart + i) % this.ring.length]);
      }
      VarInt.encode(this.rebuilds, data);
      data.writeDouble(this.seen.min());
      data.writeDouble(this.seen.max());
      VarInt.encode(this.sinceRebuild, data);
    }
  }

  /**
   * Replaces this encoder's state with what {@link #write} wrote.
   *
   * @throws CoderException on malformed state
   */
  void read(DataInputStream data) throws IOException {
    int flags = data.readUnsignedByte();
    if (flags > 3 || flags == 1) {
      throw new CoderException("encoded CAD flags " + flags + " are not a valid state");
    }
    ring = null;
    ringStart = 0;
    ringCount = 0;
    rebuilds = 0;
    seen = null;
    sinceRebuild = 0;
    if ((flags & 2) != 0) {
      rangeGiven = (flags & 1) != 0;
      range = ValueRange.of(data.readDouble(), data.readDouble());
      warm = null;
      if (!rangeGiven && learnedRange == LearnedRange.RELEARN) {
        ring = new double[keptValues];
        int n = VarInt.decodeInt(data);
        if (n < 0 || n > ring.length) {
          throw new CoderException("encoded " + n + " kept values, keep is " + ring.length);
        }
        for (int i = 0; i < n; i++) {
          ring[i] = data.readDouble();
        }
        ringCount = n;
        rebuilds = VarInt.decodeLong(data);
        double seenMin = data.readDouble();
        double seenMax = data.readDouble();
        sinceRebuild = VarInt.decodeLong(data);
        if (rebuilds < 0 || sinceRebuild < 0) {
          throw new CoderException("encoded CAD rebuild counters are negative");
        }
        if (!(Double.isFinite(seenMin) && Double.isFinite(seenMax) && seenMin <= seenMax)) {
          throw new CoderException("encoded range seen [" + seenMin + ", " + seenMax + "] is not valid");
        }
        seen = ValueRange.of(seenMin, seenMax);
      }
    } else {
      int n = VarInt.decodeInt(data);
      if (n < 0 || n >= warmUp) {
        throw new CoderException("encoded " + n + " warm-up values, warmUp is " + warmUp);
      }
      for (int i = 0; i < n; i++) {
        this.warm[i] = data.readDouble();
      }
      this.warmCount = n;
    }
  }
}
