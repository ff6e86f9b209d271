package io.beamwise.anomaly.detectors;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import org.apache.beam.sdk.coders.CustomCoder;

/**
 * The one Beam coder of detector state, for every spec: encodes a detector with {@link
 * StatefulDetector#writeState} and decodes it by creating a fresh detector of the spec and {@link
 * StatefulDetector#readState reading} the state into it. Deterministic: a detector's state is
 * written field by field in a fixed order. Two coders are equal when their specs are equal (specs
 * are records), so Beam can tell the state of {@code zscore:288} from that of {@code zscore:576}.
 *
 * @param <D> {@link Detector} or {@link MultivariateDetector}
 */
public final class DetectorStateCoder<D extends StatefulDetector> extends CustomCoder<D> {

  /** Creates a fresh detector; the spec's {@code create()}. */
  @FunctionalInterface
  private interface Fresh<D> extends Serializable {
    D create();
  }

  private final Serializable spec;
  private final Fresh<D> fresh;

  private DetectorStateCoder(Serializable spec, Fresh<D> fresh) {
    this.spec = spec;
    this.fresh = fresh;
  }

  /** The state coder of {@code spec}'s detectors. */
  public static DetectorStateCoder<Detector> of(DetectorSpec spec) {
    return new DetectorStateCoder<>(spec, spec::create);
  }

  /** The state coder of {@code spec}'s multivariate detectors. */
  public static DetectorStateCoder<MultivariateDetector> of(MultivariateDetectorSpec spec) {
    return new DetectorStateCoder<>(spec, spec::create);
  }

  @Override
  public void encode(D value, OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    value.writeState(data);
    data.flush();
  }

  @Override
  public D decode(InputStream in) throws IOException {
    D detector = fresh.create();
    detector.readState(new DataInputStream(in));
    return detector;
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean equals(Object other) {
    return other instanceof DetectorStateCoder && spec.equals(((DetectorStateCoder<?>) other).spec);
  }

  @Override
  public int hashCode() {
    return spec.hashCode();
  }

  @Override
  public String toString() {
    return "DetectorStateCoder(" + spec + ")";
  }
}
