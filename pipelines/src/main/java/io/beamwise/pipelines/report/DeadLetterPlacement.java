package io.beamwise.pipelines.report;

import io.beamwise.failure.Failure;
import io.beamwise.parse.NabCsvParser;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a dead letter belongs on a sensor's chart: its sensor and event time, read from what the
 * record kept. In order:
 *
 * <ul>
 *   <li>a JSON payload ({@code {"sensor": ..., "ts": ..., "value": ...}}, also when truncated):
 *       the fields that are still readable, {@code ts} as ISO-8601 (in {@code zone} without an
 *       offset) or epoch milliseconds, as the JSON Lines parser reads it;
 *   <li>a reading that was late for scoring ({@code SensorReading{sensor=..., timestamp=...,
 *       value=...}});
 *   <li>a line of a NAB CSV file: the sensor is the file's name, the time the first column.
 * </ul>
 *
 * <p>A dead letter whose time cannot be read (a bad timestamp, a cut line) gets the time of the
 * nearest scored line of the same source ({@link NeighbourTimes}); one whose sensor cannot be read
 * is listed in the report's table only.
 */
final class DeadLetterPlacement {

  /** Unknown time. */
  static final long NO_TIME = Long.MIN_VALUE;

  /** A dead letter with its sensor ({@code null}: unknown), time and value (NaN: unknown). */
  record Placed(DeadLetterRow row, String sensor, long time, double value) {
    boolean late() {
      return Failure.Reasons.LATE_FOR_SCORING.equals(row.reason())
          || Failure.Reasons.LATE_FOR_WINDOW.equals(row.reason());
    }
  }

  private static final Pattern JSON_SENSOR = Pattern.compile("\"sensor\"\\s*:\\s*\"([^\"\\\\]*)\"");
  private static final Pattern JSON_TS =
      Pattern.compile("\"ts\"\\s*:\\s*(?:\"([^\"\\\\]*)\"|(-?\\d+(?:\\.\\d+)?)[,}\\s])");
  private static final Pattern JSON_VALUE =
      Pattern.compile("\"value\"\\s*:\\s*(-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)");
  private static final Pattern READING =
      Pattern.compile("sensor=([^,}]*), timestamp=([^,}]*), value=([^,}]*)");
  private static final DateTimeFormatter NAB = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

  private final ZoneId zone;

  DeadLetterPlacement(ZoneId zone) {
    this.zone = zone;
  }

  Placed place(DeadLetterRow d) {
    String payload = d.payload() == null ? "" : d.payload();
    Matcher reading = READING.matcher(payload);
    if (reading.find()) {
      return new Placed(d, reading.group(1), time(reading.group(2)), number(reading.group(3)));
    }
    Matcher sensor = JSON_SENSOR.matcher(payload);
    if (sensor.find()) {
      Matcher ts = JSON_TS.matcher(payload);
      long time = NO_TIME;
      if (ts.find()) {
        time = ts.group(1) != null ? time(ts.group(1)) : (long) number(ts.group(2));
      }
      Matcher value = JSON_VALUE.matcher(payload);
      return new Placed(d, sensor.group(1), time, value.find() ? number(value.group(1)) : Double.NaN);
    }
    if (d.source() != null && d.source().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
      String[] columns = payload.split(",", -1);
      long time = columns.length > 0 ? time(columns[0].trim()) : NO_TIME;
      double value = columns.length > 1 ? number(columns[1].trim()) : Double.NaN;
      return new Placed(d, NabCsvParser.sensorId(d.source()), time, value);
    }
    return new Placed(d, null, NO_TIME, Double.NaN);
  }

  /** ISO-8601 with an offset, or a local ISO or NAB date-time in {@code zone}; else {@link #NO_TIME}. */
  private long time(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      // not with an offset
    }
    for (DateTimeFormatter f : new DateTimeFormatter[] {DateTimeFormatter.ISO_LOCAL_DATE_TIME, NAB}) {
      try {
        return LocalDateTime.parse(text, f).atZone(zone).toInstant().toEpochMilli();
      } catch (DateTimeParseException e) {
        // try the next form
      }
    }
    return NO_TIME;
  }

  private static double number(String text) {
    try {
      double d = Double.parseDouble(text);
      return Double.isFinite(d) ? d : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
