package io.beamwise.pipelines.report;

/**
 * One row of {@code scores.jsonl} (or {@code scores.parquet}) as the report needs it.
 *
 * @param time event time, epoch milliseconds (UTC)
 * @param value the reading; NaN when it was not finite
 * @param score anomaly score in [0, 1]
 * @param threshold the threshold the score was compared with
 * @param alert {@code is_anomaly}
 * @param late scored after its sensor's frontier (only with the score-without-learning policy)
 * @param source input file (or {@code generator}, {@code kafka:...})
 * @param line 1-based line (or row, record) number in {@code source}
 */
record ScoreRow(
    String sensor,
    long time,
    double value,
    double score,
    double threshold,
    boolean alert,
    boolean late,
    String label,
    String source,
    long line) {}
