package io.beamwise.pipelines.sensormonitor;

import io.beamwise.parse.EventTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** {@code --timeFormat}: how the event-time field of JSON Lines input is written. */
final class TimeFormats {

  private TimeFormats() {}

  /**
   * {@code iso-or-epoch-millis}, {@code iso}, {@code epoch-seconds}, {@code epoch-millis}, {@code
   * epoch-micros}, {@code epoch-nanos}, or a {@link java.time.format.DateTimeFormatter} pattern;
   * zone-less times are read in {@code zone}.
   *
   * @throws IllegalArgumentException naming {@code --timeFormat} or {@code --timeField}
   */
  static EventTime eventTime(String field, String format, ZoneId zone) {
    if (field == null || field.isBlank()) {
      throw new IllegalArgumentException("--timeField must name a field, e.g. --timeField=ts");
    }
    String f = format == null ? "" : format.trim();
    EventTime t;
    switch (f.toLowerCase(Locale.ROOT)) {
      case "iso-or-epoch-millis" -> t = EventTime.isoOrEpoch(field, TimeUnit.MILLISECONDS);
      case "iso" -> t = EventTime.iso(field);
      case "epoch-seconds" -> t = EventTime.epoch(field, TimeUnit.SECONDS);
      case "epoch-millis" -> t = EventTime.epoch(field, TimeUnit.MILLISECONDS);
      case "epoch-micros" -> t = EventTime.epoch(field, TimeUnit.MICROSECONDS);
      case "epoch-nanos" -> t = EventTime.epoch(field, TimeUnit.NANOSECONDS);
      case "" -> throw new IllegalArgumentException(
          "--timeFormat must not be empty; use iso-or-epoch-millis, iso, epoch-seconds, epoch-millis,"
              + " epoch-micros, epoch-nanos or a pattern such as 'uuuu-MM-dd HH:mm:ss'");
      default -> {
        try {
          t = EventTime.pattern(field, f);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "--timeFormat=" + f + " is neither iso-or-epoch-millis, iso, epoch-seconds,"
                  + " epoch-millis, epoch-micros, epoch-nanos nor a valid java.time pattern: "
                  + e.getMessage(),
              e);
        }
      }
    }
    return t.withZone(zone);
  }
}
