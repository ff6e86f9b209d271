package io.beamwise.parse;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.io.Serializable;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * What {@link ParseJson} and {@link ParseCsv} produce: {@link Row}s of a given schema, or a
 * user type (POJO, AutoValue, JavaBean) whose Beam schema is looked up in the pipeline's schema
 * registry and whose rows are converted with {@link Convert#fromRows}.
 */
final class RecordTarget<T> implements Serializable {

  private static final long serialVersionUID = 1L;

  private final Schema schema;
  private final Class<T> type;

  private RecordTarget(Schema schema, Class<T> type) {
    this.schema = schema;
    this.type = type;
  }

  static RecordTarget<Row> rows(Schema schema) {
    checkArgument(schema != null, "schema must not be null");
    return new RecordTarget<>(schema, null);
  }

  static <T> RecordTarget<T> type(Class<T> type) {
    checkArgument(type != null, "type must not be null");
    return new RecordTarget<>(null, type);
  }

  /** The schema to parse into. */
  Schema schema(Pipeline pipeline) {
    if (schema != null) {
      return schema;
    }
    try {
      return pipeline.getSchemaRegistry().getSchema(type);
    } catch (NoSuchSchemaException e) {
      throw new IllegalArgumentException(
          type.getName()
              + " has no Beam schema; annotate it with @DefaultSchema (e.g. AutoValueSchema.class,"
              + " JavaFieldSchema.class) or register one",
          e);
    }
  }

  /** The parsed rows as the target type. */
  @SuppressWarnings("unchecked")
  PCollection<T> convert(PCollection<Row> rows) {
    if (type == null) {
      return (PCollection<T>) rows;
    }
    return rows.apply("To " + type.getSimpleName(), Convert.fromRows(type));
  }

  String describe() {
    return type == null ? "Row" + schema.getFieldNames() : type.getName();
  }
}
