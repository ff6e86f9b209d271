package io.beamwise.benchmarks.endtoend;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a variant's CPU time goes, from a JFR recording ({@code -XX:StartFlightRecording}):
 * the share of {@code jdk.ExecutionSample} events per top frame (self time), per area
 * (inclusive: a sample counts for an area when any frame of its stack is in it; areas overlap),
 * per owner (each sample charged to the first frame on its stack outside the JDK, so a JDK method
 * counts for the library that called it) and per thread (a Flink task is a thread).
 *
 * <p>Usage: {@code ProfileSummary RECORDING.jfr [TOP_FRAMES]}.
 */
public final class ProfileSummary {

  /** Inclusive areas: name → prefixes of "class.method" frames. */
  private static final Map<String, String[]> AREAS = new LinkedHashMap<>();

  static {
    AREAS.put("read lines (ReadLinesWithPosition)", new String[] {"io.beamwise.io.files.ReadLinesWithPosition"});
    AREAS.put("parse JSON (beamwise parsers)", new String[] {"io.beamwise.parse.JsonRecordParser", "io.beamwise.parse.JsonReadingParser"});
    AREAS.put("score (ScoreAnomalies' DoFns, ScoreStep)", new String[] {"io.beamwise.anomaly.EventTimeOrderedScoringFn", "io.beamwise.anomaly.TimeSortedScoringFn", "io.beamwise.anomaly.ScoreStep"});
    AREAS.put("Kryo (generic types, e.g. the Instant sort key)", new String[] {"com.esotericsoftware.kryo.", "org.apache.flink.api.java.typeutils.runtime.kryo."});
    AREAS.put("detector (RollingZScore)", new String[] {"io.beamwise.anomaly.detectors.RollingZScore"});
    AREAS.put("window stats combine (StatsFn, Stats)", new String[] {"io.beamwise.stats.", "io.beamwise.windows."});
    AREAS.put("Beam coders: encode", new String[] {"org.apache.beam.sdk.coders.", "org.apache.beam.sdk.schemas.SchemaCoder.encode", "org.apache.beam.sdk.coders.RowCoderGenerator"});
    AREAS.put("Beam schemas: Row conversion (SchemaCoder, getters)", new String[] {"org.apache.beam.sdk.schemas.", "org.apache.beam.sdk.values.Row"});
    AREAS.put("Beam CoderTypeSerializer (Flink <-> Beam coders)", new String[] {"org.apache.beam.runners.flink.translation.types."});
    // Counter updates only: the FlinkRunner's DoFnRunnerWithMetricsUpdate wraps every DoFn call.
    AREAS.put("Beam metrics (counter updates)", new String[] {"org.apache.beam.sdk.metrics.DelegatingCounter", "org.apache.beam.runners.core.metrics.MetricsContainerImpl", "org.apache.beam.runners.flink.metrics.FlinkMetricContainer"});
    AREAS.put("Beam DoFn invocation (runners-core)", new String[] {"org.apache.beam.runners.core.SimpleDoFnRunner", "org.apache.beam.sdk.transforms.reflect."});
    AREAS.put("Beam in-memory state/timers (batch)", new String[] {"org.apache.beam.runners.core.InMemoryStateInternals", "org.apache.beam.runners.core.InMemoryTimerInternals"});
    AREAS.put("Flink batch sort / spill", new String[] {"org.apache.flink.runtime.operators.sort.", "org.apache.flink.runtime.io.disk."});
    AREAS.put("Flink network / serialization", new String[] {"org.apache.flink.runtime.io.network.", "org.apache.flink.runtime.plugable.", "org.apache.flink.api.java.typeutils.runtime.", "org.apache.flink.api.common.typeutils."});
    AREAS.put("Flink windows / timers / state (streaming)", new String[] {"org.apache.flink.streaming.runtime.operators.windowing.", "org.apache.flink.streaming.api.operators.InternalTimer", "org.apache.flink.runtime.state."});
    AREAS.put("Jackson", new String[] {"com.fasterxml.jackson."});
    AREAS.put("joda / java.time", new String[] {"org.joda.time.", "java.time."});
  }

