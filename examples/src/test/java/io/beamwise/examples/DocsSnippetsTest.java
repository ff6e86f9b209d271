package io.beamwise.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of {@code README.md} and {@code docs/*.md} compiles against the
 * library and the examples (the README's {@code Reading} is {@link MonitorYourRecords.Reading}):
 * each is the body of a method whose parameters are the variables the snippet uses without
 * declaring them, listed in an HTML comment on the line before the block, {@code <!--
 * java-snippet-context: Pipeline p; PCollection<AnomalyResult> scores -->} (empty when it needs
 * none), with the imports below.
 */
class DocsSnippetsTest {

  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  private static final Pattern BLOCK =
      Pattern.compile("(?:<!-- java-snippet-context:([^\\n]*?)-->\\n)?```java\\n(.*?)```", Pattern.DOTALL);

  private static final String IMPORTS =
      String.join(
          "\n",
          "import io.beamwise.anomaly.*;",
          "import io.beamwise.anomaly.detectors.*;",
          "import io.beamwise.examples.MonitorYourRecords;",
          "import io.beamwise.examples.MonitorYourRecords.Reading;",
          "import io.beamwise.failure.*;",
          "import io.beamwise.io.datasets.*;",
          "import io.beamwise.io.files.*;",
          "import io.beamwise.io.kafka.*;",
          "import io.beamwise.io.parquet.*;",
          "import io.beamwise.monitor.*;",
          "import io.beamwise.parse.*;",
          "import io.beamwise.stats.*;",
          "import io.beamwise.windows.*;",
          "import java.nio.file.Path;",
          "import java.time.ZoneId;",
          "import java.time.ZoneOffset;",
          "import java.util.List;",
          "import java.util.concurrent.TimeUnit;",
          "import org.apache.beam.sdk.Pipeline;",
          "import org.apache.beam.sdk.schemas.Schema;",
          "import org.apache.beam.sdk.schemas.transforms.Convert;",
          "import org.apache.beam.sdk.transforms.Count;",
          "import org.apache.beam.sdk.values.KV;",
          "import org.apache.beam.sdk.values.PCollection;",
          "import org.apache.beam.sdk.values.Row;",
          "import org.apache.parquet.hadoop.metadata.CompressionCodecName;",
          "import org.joda.time.Duration;",
          "");

  @TempDir Path classes;

  @Test
  void everyJavaBlockOfTheReadmeAndTheDocsCompiles() throws IOException {
    List<JavaFileObject> sources = new ArrayList<>();
    List<String> missingContext = new ArrayList<>();
    int readmeBlocks = 0;
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
      pages.addAll(docs.filter(d -> d.toString().endsWith(".md")).sorted().toList());
      for (Path doc : pages) {
        Matcher m = BLOCK.matcher(Files.readString(doc, StandardCharsets.UTF_8));
        int n = 0;
        while (m.find()) {
          n++;
          String name = doc.getFileName().toString().replaceAll("\\W", "_") + "_" + n;
          if (m.group(1) == null) {
            missingContext.add(name);
            continue;
          }
          String parameters = String.join(", ", Stream.of(m.group(1).split(";"))
              .map(String::strip).filter(s -> !s.isEmpty()).toList());
          readmeBlocks += doc.getFileName().toString().equals("README.md") ? 1 : 0;
          sources.add(source(name, IMPORTS + "class " + name + " {\n  @SuppressWarnings(\"unused\")\n"
              + "  static void snippet(" + parameters + ") throws Exception {\n" + m.group(2) + "\n  }\n}\n"));
        }
      }
    }
    assertTrue(missingContext.isEmpty(), "java blocks without a java-snippet-context comment: " + missingContext);
    assertTrue(readmeBlocks >= 5, "found only " + readmeBlocks + " java blocks in README.md");
    assertTrue(sources.size() >= readmeBlocks + 4, "found only " + (sources.size() - readmeBlocks) + " java blocks in docs/");

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter errors = new StringWriter();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      boolean ok =
          javac
              .getTask(errors, files, null,
                  List.of("-proc:none", "-classpath", System.getProperty("java.class.path"), "-d", classes.toString()),
                  null, sources)
              .call();
      assertTrue(ok, "java blocks of README.md or docs/ do not compile:\n" + errors);
    }
  }

  private static JavaFileObject source(String className, String code) {
    return new SimpleJavaFileObject(URI.create("string:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return code;
      }
    };
  }
}
