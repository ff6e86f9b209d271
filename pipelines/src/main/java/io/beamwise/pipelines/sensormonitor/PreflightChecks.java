package io.beamwise.pipelines.sensormonitor;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * The checks {@code sensor-monitor} makes on its file input and its output before it builds the
 * pipeline, so that a run that cannot succeed ends at once with one line naming the option and the
 * fix ({@link IllegalArgumentException}; exit status 2), instead of after the whole run or with
 * every line dead-lettered:
 *
 * <ul>
 *   <li>{@code --input} is a directory, matches nothing, or only empty files;
 *   <li>{@code --input} is not UTF-8 text with {@code \n} line ends: UTF-16 (a byte-order mark or
 *       NUL bytes), or CR-only line ends; gzip is fine (read, as Beam's {@code TextIO} reads it);
 *   <li>{@code --output} (a local directory) cannot be created or written.
 * </ul>
 *
 * The content checks look at the first {@value #SAMPLE_BYTES} bytes of the first {@value
 * #FILES_SAMPLED} files.
 */
final class PreflightChecks {

  static final int SAMPLE_BYTES = 64 * 1024;
  static final int FILES_SAMPLED = 20;

  private PreflightChecks() {}

  /** @throws IllegalArgumentException naming {@code --input}, what is wrong and the fix */
  static void checkInput(String input) {
    if (!input.contains("://") && Files.isDirectory(Paths.get(input))) {
      throw new IllegalArgumentException(
          "--input=" + input + " is a directory; give a file or a glob, e.g. --input='"
              + input.replaceAll("/+$", "") + "/*.csv'");
    }
    List<MatchResult.Metadata> files;
    try {
      MatchResult match = FileSystems.match(input, EmptyMatchTreatment.ALLOW);
      if (match.status() != MatchResult.Status.OK) {
        throw new IllegalArgumentException("--input=" + input + " cannot be listed: " + match.status());
      }
      files = match.metadata();
    } catch (IOException e) {
      throw new IllegalArgumentException("--input=" + input + " cannot be listed: " + e, e);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("--input=" + input + " matches no file");
    }
    if (files.stream().allMatch(f -> f.sizeBytes() == 0)) {
      throw new IllegalArgumentException(
          "--input=" + input + (files.size() == 1 ? " is empty (0 bytes)" : ": all " + files.size()
              + " matching files are empty (0 bytes)"));
    }
    int sampled = 0;
    for (MatchResult.Metadata file : files) {
      String name = file.resourceId().toString();
      if (file.sizeBytes() == 0 || name.toLowerCase(Locale.ROOT).endsWith(".parquet")) {
        continue;
      }
      if (sampled++ == FILES_SAMPLED) {
        break;
      }
      String problem = textProblem(sample(file));
      if (problem != null) {
        throw new IllegalArgumentException(
            "--input=" + input + ": " + name + " " + problem);
      }
    }
  }

  /**
   * Why the start of a file is not UTF-8 text with {@code \n} line ends (with the fix), or null.
   * Package-private for tests.
   */
  static String textProblem(byte[] sample) {
    int n = sample.length;
    if (n >= 2 && ((sample[0] == (byte) 0xFE && sample[1] == (byte) 0xFF)
        || (sample[0] == (byte) 0xFF && sample[1] == (byte) 0xFE))) {
      return "is UTF-16 text (it starts with a UTF-16 byte-order mark); convert it to UTF-8,"
          + " e.g. iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8";
    }
    int nul = 0;
    boolean cr = false;
    boolean lf = false;
    for (byte b : sample) {
      nul += b == 0 ? 1 : 0;
      cr |= b == '\r';
      lf |= b == '\n';
    }
    if (nul > 0) {
      return "is not UTF-8 text (it holds NUL bytes: UTF-16 without a byte-order mark, or binary);"
          + " convert it to UTF-8 text, e.g. iconv -f UTF-16LE -t UTF-8 FILE > FILE.utf8";
    }
    if (cr && !lf) {
      return "has CR-only line ends (classic Mac OS), so it would read as one line; convert them,"
          + " e.g. tr '\\r' '\\n' < FILE > FILE.unix";
    }
    return null;
  }

  /** The first bytes of a file, gunzipped if it is gzip. */
  private static byte[] sample(MatchResult.Metadata file) {
    try (PushbackInputStream raw =
        new PushbackInputStream(Channels.newInputStream(FileSystems.open(file.resourceId())), 2)) {
      byte[] magic = raw.readNBytes(2);
      raw.unread(magic);
      InputStream in = magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b
          ? new GZIPInputStream(raw)
          : raw;
      return in.readNBytes(SAMPLE_BYTES);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--input: " + file.resourceId() + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * A local {@code --output} directory must be creatable and writable (checked by creating it and
   * a probe file, then removing the probe); other filesystems are checked when written.
   *
   * @throws IllegalArgumentException naming {@code --output}, the reason and the fix
   */
  static void checkOutput(String output) {
    if (output.contains("://")) {
      return;
    }
    Path dir = Paths.get(output);
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "--output=" + output + " is a file, not a directory; give a directory (created if missing)");
    }
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".beamwise-probe-", "");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new IllegalArgumentException(
          "--output=" + output + " is not writable (" + e.getClass().getSimpleName() + ": "
              + e.getMessage() + "); choose a directory you can write, e.g. --output=out/run");
    }
  }
}
