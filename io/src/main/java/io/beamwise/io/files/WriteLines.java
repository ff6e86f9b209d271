package io.beamwise.io.files;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;
import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkNotNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.util.MimeTypes;
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
 * <p>A single file is written without holding the lines in memory: the runner writes them into
 * as many hidden part files ({@code .NAME-part-SSSSS-of-NNNNN.SUFFIX}) as it likes, and one last
 * step copies the parts, in name order, into {@code NAME.SUFFIX} (through a temporary file, renamed
 * when complete) and deletes them. (Beam's own single-shard write groups every line under one key
 * first, which on the DirectRunner keeps them all in memory.)
 *
 * <p>Output: the names of the files written, once they are complete.
 */
public final class WriteLines extends PTransform<PCollection<String>, PCollection<String>> {

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
  public PCollection<String> expand(PCollection<String> lines) {
    FileIO.Write<Void, String> write = FileIO.<String>write().via(TextIO.sink()).to(directory);
    if (!sharding.isSingleFile()) {
      return lines
          .apply("Write " + name + suffix, sharding.configure(write, name, suffix))
          .getPerDestinationOutputFilenames()
          .apply("File names", Values.create());
    }
    String parts = "." + name + "-part";
    return lines
        .apply("Write " + name + suffix + " parts", Sharding.runnerChosen().configure(write, parts, suffix))
        .getPerDestinationOutputFilenames()
        .apply("Part names", Values.create())
        // A list even for no part at all (empty input): the file is then created empty.
        .apply("All parts", Combine.globally(new SortedNamesFn()))
        .apply("Concatenate parts", ParDo.of(new ConcatenateFn(directory, name + suffix)));
  }

  /** The names of all parts, sorted (so the file's line order does not depend on the runner). */
  private static final class SortedNamesFn extends Combine.CombineFn<String, List<String>, List<String>> {
    @Override
    public List<String> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public List<String> addInput(List<String> acc, String name) {
      acc.add(name);
      return acc;
    }

    @Override
    public List<String> mergeAccumulators(Iterable<List<String>> accs) {
      List<String> all = new ArrayList<>();
      accs.forEach(all::addAll);
      return all;
    }

    @Override
    public List<String> extractOutput(List<String> acc) {
      List<String> sorted = new ArrayList<>(acc);
      Collections.sort(sorted);
      return sorted;
    }
  }

  /**
   * Copies the parts into the final file (written as a temporary file, then renamed) and deletes
   * them. A retry after the parts were deleted finds the final file complete and does nothing.
   */
  private static final class ConcatenateFn extends DoFn<List<String>, String> {
    private final String directory;
    private final String fileName;

    ConcatenateFn(String directory, String fileName) {
      this.directory = directory;
      this.fileName = fileName;
    }

    @ProcessElement
    public void process(@Element List<String> parts, OutputReceiver<String> out) throws IOException {
      ResourceId dir = FileSystems.matchNewResource(directory, true);
      ResourceId target = dir.resolve(fileName, ResolveOptions.StandardResolveOptions.RESOLVE_FILE);
      List<ResourceId> partIds = new ArrayList<>();
      for (String part : parts) {
        partIds.add(FileSystems.matchNewResource(part, false));
      }
      boolean partsPresent =
          partIds.isEmpty()
              || FileSystems.match(partIds.get(0).toString(), EmptyMatchTreatment.ALLOW).metadata().size() == 1;
      if (!partsPresent) {
        out.output(target.toString()); // an earlier attempt finished the file
        return;
      }
      ResourceId temporary =
          dir.resolve("." + fileName + ".tmp-" + UUID.randomUUID(), ResolveOptions.StandardResolveOptions.RESOLVE_FILE);
      try (WritableByteChannel to = FileSystems.create(temporary, MimeTypes.TEXT)) {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        for (ResourceId part : partIds) {
          try (ReadableByteChannel from = FileSystems.open(part)) {
            while (from.read(buffer) != -1) {
              buffer.flip();
              while (buffer.hasRemaining()) {
                to.write(buffer);
              }
              buffer.clear();
            }
          }
        }
      }
      FileSystems.rename(List.of(temporary), List.of(target)); // replaces an older file
      FileSystems.delete(partIds, MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
      out.output(target.toString());
    }
  }
}
