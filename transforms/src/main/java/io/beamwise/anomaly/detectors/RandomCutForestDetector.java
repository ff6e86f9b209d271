package io.beamwise.anomaly.detectors;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import com.amazon.randomcutforest.parkservices.ThresholdedRandomCutForest;
import com.amazon.randomcutforest.parkservices.state.ThresholdedRandomCutForestMapper;
import com.amazon.randomcutforest.parkservices.state.ThresholdedRandomCutForestState;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import org.apache.beam.sdk.coders.CoderException;

/**
 * Random Cut Forest (Guha, Mishra, Roy and Schrijvers, "Robust Random Cut Forest Based Anomaly
 * Detection on Streams", ICML 2016) on shingles of the last {@code shingleSize} points, with
 * Amazon's implementation ({@code software.amazon.randomcutforest:randomcutforest-parkservices},
 * {@link ThresholdedRandomCutForest} in {@code STANDARD} mode with internal shingling and no
 * transform; <a href="https://github.com/aws/random-cut-forest-by-aws">aws/random-cut-forest-by-aws</a>).
 *
 * <p>Prequential use: {@link #score} asks the forest for the raw RCF score of the shingle that
 * {@code x} would complete ({@code RandomCutForest.getAnomalyScore}, which does not modify the
 * forest), and {@link #learn} calls {@code ThresholdedRandomCutForest.process}, which updates the
 * forest, the shingle and the library's thresholder. The raw score computed by {@code score} is the
 * same number {@code process} reports as {@code getRCFScore()} for that point (checked by the
 * tests). The thresholder's anomaly grade is not used: it is only known after learning, and it is
 * 0 for most points, which would leave no ranking for a threshold sweep.
 *
 * <p>Score mapping: the raw RCF score {@code s >= 0} is about 1 or below for typical points (it is
 * normalised so), and the library's adaptive threshold is typically 1.05 to 1.5. With the excess
 * {@code e = max(0, s - 1)}, {@code score = e / (e + scoreScale)}; with the default {@code
 * scoreScale = 0.5}: s = 1 scores 0, 1.25 scores 0.33, 1.5 (the upper end of the usual library
 * threshold) 0.5, 2 0.67, 3 0.8, 5 0.89 and 11 0.95, so moderate outliers do not saturate and the
 * score keeps resolution near 1. NaN and ±Infinity score 1 and are not learned.
 *
 * <p>Warm-up: ready once the forest reports {@code isOutputReady()}: {@code outputAfter} shingles
 * (default {@code sampleSize / 4} = 64) after the first full shingle, before which the library
 * itself reports score 0.
 *
 * <p>Determinism: the forest uses {@code randomSeed} from the spec and runs single-threaded, so
 * the same inputs give the same scores. State: the library's {@link
 * ThresholdedRandomCutForestMapper} to {@link ThresholdedRandomCutForestState}, written as JSON by
 * Jackson (properties sorted) and deflated; a decoded detector continues bit-for-bit as the
 * original would (tested). Size: the state holds every tree (50 trees of up to 256 sampled
 * shingles, with their sampler weights) and the point store, about 385 kB of JSON for a default
 * detector once its sample is full, about 200 kB after deflation (measured on a noisy sine; the
 * state stops growing once the sample is full). That is some thousand times the state of the
 * other detectors and costs milliseconds to encode, so it suits per-key state for moderate numbers
 * of keys; fewer trees or a smaller sample shrink it proportionally. Dropping the trees
 * (rebuilding them from the samplers) would halve it but is not bit-exact, so it is not done.
 */
