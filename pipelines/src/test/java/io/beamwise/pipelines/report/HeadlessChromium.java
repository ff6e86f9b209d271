package io.beamwise.pipelines.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's Chromium, headless, driven through the Chrome DevTools Protocol over a WebSocket
 * (the JDK's own client; no driver): loads a page, records console messages, uncaught exceptions,
 * log entries and every request the page makes, evaluates JavaScript and takes screenshots.
 *
 * <p>Started as this machine's documentation prescribes for a closed network: {@code --headless
 * --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
 * --disable-component-update --disable-sync}, a fresh {@code --user-data-dir}, DevTools on a
 * loopback port chosen by Chromium.
 */
final class HeadlessChromium implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

  /** Something the page reported: console messages, exceptions, log entries. */
  record Message(String kind, String level, String text) {}

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<Message> messages = new CopyOnWriteArrayList<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

  /** The Chromium executable: {@code $CHROMIUM}, else {@code /usr/bin/chromium} if present. */
  static Optional<Path> executable() {
    String env = System.getenv("CHROMIUM");
    Path p = env != null && !env.isBlank() ? Path.of(env) : Path.of("/usr/bin/chromium");
    return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
  }

  HeadlessChromium(Path executable, int width, int height) throws Exception {
    profile = Files.createTempDirectory("beamwise-chromium-");
    process =
        new ProcessBuilder(
                executable.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "--remote-allow-origins=*",
                "--window-size=" + width + "," + height,
                "about:blank")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String browserUrl = devToolsUrl();
    URI browser = URI.create(browserUrl);
    HttpClient http = HttpClient.newHttpClient();
    JsonNode targets =
        JSON.readTree(
            http.send(
                    HttpRequest.newBuilder(URI.create("http://" + browser.getAuthority() + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    String page = null;
    for (JsonNode t : targets) {
      if ("page".equals(t.path("type").asText())) {
        page = t.path("webSocketDebuggerUrl").asText();
      }
    }
    if (page == null) {
      throw new IOException("Chromium shows no page target: " + targets);
    }
    socket = http.newWebSocketBuilder().buildAsync(URI.create(page), new Listener()).join();
    call("Runtime.enable", null);
    call("Log.enable", null);
    call("Page.enable", null);
    call("Network.enable", null);
    ObjectNode metrics = JSON.createObjectNode().put("width", width).put("height", height)
        .put("deviceScaleFactor", 1).put("mobile", false);
    call("Emulation.setDeviceMetricsOverride", metrics);
  }

  /** Reads Chromium's stderr until it says where DevTools listens (then keeps draining it). */
  private String devToolsUrl() throws IOException {
    BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String line;
    while (System.nanoTime() < deadline && (line = err.readLine()) != null) {
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        Thread drain = new Thread(() -> err.lines().forEach(l -> { }), "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        return m.group(1);
      }
    }
    throw new IOException("Chromium did not open its DevTools port");
  }

  /** Navigates to {@code url} (a new document: through {@code about:blank}) and waits for the load event. */
  void open(URI url, Duration timeout) throws Exception {
    for (String u : new String[] {"about:blank", url.toString()}) {
      loaded = new CompletableFuture<>();
      call("Page.navigate", JSON.createObjectNode().put("url", u));
      loaded.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** The value of a JavaScript expression (by value: JSON-serialisable results). */
  JsonNode eval(String expression) throws Exception {
    JsonNode r = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
        .put("returnByValue", true).put("awaitPromise", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException("JavaScript failed: " + r.get("exceptionDetails"));
    }
    return r.path("result").path("value");
  }

  /** Polls {@code condition} (a JavaScript expression) until it is true. */
  void await(String condition, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!eval("!!(" + condition + ")").asBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + timeout + " waiting for " + condition);
      }
      Thread.sleep(50);
    }
  }

  /** A PNG of the viewport. */
  void screenshot(Path file) throws Exception {
    JsonNode r = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"));
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, Base64.getDecoder().decode(r.path("data").asText()));
  }

  /** Console messages of level error, uncaught exceptions and error log entries so far. */
  List<Message> errors() {
    List<Message> out = new ArrayList<>();
    for (Message m : messages) {
      if (m.level().equals("error") || m.kind().equals("exception")) {
        out.add(m);
      }
    }
    return out;
  }

  List<Message> messages() {
    return messages;
  }

  /** URLs of every request the page made. */
  List<String> requests() {
    return requests;
  }

  private JsonNode call(String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    if (params != null) {
      message.set("params", params);
    }
    socket.sendText(JSON.writeValueAsString(message), true).join();
    JsonNode reply = answer.get(60, TimeUnit.SECONDS);
    if (reply.has("error")) {
      throw new IllegalStateException(method + " failed: " + reply.get("error"));
    }
    return reply.path("result");
  }

  private void event(JsonNode e) {
    JsonNode p = e.path("params");
    switch (e.path("method").asText()) {
      case "Page.loadEventFired" -> loaded.complete(null);
      case "Runtime.consoleAPICalled" -> {
        StringBuilder text = new StringBuilder();
        p.path("args").forEach(a -> text.append(a.has("value") ? a.get("value").asText() : a.path("description").asText()).append(' '));
        String type = p.path("type").asText();
        messages.add(new Message("console", type.equals("error") || type.equals("assert") ? "error" : type, text.toString().trim()));
      }
      case "Runtime.exceptionThrown" -> messages.add(new Message("exception", "error",
          p.path("exceptionDetails").path("exception").path("description").asText(p.path("exceptionDetails").path("text").asText())));
      case "Log.entryAdded" -> messages.add(new Message("log", p.path("entry").path("level").asText(), p.path("entry").path("text").asText()
          + " " + p.path("entry").path("url").asText()));
      case "Network.requestWillBeSent" -> requests.add(p.path("request").path("url").asText());
      default -> { }
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        try {
          JsonNode m = JSON.readTree(text);
          if (m.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
            if (f != null) {
              f.complete(m);
            }
          } else {
            event(m);
          }
        } catch (IOException e) {
          messages.add(new Message("devtools", "error", "unreadable DevTools message: " + e));
        }
      }
      ws.request(1);
      return null;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing anyway
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
