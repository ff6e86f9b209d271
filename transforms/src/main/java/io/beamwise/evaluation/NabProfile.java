package io.beamwise.evaluation;

/**
 * The three application profiles of the Numenta Anomaly Benchmark, with the cost-matrix weights
 * of NAB's {@code config/profiles.json} (https://github.com/numenta/NAB). The true-negative weight
 * (1.0 in every profile) is not used by NAB's scorer and is omitted.
 *
 * <p>Reference: A. Lavin and S. Ahmad, "Evaluating Real-time Anomaly Detection Algorithms — the
 * Numenta Anomaly Benchmark", IEEE ICMLA 2015, section on application profiles (weights A_TP,
 * A_FP, A_FN).
 */
public enum NabProfile {
  /** {@code standard}: A_TP = 1.0, A_FN = 1.0, A_FP = 0.11. */
  STANDARD("standard", 1.0, 0.11, 1.0),
  /** {@code reward_low_FP_rate}: A_TP = 1.0, A_FN = 1.0, A_FP = 0.22. */
  REWARD_LOW_FP_RATE("reward_low_FP_rate", 1.0, 0.22, 1.0),
  /** {@code reward_low_FN_rate}: A_TP = 1.0, A_FN = 2.0, A_FP = 0.11. */
  REWARD_LOW_FN_RATE("reward_low_FN_rate", 1.0, 0.11, 2.0);

  private final String nabName;
  private final double tpWeight;
  private final double fpWeight;
  private final double fnWeight;

  NabProfile(String nabName, double tpWeight, double fpWeight, double fnWeight) {
    this.nabName = nabName;
    this.tpWeight = tpWeight;
    this.fpWeight = fpWeight;
    this.fnWeight = fnWeight;
  }

  /** The profile's key in NAB's {@code profiles.json}. */
  public String nabName() {
    return nabName;
  }

  public double tpWeight() {
    return tpWeight;
  }

  public double fpWeight() {
    return fpWeight;
  }

  public double fnWeight() {
    return fnWeight;
  }

  /** Looks a profile up by its NAB key, e.g. {@code "reward_low_FP_rate"}. */
  public static NabProfile fromNabName(String name) {
    for (NabProfile p : values()) {
      if (p.nabName.equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown NAB profile: " + name);
  }
}
