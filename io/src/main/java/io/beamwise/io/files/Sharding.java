package io.beamwise.io.files;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.io.Serializable;
import org.apache.beam.sdk.io.FileIO;

/**
 * How a write splits its output into files: one file {@code NAME.SUFFIX} ({@link #singleFile()}),
 * exactly {@code n} files {@code NAME-SSSSS-of-NNNNN.SUFFIX} ({@link #shards(int)}), or as many as
 * the runner chooses ({@link #runnerChosen()}, same naming). Used by {@link WriteLines} and {@code
 * io.beamwise.io.parquet.WriteParquet}.
 *
 * <p>Writes are for finished results: the input's windows and triggers are ignored (Beam's
 * {@code WriteFiles} re-windows it into the global window with the default trigger, as {@code
 * TextIO.write()} does), so each file is written once, at the end of a bounded input. An empty
 * input still gives the file(s), empty. Not for unbounded input, which would never finish the
 * global window.
 */
public final class Sharding implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The largest shard count accepted by {@link #shards(int)}. */
  public static final int MAX_SHARDS = 10_000;

  /** 0 = runner-chosen, 1 = a single file with no shard suffix, n = n shards. */
  private final int numShards;

  private Sharding(int numShards) {
    this.numShards = numShards;
  }

  /** Everything in one file named {@code NAME.SUFFIX}. */
  public static Sharding singleFile() {
    return new Sharding(1);
  }

  /**
   * Exactly {@code n} files {@code NAME-SSSSS-of-NNNNN.SUFFIX} (some may be empty).
   *
   * @throws IllegalArgumentException unless 1 ≤ n ≤ {@value #MAX_SHARDS}
   */
  public static Sharding shards(int n) {
    checkArgument(
        n >= 1 && n <= MAX_SHARDS, "numShards=%s must be in [1, %s]", n, MAX_SHARDS);
    // One shard still gets the -00000-of-00001 suffix, so that the name pattern does not depend on n.
    return new Sharding(-n);
  }

  /** As many files {@code NAME-SSSSS-of-NNNNN.SUFFIX} as the runner finds efficient. */
  public static Sharding runnerChosen() {
    return new Sharding(0);
  }

  public boolean isSingleFile() {
    return numShards == 1;
  }

  /** The fixed number of files, or 0 when the runner chooses. */
  public int numShards() {
    return Math.abs(numShards);
  }

  /**
   * Configures {@code write} (already given its sink and directory) to write files called {@code
   * name} + shard + {@code suffix}.
   */
  // withIgnoreWindowing is deprecated for its effects on windowed streams; here it is exactly what
  // is wanted: one global write, missing shards created empty, the temporary directory removed.
  @SuppressWarnings("deprecation")
  public <T> FileIO.Write<Void, T> configure(FileIO.Write<Void, T> write, String name, String suffix) {
    FileIO.Write<Void, T> global = write.withIgnoreWindowing();
    if (isSingleFile()) {
      return global
          .withNumShards(1)
          .withNaming((window, pane, shards, index, compression) -> name + suffix);
    }
    FileIO.Write<Void, T> named = global.withNaming(FileIO.Write.defaultNaming(name, suffix));
    return numShards() == 0 ? named : named.withNumShards(numShards());
  }

  @Override
  public String toString() {
    return isSingleFile() ? "single file" : numShards() == 0 ? "runner-chosen shards" : numShards() + " shards";
  }
}