  /** Owners, first match wins: name → prefix of the class name. */
  private static final Map<String, String> OWNERS = new LinkedHashMap<>();

  static {
    OWNERS.put("beamwise", "io.beamwise.");
    OWNERS.put("Jackson", "com.fasterxml.jackson.");
    OWNERS.put("Beam runners (with beamwise's patched runner classes)", "org.apache.beam.runners.");
    OWNERS.put("Beam SDK", "org.apache.beam.sdk.");
    OWNERS.put("Beam's vendored libraries (Guava, ...)", "org.apache.beam.vendor.");
    OWNERS.put("Flink", "org.apache.flink.");
    OWNERS.put("Joda-Time", "org.joda.");
  }

  private static final int THREAD_NAME_CHARS = 110;

  private ProfileSummary() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: ProfileSummary RECORDING.jfr [TOP_FRAMES]");
      System.exit(2);
    }
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    Map<String, Long> self = new HashMap<>();
    Map<String, Long> owners = new HashMap<>();
    Map<String, Long> threads = new HashMap<>();
    Map<String, Long> inclusive = new LinkedHashMap<>();
    AREAS.keySet().forEach(a -> inclusive.put(a, 0L));
    long samples = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(Paths.get(args[0]))) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      RecordedStackTrace stack = e.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      samples++;
      List<RecordedFrame> frames = stack.getFrames();
      self.merge(name(frames.get(0)), 1L, Long::sum);
      owners.merge(owner(frames), 1L, Long::sum);
      threads.merge(thread(e), 1L, Long::sum);
      Set<String> hit = new HashSet<>();
      for (RecordedFrame f : frames) {
        String n = name(f);
        for (Map.Entry<String, String[]> area : AREAS.entrySet()) {
          for (String prefix : area.getValue()) {
            if (n.startsWith(prefix)) {
              hit.add(area.getKey());
            }
          }
        }
      }
      hit.forEach(a -> inclusive.merge(a, 1L, Long::sum));
    }
    System.out.printf("%d execution samples in %s%n%nself time, top %d frames:%n", samples, args[0], top);
    print(self, samples, top);
    System.out.printf("%ninclusive, by area (a sample may count in several):%n");
    print(inclusive, samples, Integer.MAX_VALUE);
    System.out.printf("%nby owner (the first frame outside the JDK):%n");
    print(owners, samples, Integer.MAX_VALUE);
    System.out.printf("%nby thread, top %d:%n", top);
    print(threads, samples, top);
  }

  private static void print(Map<String, Long> counts, long total, int limit) {
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(limit)
        .forEach(e -> System.out.printf("%6.1f%%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
  }

  private static String owner(List<RecordedFrame> frames) {
    String type =
        frames.stream()
            .map(f -> f.getMethod().getType().getName())
            .filter(t -> !isJdk(t))
            .findFirst()
            .orElse(null);
    if (type == null) {
      return "JDK only";
    }
    for (Map.Entry<String, String> o : OWNERS.entrySet()) {
      if (type.startsWith(o.getValue())) {
        return o.getKey();
      }
    }
    return "other";
  }

  private static boolean isJdk(String type) {
    return type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.");
  }

  private static String thread(RecordedEvent e) {
    RecordedThread thread = e.getThread("sampledThread");
    String name = thread == null ? null : thread.getJavaName();
    if (name == null) {
      return "?";
    }
    // Flink names a task's thread after its whole chain and ends it with the subtask, "(1/2)#0".
    return name.length() <= THREAD_NAME_CHARS
        ? name
        : name.substring(0, THREAD_NAME_CHARS - 30) + " ... " + name.substring(name.length() - 25);
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }
}
