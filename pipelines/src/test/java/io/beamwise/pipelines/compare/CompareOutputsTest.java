package io.beamwise.pipelines.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link NormalizedOutputs} treats as the same output and what {@link CompareOutputs} reports. */
class CompareOutputsTest {

  private static final String SCORE_1 =
      "{\"sensor\":\"s\",\"timestamp\":\"2024-01-01T00:00:00.000Z\",\"anomaly_score\":0.25,\"line\":1}";
  private static final String SCORE_2 =
      "{\"sensor\":\"s\",\"timestamp\":\"2024-01-01T00:05:00.000Z\",\"anomaly_score\":0.5,\"line\":2}";
  private static final String STATS =
      "{\"sensor\":\"s\",\"count\":12,\"sum\":136.33399999999997,\"mean\":11.361166666666666,\"timing\":\"ON_TIME\"}";
  private static final String DEAD =
      "{\"stage\":\"parse\",\"reason\":\"bad_value\",\"line\":7,\"processing_time\":\"2026-11-21T13:00:00Z\"}";

  @TempDir Path tmp;

  private Path dir(String name, String summary, String... files) throws IOException {
    Path d = Files.createDirectories(tmp.resolve(name));
    Files.writeString(d.resolve("summary.json"), summary, StandardCharsets.UTF_8);
    for (int i = 0; i < files.length; i += 2) {
      Files.writeString(d.resolve(files[i]), files[i + 1], StandardCharsets.UTF_8);
    }
    return d;
  }

  private static final String SUMMARY_DIRECT =
      "{\"parsed\":2,\"runner\":\"DirectRunner\",\"output\":\"/a\",\"pipeline_seconds\":1.5}";
  private static final String SUMMARY_FLINK =
      "{\"pipeline_seconds\":9.0,\"output\":\"/b\",\"runner\":\"FlinkRunner\",\"parsed\":2}";

  @Test
  void orderShardingFieldOrderProcessingTimeAndRunnerAreNormalisedAway() throws IOException {
    Path direct =
        dir("direct", SUMMARY_DIRECT,
            "scores.jsonl", SCORE_1 + "\n" + SCORE_2 + "\n",
            "window-stats.jsonl", STATS + "\n",
            "dead-letter.jsonl", DEAD + "\n");
    Path flink =
        dir("flink", SUMMARY_FLINK,
            "scores-00000-of-00002.jsonl", SCORE_2 + "\n",
            "scores-00001-of-00002.jsonl", SCORE_1 + "\n",
            // last-bit differences of a sum merged in another order
            "window-stats.jsonl",
            "{\"timing\":\"ON_TIME\",\"mean\":11.361166666666668,\"sum\":136.334,\"count\":12,\"sensor\":\"s\"}\n",
            "dead-letter.jsonl", DEAD.replace("13:00:00", "13:07:42") + "\n");
    assertEquals(List.of(), CompareOutputs.differences(direct, flink));
  }

  @Test
  void aDifferentScoreIsReportedWithItsLines() throws IOException {
    Path direct = dir("direct", SUMMARY_DIRECT, "scores.jsonl", SCORE_1 + "\n" + SCORE_2 + "\n");
    Path flink =
        dir("flink", SUMMARY_DIRECT, "scores.jsonl", SCORE_1 + "\n" + SCORE_2.replace("0.5", "0.5000000000000001") + "\n");
    List<String> diffs = CompareOutputs.differences(direct, flink);
    assertEquals(1, diffs.size(), diffs.toString());
    assertTrue(diffs.get(0).startsWith("scores.jsonl: 2 vs 2 lines; 1 only expected, 1 only actual"), diffs.get(0));
    assertTrue(diffs.get(0).contains("+ {\"anomaly_score\":0.5000000000000001"), diffs.get(0));
  }

  @Test
  void windowStatsDifferingBeyondTheToleranceOrInCountAreReported() throws IOException {
    Path direct = dir("direct", SUMMARY_DIRECT, "window-stats.jsonl", STATS + "\n");
    Path mean = dir("mean", SUMMARY_DIRECT, "window-stats.jsonl", STATS.replace("11.361166666666666", "11.36118") + "\n");
    Path count = dir("count", SUMMARY_DIRECT, "window-stats.jsonl", STATS.replace("12", "13") + "\n");
    assertEquals(1, CompareOutputs.differences(direct, mean).size());
    assertEquals(1, CompareOutputs.differences(direct, count).size());
  }

  @Test
  void missingFilesDuplicatesAndCountsAreReported() throws IOException {
    Path direct = dir("direct", SUMMARY_DIRECT, "scores.jsonl", SCORE_1 + "\n", "alerts.jsonl", "");
    Path flink =
        dir("flink", SUMMARY_DIRECT.replace("\"parsed\":2", "\"parsed\":3"), "scores.jsonl", SCORE_1 + "\n" + SCORE_1 + "\n");
    List<String> diffs = CompareOutputs.differences(direct, flink);
    assertEquals(3, diffs.size(), diffs.toString());
    assertTrue(diffs.get(0).startsWith("alerts.jsonl: missing"), diffs.get(0));
    assertTrue(diffs.get(1).startsWith("scores.jsonl: 1 vs 2 lines; 0 only expected, 1 only actual"), diffs.get(1));
    assertTrue(diffs.get(2).startsWith("summary.json:"), diffs.get(2));
  }

  @Test
  void nabResultsKeepTheirLineOrder() throws IOException {
    Path direct = dir("direct", SUMMARY_DIRECT);
    Path flink = dir("flink", SUMMARY_DIRECT);
    Files.createDirectories(direct.resolve("nab"));
    Files.createDirectories(flink.resolve("nab"));
    Files.writeString(direct.resolve("nab/x.csv"), "timestamp,value,anomaly_score\na,1,0\nb,2,0\n");
    Files.writeString(flink.resolve("nab/x.csv"), "timestamp,value,anomaly_score\nb,2,0\na,1,0\n");
    List<String> diffs = CompareOutputs.differences(direct, flink);
    assertEquals(1, diffs.size(), diffs.toString());
    assertTrue(diffs.get(0).contains("same lines, different order"), diffs.get(0));
  }

  @Test
  void anEmptyOrMissingDirectoryIsAnError() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NormalizedOutputs.read(empty));
    assertTrue(e.getMessage().contains(empty.toString()), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> NormalizedOutputs.read(tmp.resolve("absent")));
  }
}
