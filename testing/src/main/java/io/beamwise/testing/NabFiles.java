package io.beamwise.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * The shared NAB subset ({@code ../shared/datasets/nab} beside the checkout): the {@code
 * beamwise.datasets} system property set by the build, else the nearest {@code shared/datasets}
 * above the working directory.
 */
public final class NabFiles {

  private NabFiles() {}

  /** The {@code datasets} folder that holds {@code nab/}, if present. */
  public static Optional<Path> datasetsDir() {
    String property = System.getProperty("beamwise.datasets");
    if (property != null && Files.isDirectory(Paths.get(property).resolve("nab"))) {
      return Optional.of(Paths.get(property).normalize());
    }
    for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path dir = p.resolve("shared/datasets");
      if (Files.isDirectory(dir.resolve("nab"))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  /** {@code nab/data/realKnownCause/<name>.csv}, if present. */
  public static Optional<Path> realKnownCause(String name) {
    return datasetsDir()
        .map(d -> d.resolve("nab/data/realKnownCause").resolve(name + ".csv"))
        .filter(Files::isRegularFile);
  }

  public static String missingMessage() {
    return "NAB data not found: expected ../shared/datasets/nab beside the checkout"
        + " (or -Dbeamwise.datasets=DIR); skipping";
  }
}