public final class RandomCutForestDetector implements Detector {

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY).build();

  private final Spec spec;
  private ThresholdedRandomCutForest forest; // replaced by readState
  private long timestamp; // the sequence number given to the next learned point

  private RandomCutForestDetector(Spec spec, ThresholdedRandomCutForest forest, long timestamp) {
    this.spec = spec;
    this.forest = forest;
    this.timestamp = timestamp;
  }

  /**
   * Configuration with shingles of {@code shingleSize} points and the library's defaults: 50
   * trees, sample size 256, output after 64 shingles; random seed 42, scoreScale 0.5.
   */
  public static Spec spec(int shingleSize) {
    return new Spec(shingleSize, 50, 256, 64, 42L, 0.5);
  }

  /** {@link #spec(int)} with shingles of 8 points. */
  public static Spec spec() {
    return spec(8);
  }

  @Override
  public boolean isReady() {
    return forest.getForest().isOutputReady();
  }

  @Override
  public double score(double x) {
    if (!Double.isFinite(x)) {
      return 1.0;
    }
    if (!isReady()) {
      return 0.0;
    }
    return mapScore(rawScore(x), spec.scoreScale);
  }

  /** {@code raw_score}: the forest's own anomaly score (about 1 for typical points). */
  @Override
  public java.util.Map<String, Double> details(double x) {
    if (!isReady() || !Double.isFinite(x)) {
      return java.util.Collections.emptyMap();
    }
    return Scores.details("raw_score", rawScore(x));
  }

  /** The raw RCF score of the shingle that {@code x} would complete; does not change the forest. */
  double rawScore(double x) {
    return forest.getForest().getAnomalyScore(new double[] {x});
  }

  /** {@code e / (e + scale)} with {@code e = max(0, s - 1)}; 1 for NaN or infinite {@code s}. */
  static double mapScore(double s, double scale) {
    return Scores.saturating(Math.max(0.0, s - 1.0), scale);
  }

  @Override
  public void learn(double x) {
    if (!Double.isFinite(x)) {
      return;
    }
    forest.process(new double[] {x}, timestamp++);
  }

  /** The underlying library model (for tests). */
  ThresholdedRandomCutForest forest() {
    return forest;
  }

  /** Configuration of a {@link RandomCutForestDetector}. Immutable. */
  public record Spec(
        int shingleSize,
        int numberOfTrees,
        int sampleSize,
        int outputAfter,
        long randomSeed,
        double scoreScale)
      implements DetectorSpec {
    private static final long serialVersionUID = 1L;

    public Spec {
      checkArgument(
          shingleSize >= 1 && shingleSize <= 64,
          "shingleSize must be in [1, 64] points, got %s",
          shingleSize);
      SpecChecks.inRange("numberOfTrees", numberOfTrees, 1, 1000);
      checkArgument(
          sampleSize >= 16 && sampleSize <= 8192,
          "sampleSize must be in [16, 8192] points per tree, got %s",
          sampleSize);
      checkArgument(
          outputAfter >= 1 && outputAfter <= sampleSize,
          "outputAfter must be in [1, sampleSize=%s] shingles, got %s",
          sampleSize,
          outputAfter);
      SpecChecks.positive("scoreScale", scoreScale);
    }

    /** Trees in the forest; in [1, 1000]. */
    public Spec withNumberOfTrees(int numberOfTrees) {
      return new Spec(shingleSize, numberOfTrees, sampleSize, outputAfter, randomSeed, scoreScale);
    }

    /**
     * Points sampled per tree; in [16, 8192]. Also sets {@code outputAfter} to {@code sampleSize /
     * 4} (the library's default), so call {@link #withOutputAfter} after this.
     */
    public Spec withSampleSize(int sampleSize) {
      return new Spec(
          shingleSize, numberOfTrees, sampleSize, Math.max(1, sampleSize / 4), randomSeed, scoreScale);
    }

    /** Shingles learned before the detector is ready; in [1, sampleSize]. */
    public Spec withOutputAfter(int outputAfter) {
      return new Spec(shingleSize, numberOfTrees, sampleSize, outputAfter, randomSeed, scoreScale);
    }

    /** Seed of the forest's random cuts and sampling; any value. */
    public Spec withRandomSeed(long randomSeed) {
      return new Spec(shingleSize, numberOfTrees, sampleSize, outputAfter, randomSeed, scoreScale);
    }

    /** The excess of the raw RCF score over 1 at which the score is 0.5; positive. */
    public Spec withScoreScale(double scoreScale) {
      return new Spec(shingleSize, numberOfTrees, sampleSize, outputAfter, randomSeed, scoreScale);
    }

    @Override
    public Detector create() {
      ThresholdedRandomCutForest forest =
          ThresholdedRandomCutForest.builder()
              .dimensions(shingleSize)
              .shingleSize(shingleSize)
              .internalShinglingEnabled(true)
              .numberOfTrees(numberOfTrees)
              .sampleSize(sampleSize)
              .outputAfter(outputAfter)
              .randomSeed(randomSeed)
              .parallelExecutionEnabled(false)
              .build();
      return new RandomCutForestDetector(this, forest, 0);
    }

    @Override
    public String describe() {
      return String.format(
          "rcf(shingleSize=%d, numberOfTrees=%d, sampleSize=%d, outputAfter=%d, randomSeed=%d,"
              + " scoreScale=%s)",
          shingleSize, numberOfTrees, sampleSize, outputAfter, randomSeed, scoreScale);
    }

    @Override
    public String toString() {
      return describe();
    }
  }

  /**
   * Writes the next sequence number and the library's {@link ThresholdedRandomCutForestState}
   * (forest, point store, shingle, thresholder, preprocessor) as deflated JSON, prefixed with its
   * length. The decoded forest continues bit-for-bit as the original would.
   */
  @Override
  public void writeState(DataOutputStream data) throws IOException {
    ThresholdedRandomCutForestState state = new ThresholdedRandomCutForestMapper().toState(forest);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    try (DeflaterOutputStream deflated = new DeflaterOutputStream(bytes, deflater)) {
      JSON.writeValue(deflated, state);
    } finally {
      deflater.end();
    }
    data.writeLong(this.timestamp);
    data.writeInt(bytes.size());
    bytes.writeTo(data);
  }

  @Override
  public void readState(DataInputStream data) throws IOException {
    long timestamp = data.readLong();
    int length = data.readInt();
    if (length < 0) {
      throw new CoderException("negative encoded forest length " + length);
    }
    byte[] bytes = new byte[length];
    data.readFully(bytes);
    ThresholdedRandomCutForestState state;
    try (InputStream inflated = new InflaterInputStream(new ByteArrayInputStream(bytes))) {
      state = JSON.readValue(inflated, ThresholdedRandomCutForestState.class);
    }
    ThresholdedRandomCutForest forest;
    try {
      forest = new ThresholdedRandomCutForestMapper().toModel(state, spec.randomSeed);
    } catch (RuntimeException e) {
      throw new CoderException("cannot rebuild the forest of " + spec.describe(), e);
    }
    if (forest.getForest().getShingleSize() != spec.shingleSize
        || forest.getForest().getNumberOfTrees() != spec.numberOfTrees
        || forest.getForest().getSampleSize() != spec.sampleSize) {
      throw new CoderException("encoded forest does not match " + spec.describe());
    }
    this.forest = forest;
    this.timestamp = timestamp;
  }
}
