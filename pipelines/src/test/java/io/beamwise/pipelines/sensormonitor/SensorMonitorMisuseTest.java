package io.beamwise.pipelines.sensormonitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Misuse of {@code sensor-monitor} ends before any work with one message naming the option and the
 * fix; the outputs of a run are marked complete only when it succeeded.
 */
class SensorMonitorMisuseTest {

  @TempDir Path dir;

  private static Summary run(String... args) {
    return SensorMonitor.runAndSummarize(PipelineOptionsFactory.fromArgs(args).as(SensorMonitorOptions.class));
  }

  private String refused(String... args) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(args));
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e.getMessage();
  }

  private static String nabCsv(int rows) {
    StringBuilder csv = new StringBuilder("timestamp,value\n");
    for (int i = 0; i < rows; i++) {
      csv.append(String.format("2014-07-01 %02d:%02d:00,%d.5%n", i / 12, (i % 12) * 5, 20 + i % 3));
    }
    return csv.toString();
  }

  @Test
  void aDirectoryAsInputIsRefusedWithAGlobToUse() throws IOException {
    Path in = Files.createDirectories(dir.resolve("data"));
    Files.writeString(in.resolve("a.csv"), nabCsv(3));
    String m = refused("--input=" + in, "--output=" + dir.resolve("out"));
    assertTrue(m.startsWith("--input=" + in + " is a directory"), m);
    assertTrue(m.contains(in + "/*.csv"), m);
  }

  @Test
  void emptyInputIsRefused() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.csv"));
    String m = refused("--input=" + empty, "--output=" + dir.resolve("out"));
    assertEquals("--input=" + empty + " is empty (0 bytes)", m);
  }

  @Test
  void utf16AndCrOnlyInputAreRefusedWithTheConversion() throws IOException {
    Path utf16 = dir.resolve("utf16.csv");
    Files.write(utf16, ("\uFEFF" + nabCsv(5)).getBytes(StandardCharsets.UTF_16LE));
    String m = refused("--input=" + utf16, "--output=" + dir.resolve("out"));
    assertTrue(m.contains("is UTF-16 text") && m.contains("iconv"), m);

    Path noBom = dir.resolve("utf16-nobom.csv");
    Files.write(noBom, nabCsv(5).getBytes(StandardCharsets.UTF_16LE));
    m = refused("--input=" + noBom, "--output=" + dir.resolve("out"));
    assertTrue(m.contains("NUL bytes"), m);

    Path cr = dir.resolve("mac.csv");
    Files.writeString(cr, nabCsv(5).replace('\n', '\r'));
    m = refused("--input=" + cr, "--output=" + dir.resolve("out"));
    assertTrue(m.contains("CR-only line ends") && m.contains("tr '\\r' '\\n'"), m);
  }

  @Test
  void gzipInputIsReadWhateverItsName() throws IOException {
    Path gz = dir.resolve("boiler.csv"); // gzip content, plain name
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(nabCsv(40).getBytes(StandardCharsets.UTF_8));
    }
    Path named = dir.resolve("pump.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(named))) {
      out.write(nabCsv(30).getBytes(StandardCharsets.UTF_8));
    }
    Summary s = run("--input=" + dir.resolve("*.csv*"), "--output=" + dir.resolve("out"));
    assertTrue(s.reconciles(), s.mismatch());
    assertEquals(70, s.get("parsed"));
    assertEquals(0, s.get("dead_lettered"));
    assertTrue(Files.exists(dir.resolve("out/nab/boiler.csv")));
    assertTrue(Files.exists(dir.resolve("out/nab/pump.csv")), "sensor id without .csv.gz");
  }

  @Test
  void anUnwritableOutputIsRefusedBeforeTheRun() throws IOException {
    Path in = dir.resolve("a.csv");
    Files.writeString(in, nabCsv(3));
    Path file = Files.writeString(dir.resolve("taken"), "x");
    String m = refused("--input=" + in, "--output=" + file);
    assertTrue(m.startsWith("--output=" + file + " is a file"), m);
    m = refused("--input=" + in, "--output=" + file.resolve("below"));
    assertTrue(m.startsWith("--output=" + file.resolve("below") + " is not writable"), m);
  }

  @Test
  void anUnreachableBrokerIsRefusedWithTheFix() {
    String m = refused("--input=kafka://127.0.0.1:9/readings", "--kafkaOutput=kafka://127.0.0.1:9/out");
    assertEquals(
        "--input: no Kafka broker answers at 127.0.0.1:9 within 8 s; start one (scripts/kafka start)"
            + " or correct the address",
        m);
  }

  @Test
  void successMarksCompleteOutputsAndAMostlyBadInputWarnsWithTheReasons() throws IOException {
    Path in = dir.resolve("mixed.csv");
    StringBuilder bad = new StringBuilder(nabCsv(10));
    for (int i = 0; i < 30; i++) {
      bad.append(i % 3 == 0 ? "garbage\n" : "2014-07-02 00:00:00,NaN\n");
    }
    Files.writeString(in, bad.toString());
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve("summary.json"), "{\"stale\": true}");
    Files.writeString(out.resolve(SensorMonitor.SUCCESS), "");

    Summary s = run("--input=" + in, "--output=" + out);

    assertTrue(s.reconciles(), s.mismatch());
    assertEquals(30, s.get("dead_lettered"));
    assertEquals(
        Map.of("non_finite_value", 20L, "wrong_column_count", 10L), s.fields().get("dead_letter_reasons"));
    String warning = s.warning().orElseThrow();
    assertTrue(
        warning.startsWith("30 of 40 records (75%) were dead-lettered; top reasons: non_finite_value 67%,"
            + " wrong_column_count 33%"),
        warning);
    assertTrue(Files.exists(out.resolve(SensorMonitor.SUCCESS)));
    assertFalse(Files.readString(out.resolve("summary.json")).contains("stale"));

    // A healthy input has no warning.
    Files.writeString(in, nabCsv(20));
    assertNull(run("--input=" + in, "--output=" + out).fields().get("warning"));
  }

  @Test
  void textProblemsAreRecognisedFromTheFirstBytes() {
    assertNull(PreflightChecks.textProblem("a,b\r\nc,d\r\n".getBytes(StandardCharsets.UTF_8)));
    assertNull(PreflightChecks.textProblem("one line without an end".getBytes(StandardCharsets.UTF_8)));
    assertTrue(PreflightChecks.textProblem(new byte[] {(byte) 0xFE, (byte) 0xFF, 0, 'a'}).contains("UTF-16"));
    assertTrue(PreflightChecks.textProblem("a\rb\rc".getBytes(StandardCharsets.UTF_8)).contains("CR-only"));
  }
}
