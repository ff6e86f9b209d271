package io.beamwise.parse;

import java.util.Random;

/** Seeded random and mutated strings for the "parsers never throw" tests. */
final class RandomText {

  private static final String ALPHABET =
      "0123456789-:., \t\"'{}[]eE+-.TZnulltruefalseNaNInfinity\\/\r\n\uFEFF\uFFFD\u00e9\u4e2d\u0000";

  private static final String[] TOKENS = {
    "\"", ",", "{", "}", "[", "]", ":", "\"sensor\"", "\"ts\"", "\"value\"", "null", "true", "NaN",
    "1e400", "-", "9999999999999999999999", "2014-03-09T02:30:00", "+02:00", "Z", "\\u0000", "\\",
    "\uD800", "\uDC00", "\uD83D\uDE00", "timestamp,value", "0x10", " ", "\r\n", "1.5e12", "/*x*/"
  };

  private RandomText() {}

  /** A random string of up to 80 characters drawn mostly from CSV/JSON-significant characters. */
  static String random(Random random) {
    int length = random.nextInt(80);
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      int pick = random.nextInt(10);
      if (pick < 7) {
        b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      } else if (pick < 9) {
        b.append(TOKENS[random.nextInt(TOKENS.length)]);
      } else {
        b.append((char) random.nextInt(0x10000)); // any UTF-16 unit, lone surrogates included
      }
    }
    return b.toString();
  }

  /** {@code seed} with 1 to 4 random insertions, deletions, replacements or truncations. */
  static String mutate(Random random, String seed) {
    StringBuilder b = new StringBuilder(seed);
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits; e++) {
      int at = b.length() == 0 ? 0 : random.nextInt(b.length() + 1);
      switch (random.nextInt(5)) {
        case 0: // insert a character
          b.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
          break;
        case 1: // insert a token
          b.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
          break;
        case 2: // delete a character
          if (at < b.length()) {
            b.deleteCharAt(at);
          }
          break;
        case 3: // replace a character
          if (at < b.length()) {
            b.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
          }
          break;
        default: // truncate
          b.setLength(at);
      }
    }
    return b.toString();
  }

  /** Java-escaped form for assertion messages. */
  static String escape(String text) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        b.append(c);
      } else {
        b.append(String.format("\\u%04x", (int) c));
      }
    }
    return b.append('"').toString();
  }
}
