package io.beamwise.benchmarks.endtoend;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.Serializable;
import java.util.Comparator;

/**
 * A reading as the plain Java and native Flink variants hold it (a Flink POJO: public fields and
 * a no-argument constructor), parsed with Jackson's streaming parser.
 */
public final class Reading implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final JsonFactory JSON = new JsonFactory();

  /** Event-time order within a sensor: timestamp, then line (as beamwise's EVENT_ORDER). */
  public static final Comparator<Reading> EVENT_ORDER =
      Comparator.comparingLong((Reading r) -> r.ts).thenComparingLong(r -> r.line);

  public String sensor;
  /** Event time, epoch milliseconds UTC. */
  public long ts;
  public double value;
  /** 1-based line in the input file. */
  public long line;

  public Reading() {}

  /**
   * Parses one line of the workload.
   *
   * @throws IllegalArgumentException naming the line when it is not a complete reading (the
   *     benchmark input has no bad lines; the variants fail rather than skip one)
   */
  public static Reading parse(String text, long line) {
    Reading r = new Reading();
    r.line = line;
    boolean hasTs = false;
    boolean hasValue = false;
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("line " + line + " is not a JSON object: " + text);
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.getCurrentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "sensor":
            r.sensor = p.getText();
            break;
          case "ts":
            r.ts = p.getLongValue();
            hasTs = t == JsonToken.VALUE_NUMBER_INT;
            break;
          case "value":
            r.value = p.getDoubleValue();
            hasValue = t.isNumeric();
            break;
          default:
            p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("line " + line + " is malformed JSON: " + text, e);
    }
    if (r.sensor == null || !hasTs || !hasValue) {
      throw new IllegalArgumentException("line " + line + " lacks sensor, ts or value: " + text);
    }
    return r;
  }

  /** Start of the {@link Workload#WINDOW_SECONDS} tumbling window holding {@code ts}. */
  public static long windowStart(long ts) {
    long size = Workload.WINDOW_SECONDS * 1000L;
    return Math.floorDiv(ts, size) * size;
  }
}
