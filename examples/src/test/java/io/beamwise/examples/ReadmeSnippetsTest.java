package io.beamwise.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's pipeline example is the example class's own code, so it compiles and runs (in
 * {@link MonitorYourRecordsTest}): the lines between {@code [START name]} and {@code [END name]}
 * in an example must appear, unindented, as one Java block of README.md.
 */
class ReadmeSnippetsTest {

  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @Test
  void readmeShowsTheCustomPipelineExactly() throws IOException {
    String snippet =
        region(ROOT.resolve("examples/src/main/java/io/beamwise/examples/MonitorYourRecords.java"), "custom_pipeline");
    List<String> blocks = javaBlocks(Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8));
    assertTrue(
        blocks.stream().anyMatch(b -> b.contains(snippet)),
        "README.md has no ```java block with MonitorYourRecords' custom_pipeline region:\n" + snippet);
  }

  /** The lines between the markers, with the common indentation removed. */
  static String region(Path file, String name) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    int start = -1;
    int end = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("[START " + name + "]")) {
        start = i + 1;
      } else if (lines.get(i).contains("[END " + name + "]")) {
        end = i;
      }
    }
    assertTrue(start > 0 && end > start, "no region " + name + " in " + file);
    List<String> region = lines.subList(start, end);
    int indent = region.stream().filter(l -> !l.isBlank())
        .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    StringBuilder b = new StringBuilder();
    for (String l : region) {
      b.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
    }
    return b.toString();
  }

  static List<String> javaBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }
}
