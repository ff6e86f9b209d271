package io.beamwise.monitor;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.parse.SensorReading;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;
import org.joda.time.ReadableInstant;

/**
 * Where the key, the value, the event time and the input position of a record are: by Beam
 * schema field names ({@link #byName}), resolved against the input's schema when the pipeline is
 * built, or by functions ({@link #byFunctions}). Each record becomes a {@link SensorReading} for
 * the window statistics and the detectors; the names stay with the results' writers, so outputs
 * keep the user's field names.
 *
 * @param <T> the record type
 */
public abstract class ReadingFields<T> implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Separates the values of several key fields in a reading's key. */
  public static final String KEY_SEPARATOR = "/";

  ReadingFields() {}

  /** Readings as they are ({@link SensorReading}'s own fields: sensor, ts, value). */
  public static ReadingFields<SensorReading> readings() {
    return new Identity();
  }

  /**
   * Fields of a schema'd type ({@code Row}, AutoValue, POJO, JavaBean): key fields (their values
   * joined with {@value #KEY_SEPARATOR}) and a numeric value field; the event time is the element
   * timestamp unless {@link ByName#withTimeField} names a field.
   */
  public static <T> ByName<T> byName(List<String> keyFields, String valueField) {
    checkArgument(keyFields != null && !keyFields.isEmpty(), "keyFields must name at least one field, got %s", keyFields);
    checkArgument(valueField != null && !valueField.isEmpty(), "valueField must name a field, got '%s'", valueField);
    return new ByName<>(List.copyOf(keyFields), valueField, null, null, null);
  }

  /** Any type: the key and value of a record by functions; event time = the element timestamp. */
  public static <T> ReadingFields<T> byFunctions(
      SerializableFunction<T, String> key, SerializableFunction<T, Double> value) {
    checkArgument(key != null, "key function must not be null");
    checkArgument(value != null, "value function must not be null");
    return new ByFunctions<>(key, value);
  }

  /** True for {@link #readings()}: the records are the readings. */
  boolean isIdentity() {
    return false;
  }

  /** Called once at expansion with the input's schema (null if it has none). */
  abstract Bound<T> bind(@Nullable Schema schema, @Nullable SerializableFunction<T, Row> toRow);

  /** The name the key has in outputs. */
  abstract String keyName();

  /** The name the event time has in outputs. */
  abstract String timeName();

  /** The name the value has in outputs. */
  abstract String valueName();

  /** Reads one record. */
  interface Bound<T> extends Serializable {
    /**
     * The reading of {@code record}, whose element timestamp is {@code elementTime}.
     *
     * @throws IllegalArgumentException with a message for the dead letter if a field is missing,
     *     null or not finite
     */
    SensorReading read(T record, Instant elementTime);

    /** The record as dead-letter payload text. */
    String payload(T record);

    /**
     * The record's input source for a dead letter, read even when {@link #read} fails: "" when
     * there is no source field or it cannot be read.
     */
    default String source(T record) {
      return "";
    }

    /** The record's input line for a dead letter, like {@link #source}: 0 when it cannot be read. */
    default long line(T record) {
      return 0;
    }
  }

  private static final class Identity extends ReadingFields<SensorReading> {
    private static final long serialVersionUID = 1L;

    @Override
    boolean isIdentity() {
      return true;
    }

    @Override
    Bound<SensorReading> bind(Schema schema, SerializableFunction<SensorReading, Row> toRow) {
      return new Bound<>() {
        @Override
        public SensorReading read(SensorReading r, Instant elementTime) {
          return r;
        }

        @Override
        public String payload(SensorReading r) {
          return r.toString();
        }
      };
    }

    @Override
    String keyName() {
      return "sensor";
    }

    @Override
    String timeName() {
      return "ts";
    }

    @Override
    String valueName() {
      return "value";
    }
  }

  private static final class ByFunctions<T> extends ReadingFields<T> {
    private static final long serialVersionUID = 1L;
    private final SerializableFunction<T, String> key;
    private final SerializableFunction<T, Double> value;

    ByFunctions(SerializableFunction<T, String> key, SerializableFunction<T, Double> value) {
      this.key = key;
      this.value = value;
    }

    @Override
    Bound<T> bind(Schema schema, SerializableFunction<T, Row> toRow) {
      return new Bound<>() {
        @Override
        public SensorReading read(T record, Instant elementTime) {
          return reading(key.apply(record), elementTime, value.apply(record), "", 0);
        }

        @Override
        public String payload(T record) {
          return String.valueOf(record);
        }
      };
    }

    @Override
    String keyName() {
      return "key";
    }

    @Override
    String timeName() {
      return "timestamp";
    }

    @Override
    String valueName() {
      return "value";
    }
  }

  /** Fields by name; see {@link #byName}. */
  public static final class ByName<T> extends ReadingFields<T> {
    private static final long serialVersionUID = 1L;
    private final List<String> keyFields;
    private final String valueField;
    private final @Nullable String timeField;
    private final @Nullable String sourceField;
    private final @Nullable String lineField;

    ByName(
        List<String> keyFields,
        String valueField,
        @Nullable String timeField,
        @Nullable String sourceField,
        @Nullable String lineField) {
      this.keyFields = keyFields;
      this.valueField = valueField;
      this.timeField = timeField;
      this.sourceField = sourceField;
      this.lineField = lineField;
    }

    /** The key is these fields, their values joined with {@value #KEY_SEPARATOR}. */
    public ByName<T> withKeyFields(List<String> fields) {
      checkArgument(fields != null && !fields.isEmpty(), "keyFields must name at least one field, got %s", fields);
      return new ByName<>(List.copyOf(fields), valueField, timeField, sourceField, lineField);
    }

    /** The event time is this {@code DATETIME} field instead of the element timestamp. */
    public ByName<T> withTimeField(String field) {
      checkArgument(field != null && !field.isEmpty(), "timeField must name a field, got '%s'", field);
      return new ByName<>(keyFields, valueField, field, sourceField, lineField);
    }

    /**
     * The input position is in these fields (a {@code STRING} and an {@code INT64}), e.g. filled by
     * {@code ParseJson.withPositionFields}: dead letters carry it, and readings of a key with the
     * same timestamp are scored in input order.
     */
    public ByName<T> withPositionFields(String source, String line) {
      checkArgument(source != null && !source.isEmpty(), "source field must name a field, got '%s'", source);
      checkArgument(line != null && !line.isEmpty(), "line field must name a field, got '%s'", line);
      return new ByName<>(keyFields, valueField, timeField, source, line);
    }

    @Override
    Bound<T> bind(@Nullable Schema schema, @Nullable SerializableFunction<T, Row> toRow) {
      checkArgument(
          schema != null && toRow != null,
          "fields by name (%s, %s) need an input with a Beam schema; give the type @DefaultSchema"
              + " or use ReadingFields.byFunctions",
          keyFields,
          valueField);
      for (String f : keyFields) {
        requireField(schema, f, "key");
      }
      requireField(schema, valueField, "value");
      if (timeField != null) {
        requireField(schema, timeField, "time");
        checkArgument(
            schema.getField(timeField).getType().getTypeName() == Schema.TypeName.DATETIME,
            "time field '%s' must be a DATETIME (Instant), got %s",
            timeField,
            schema.getField(timeField).getType());
      }
      if (sourceField != null) {
        requireField(schema, sourceField, "source");
        requireField(schema, lineField, "line");
      }
      List<String> keys = keyFields;
      String value = valueField;
      String time = timeField;
      String source = sourceField;
      String line = lineField;
      return new Bound<>() {
        @Override
        public SensorReading read(T record, Instant elementTime) {
          Row row = toRow.apply(record);
          StringBuilder key = new StringBuilder();
          for (String k : keys) {
            Object v = row.getValue(k);
            checkArgument(v != null, "key field '%s' is null", k);
            key.append(key.length() == 0 ? "" : KEY_SEPARATOR).append(v);
          }
          Object v = row.getValue(value);
          checkArgument(v instanceof Number, "value field '%s' is %s, not a number", value, v);
          Instant t = elementTime;
          if (time != null) {
            ReadableInstant at = row.getDateTime(time);
            checkArgument(at != null, "time field '%s' is null", time);
            t = at.toInstant();
          }
          return reading(key.toString(), t, ((Number) v).doubleValue(), sourceOf(row), lineOf(row));
        }

        @Override
        public String payload(T record) {
          return String.valueOf(toRow.apply(record));
        }

        @Override
        public String source(T record) {
          try {
            return sourceOf(toRow.apply(record));
          } catch (RuntimeException e) {
            return ""; // the dead letter still goes out, without its position
          }
        }

        @Override
        public long line(T record) {
          try {
            return lineOf(toRow.apply(record));
          } catch (RuntimeException e) {
            return 0;
          }
        }

        private String sourceOf(Row row) {
          // Object, not getValue's inferred type: String.valueOf would pick its char[] overload.
          Object s = source == null ? null : row.getValue(source);
          return s == null ? "" : s.toString();
        }

        private long lineOf(Row row) {
          Object n = line == null ? null : row.getValue(line);
          return n instanceof Number ? ((Number) n).longValue() : 0;
        }
      };
    }

    private static void requireField(Schema schema, String name, String role) {
      checkArgument(
          schema.hasField(name), "%s field '%s' is not in the input's schema %s", role, name, schema.getFieldNames());
    }

    @Override
    String keyName() {
      return String.join(KEY_SEPARATOR, keyFields);
    }

    @Override
    String timeName() {
      return timeField == null ? "timestamp" : timeField;
    }

    @Override
    String valueName() {
      return valueField;
    }
  }

  static SensorReading reading(String key, Instant time, Double value, String source, long line) {
    checkArgument(key != null, "the key is null");
    checkArgument(value != null, "the value is null");
    checkArgument(Double.isFinite(value), "the value %s is not finite", value);
    return SensorReading.create(key, time, value, source, line);
  }
}
