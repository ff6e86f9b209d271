package io.beamwise.pipelines.report;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Small helpers to write HTML text safely and numbers and times readably. */
final class Html {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private Html() {}

  /** {@code text} with {@code & < > " '} escaped, for element content and attribute values. */
  static String escape(Object text) {
    String s = String.valueOf(text);
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** {@code 12,345}. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A number for people: up to 4 decimals, no exponent for everyday magnitudes. */
  static String number(double d) {
    if (Double.isNaN(d)) {
      return "–";
    }
    DecimalFormat f = new DecimalFormat("#,##0.####", DecimalFormatSymbols.getInstance(Locale.ROOT));
    return f.format(d);
  }

  /** An epoch-millisecond time as {@code 2014-07-01 00:30:00} (UTC). */
  static String time(long millis) {
    return TIME.format(Instant.ofEpochMilli(millis));
  }
}
