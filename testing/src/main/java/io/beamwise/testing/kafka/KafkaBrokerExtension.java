package io.beamwise.testing.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests a real Kafka broker on {@value #BOOTSTRAP} as a {@link
 * LocalKafka} parameter. When a broker already answers there (started by {@code scripts/kafka
 * start} or by CI), it is used and left running; otherwise the extension runs {@code scripts/kafka
 * start} (found by walking up from the working directory) once per test JVM and {@code
 * scripts/kafka stop} after the last test of that JVM. Tests should create their own topics
 * ({@link LocalKafka#createTopic}) so runs never share data.
 *
 * <pre>{@code
 * @ExtendWith(KafkaBrokerExtension.class)
 * class MyKafkaTest {
 *   @Test
 *   void roundTrip(LocalKafka kafka) { String topic = kafka.createTopic("t", 1); ... }
 * }
 * }</pre>
 *
 * @throws IllegalStateException (from the test) when no broker answers and {@code scripts/kafka
 *     start} fails; its output is in the message
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, ParameterResolver {

  public static final String BOOTSTRAP = "127.0.0.1:9092";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KafkaBrokerExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    broker(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalKafka.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return broker(context).kafka;
  }

  private static Broker broker(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(Broker.class, k -> Broker.ensureRunning(), Broker.class);
  }

  /** The broker of this JVM; closed by JUnit after the last test (stops it if we started it). */
  static final class Broker implements ExtensionContext.Store.CloseableResource {
    final LocalKafka kafka = new LocalKafka(BOOTSTRAP);
    private final Path script;

    private Broker(Path script) {
      this.script = script;
    }

    static Broker ensureRunning() {
      if (LocalKafka.answers(BOOTSTRAP, Duration.ofSeconds(5))) {
        return new Broker(null);
      }
      Path script = findScript();
      run(script, "start");
      return new Broker(script);
    }

    @Override
    public void close() {
      if (script != null) {
        run(script, "stop");
      }
    }

    private static Path findScript() {
      for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
        Path candidate = dir.resolve("scripts/kafka");
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
      throw new IllegalStateException(
          "no Kafka broker on " + BOOTSTRAP + " and no scripts/kafka above "
              + Paths.get("").toAbsolutePath() + " to start one");
    }

    private static void run(Path script, String command) {
      try {
        Process p =
            new ProcessBuilder(script.toString(), command)
                .directory(script.getParent().getParent().toFile())
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
          throw new IllegalStateException(script + " " + command + " failed:\n" + output);
        }
        System.err.print(output);
      } catch (IOException e) {
        throw new IllegalStateException("cannot run " + script + " " + command, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted running " + script + " " + command, e);
      }
    }
  }
}
