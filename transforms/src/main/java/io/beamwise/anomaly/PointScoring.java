package io.beamwise.anomaly;

import io.beamwise.anomaly.detectors.Detector;
import io.beamwise.anomaly.detectors.DetectorSpec;
import io.beamwise.anomaly.detectors.MultivariateDetector;
import io.beamwise.anomaly.detectors.MultivariateDetectorSpec;
import io.beamwise.anomaly.detectors.Prequential;
import io.beamwise.anomaly.detectors.ValueRange;
import io.beamwise.parse.SensorReading;
import io.beamwise.parse.SensorReadingCoder;
import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.joda.time.Instant;

/**
 * What {@link EventTimeOrderedScoringFn} needs to know about a point type {@code P} and its
 * detector type {@code D}: key, event time, order, how to create, score, learn and encode the
 * detector (the {@link Prequential.Learner} of the shared prequential loop), and how to make an
 * {@link AnomalyResult}. One implementation per input shape
 * (univariate {@link SensorReading}, multivariate {@link MultivariateReading}), so the ordering,
 * lateness and state logic exists once.
 */
abstract class PointScoring<P, D> implements Prequential.Learner<D, P>, Serializable {

  private static final long serialVersionUID = 1L;

  abstract String key(P point);

  /**
   * The coder of points in the shuffle before scoring and in the state buffer: {@code inputCoder}
   * unless the point type has a more compact one.
   */
  Coder<P> internalCoder(Coder<P> inputCoder) {
    return inputCoder;
  }

  /** Why {@code point} cannot be scored (e.g. a wrong dimension), or null when it can. */
  String rejection(P point) {
    return null;
  }

  abstract Instant timestamp(P point);

  /** The total order in which one key's points are scored (ties impossible for distinct points). */
  abstract int compare(P a, P b);

  /** A fresh detector, told its series' expected range (null: none given, it learns one). */
  abstract D create(ValueRange expected);

  /** Whether {@link #value} exists: the points are univariate and detectors may use a range. */
  boolean hasValue() {
    return false;
  }

  /** The point's value, for its key's value range ({@link #hasValue} only). */
  double value(P point) {
    throw new UnsupportedOperationException("points of " + describe() + " have no single value");
  }

  abstract Coder<D> stateCoder();

  abstract String describe();

  abstract Map<String, Double> details(D detector, P point);

  abstract AnomalyResult result(
      P point,
      double score,
      String label,
      double threshold,
      String detectorId,
      boolean late,
      Map<String, Double> details);

  /** A {@link Detector} over {@link SensorReading}s. */
  static PointScoring<SensorReading, Detector> univariate(DetectorSpec spec) {
    return new Univariate(spec);
  }

  /** A {@link MultivariateDetector} over {@link MultivariateReading}s. */
  static PointScoring<MultivariateReading, MultivariateDetector> multivariate(
      MultivariateDetectorSpec spec) {
    return new Multivariate(spec);
  }

  private static final class Univariate extends PointScoring<SensorReading, Detector> {
    private static final long serialVersionUID = 1L;
    private final DetectorSpec spec;

    Univariate(DetectorSpec spec) {
      this.spec = spec;
    }

    @Override
    String key(SensorReading r) {
      return r.getSensor();
    }

    @Override
    Coder<SensorReading> internalCoder(Coder<SensorReading> inputCoder) {
      return SensorReadingCoder.of();
    }

    @Override
    Instant timestamp(SensorReading r) {
      return r.getTimestamp();
    }

    @Override
    int compare(SensorReading a, SensorReading b) {
      return SensorReading.EVENT_ORDER.compare(a, b);
    }

    @Override
    Detector create(ValueRange expected) {
      return ExpectedRange.create(spec, expected);
    }

    @Override
    boolean hasValue() {
      return true;
    }

    @Override
    double value(SensorReading r) {
      return r.getValue();
    }

    @Override
    Coder<Detector> stateCoder() {
      return spec.stateCoder();
    }

    @Override
    String describe() {
      return spec.describe();
    }

    @Override
    public boolean isReady(Detector d) {
      return d.isReady();
    }

    @Override
    public double score(Detector d, SensorReading r) {
      return d.score(r.getTimestamp().getMillis(), r.getValue());
    }

    @Override
    public void learn(Detector d, SensorReading r) {
      d.learn(r.getTimestamp().getMillis(), r.getValue());
    }

    @Override
    Map<String, Double> details(Detector d, SensorReading r) {
      return d.details(r.getValue());
    }

    @Override
    AnomalyResult result(
        SensorReading r,
        double score,
        String label,
        double threshold,
        String detectorId,
        boolean late,
        Map<String, Double> details) {
      return AnomalyResult.create(r, score, label, threshold, detectorId, late, details);
    }
  }

  private static final class Multivariate
      extends PointScoring<MultivariateReading, MultivariateDetector> {
    private static final long serialVersionUID = 1L;
    private final MultivariateDetectorSpec spec;

    Multivariate(MultivariateDetectorSpec spec) {
      this.spec = spec;
    }

    @Override
    String key(MultivariateReading r) {
      return r.getKey();
    }

    @Override
    String rejection(MultivariateReading r) {
      int n = r.getValues().size();
      return n == spec.dimension()
          ? null
          : "a point of " + n + " values, the detector's dimension is " + spec.dimension();
    }

    @Override
    Instant timestamp(MultivariateReading r) {
      return r.getTimestamp();
    }

    @Override
    int compare(MultivariateReading a, MultivariateReading b) {
      return MultivariateReading.EVENT_ORDER.compare(a, b);
    }

    @Override
    MultivariateDetector create(ValueRange expected) {
      return spec.create(); // multivariate detectors take no value range
    }

    @Override
    Coder<MultivariateDetector> stateCoder() {
      return spec.stateCoder();
    }

    @Override
    String describe() {
      return spec.describe();
    }

    @Override
    public boolean isReady(MultivariateDetector d) {
      return d.isReady();
    }

    @Override
    public double score(MultivariateDetector d, MultivariateReading r) {
      return d.score(r.valuesArray());
    }

    @Override
    public void learn(MultivariateDetector d, MultivariateReading r) {
      d.learn(r.valuesArray());
    }

    @Override
    Map<String, Double> details(MultivariateDetector d, MultivariateReading r) {
      return Collections.emptyMap();
    }

    @Override
    AnomalyResult result(
        MultivariateReading r,
        double score,
        String label,
        double threshold,
        String detectorId,
        boolean late,
        Map<String, Double> details) {
      return AnomalyResult.createMultivariate(r, score, label, threshold, detectorId, late, details);
    }
  }
}
