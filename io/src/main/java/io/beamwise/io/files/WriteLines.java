package io.beamwise.io.files;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;
import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkNotNull;

import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/**
 * Writes lines of text (JSON Lines, CSV, ...) as UTF-8 files, each line followed by {@code \n}, in
 * {@code directory} (created if missing; any Beam filesystem). By default into a single file
 * {@code directory/NAME.SUFFIX}; {@link #withNumShards(int)} writes {@code n} files {@code
 * NAME-SSSSS-of-NNNNN.SUFFIX} instead, {@link #withRunnerChosenShards()} as many as the runner
 * likes. Lines are written in no particular order. An existing file of the same name is replaced.
 *
 * <pre>{@code
 * jsonLines.apply(WriteLines.to("out", "scores").withSuffix(".jsonl"));            // out/scores.jsonl
 * jsonLines.apply(WriteLines.to("out", "scores").withSuffix(".jsonl").withNumShards(4));
 * }</pre>
 *
 * <p>Output: the {@link WriteFilesResult} of Beam's {@code FileIO.write()}, which lists the files
 * written.
 */
public final class WriteLines extends PTransform<PCollection<String>, WriteFilesResult<Void>> {

  private final String directory;
  private final String name;
  private final String suffix;
  private final Sharding sharding;

  private WriteLines(String directory, String name, String suffix, Sharding sharding) {
    this.directory = directory;
    this.name = name;
    this.suffix = suffix;
    this.sharding = sharding;
  }

  /**
   * Writes into {@code directory} files named after {@code name}, as a single file without suffix
   * until told otherwise.
   *
   * @throws IllegalArgumentException if either is blank or {@code name} contains a {@code /}
   */
  public static WriteLines to(String directory, String name) {
    checkArgument(directory != null && !directory.isBlank(), "directory=%s must be a path", directory);
    checkArgument(
        name != null && !name.isBlank() && !name.contains("/"),
        "name=%s must be a non-blank file name without '/'",
        name);
    return new WriteLines(directory, name, "", Sharding.singleFile());
  }

  /** Appends {@code suffix} (e.g. {@code .jsonl}) to every file name. */
  public WriteLines withSuffix(String suffix) {
    checkNotNull(suffix, "suffix must not be null (use \"\" for none)");
    return new WriteLines(directory, name, suffix, sharding);
  }

  /**
   * Writes exactly {@code n} files {@code NAME-SSSSS-of-NNNNN.SUFFIX}.
   *
   * @throws IllegalArgumentException unless 1 ≤ n ≤ {@value Sharding#MAX_SHARDS}
   */
  public WriteLines withNumShards(int n) {
    return new WriteLines(directory, name, suffix, Sharding.shards(n));
  }

  /** Lets the runner choose the number of files (named as for {@link #withNumShards(int)}). */
  public WriteLines withRunnerChosenShards() {
    return new WriteLines(directory, name, suffix, Sharding.runnerChosen());
  }

  /** Writes one file {@code NAME.SUFFIX} (the default). */
  public WriteLines asSingleFile() {
    return new WriteLines(directory, name, suffix, Sharding.singleFile());
  }

  @Override
  public WriteFilesResult<Void> expand(PCollection<String> lines) {
    FileIO.Write<Void, String> write = FileIO.<String>write().via(TextIO.sink()).to(directory);
    return lines.apply("Write " + name + suffix, sharding.configure(write, name, suffix));
  }
}
