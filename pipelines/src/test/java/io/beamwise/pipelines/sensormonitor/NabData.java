package io.beamwise.pipelines.sensormonitor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Finds the shared NAB data ({@code ../shared/datasets/nab} beside the checkout): the {@code
 * beamwise.datasets} system property set by the build, else the nearest {@code shared/datasets}
 * above the working directory.
 */
public final class NabData {

  static final String REAL_KNOWN_CAUSE = "nab/data/realKnownCause";

  private NabData() {}

  static Optional<Path> realKnownCause() {
    return find(REAL_KNOWN_CAUSE);
  }

  /** The shared NAB folder ({@code data/}, {@code labels/}), if present. */
  public static Optional<Path> nab() {
    return find("nab");
  }

  private static Optional<Path> find(String relative) {
    String property = System.getProperty("beamwise.datasets");
    if (property != null) {
      Path dir = Paths.get(property).resolve(relative).normalize();
      if (Files.isDirectory(dir)) {
        return Optional.of(dir);
      }
    }
    for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path dir = p.resolve("shared/datasets").resolve(relative);
      if (Files.isDirectory(dir)) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  public static String missingMessage() {
    return "NAB data not found: expected ../shared/datasets/"
        + REAL_KNOWN_CAUSE
        + " beside the checkout (or -Dbeamwise.datasets=DIR); skipping";
  }
}
