package io.beamwise.pipelines.report;

/** One row of {@code dead-letter.jsonl} (or {@code .parquet}); {@code payload} may be cut. */
record DeadLetterRow(
    String stage, String reason, String message, String source, long line, String payload) {}
