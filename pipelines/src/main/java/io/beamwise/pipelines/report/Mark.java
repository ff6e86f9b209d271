package io.beamwise.pipelines.report;

/**
 * A late reading or a dead letter drawn on a sensor's chart: time (epoch milliseconds), value
 * (NaN when unknown), what it is ({@code late} or the dead letter's reason) and how many records
 * it stands for (more than 1 once a chart has more of them than buckets).
 */
record Mark(long time, double value, String kind, long count) {}
