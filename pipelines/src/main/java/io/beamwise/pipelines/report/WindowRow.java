package io.beamwise.pipelines.report;

/**
 * One pane of {@code window-stats.jsonl} (or {@code .parquet}): times in epoch milliseconds, {@code
 * std} NaN for a window of one value.
 */
record WindowRow(
    String sensor, long start, long end, long count, double mean, double std, long paneIndex) {}
