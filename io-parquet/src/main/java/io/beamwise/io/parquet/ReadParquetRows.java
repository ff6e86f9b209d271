package io.beamwise.io.parquet;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * Reads Parquet files matching a file pattern (local paths, globs, or any Beam filesystem with
 * random access) into Beam {@link Row}s whose schema is taken from the files: the Avro schema that
 * parquet-avro writers store in the footer, else the Parquet schema converted by parquet-avro, then
 * mapped to a Beam schema by Beam's {@code AvroUtils} (see {@link ParquetSchemas}). The schema is
 * read from the first matching file (in name order) when the pipeline is built; every other file
 * must have the same fields, or the pipeline fails naming the file.
 *
 * <p>{@link #withSourcePosition()} appends two fields, {@code source} (the file's full path) and
 * {@code line} (the 1-based row number in that file), so that rows keep their position like
 * {@code io.beamwise.io.files.ReadLinesWithPosition}'s lines do; {@link
 * #withSourcePosition(String, String)} names them otherwise (files written from beamwise's own
 * scores or dead letters already have {@code source} and {@code line} columns).
 *
 * <p>Each file is read whole by one worker, in row order. A pattern that matches no file fails
 * when the pipeline is built; a row that cannot be decoded fails the pipeline with the file and
 * row number (never skipped). Metric {@code beamwise.io/rows_read} counts the rows emitted.
 */
public final class ReadParquetRows extends PTransform<PBegin, PCollection<Row>> {

  public static final String METRICS_NAMESPACE = "beamwise.io";
  public static final String ROWS_READ = "rows_read";
  /** Name of the field added by {@link #withSourcePosition()} for the file. */
  public static final String SOURCE_FIELD = "source";
  /** Name of the field added by {@link #withSourcePosition()} for the 1-based row number. */
  public static final String LINE_FIELD = "line";

  private final String filepattern;
  private final boolean withPosition;
  private final String sourceField;
  private final String lineField;

  private ReadParquetRows(
      String filepattern, boolean withPosition, String sourceField, String lineField) {
    this.filepattern = filepattern;
    this.withPosition = withPosition;
    this.sourceField = sourceField;
    this.lineField = lineField;
  }

  /** Reads every Parquet file matching {@code filepattern}. */
  public static ReadParquetRows from(String filepattern) {
    checkArgument(
        filepattern != null && !filepattern.isBlank(),
        "filepattern=%s must be a path or glob",
        filepattern);
    return new ReadParquetRows(filepattern, false, SOURCE_FIELD, LINE_FIELD);
  }

  /** Appends {@code source} (STRING) and {@code line} (INT64, 1-based row) to every row. */
  public ReadParquetRows withSourcePosition() {
    return withSourcePosition(SOURCE_FIELD, LINE_FIELD);
  }

  /**
   * Appends the file as STRING field {@code sourceField} and the 1-based row as INT64 field {@code
   * lineField}.
   *
   * @throws IllegalArgumentException if a name is blank or both are the same
   */
  public ReadParquetRows withSourcePosition(String sourceField, String lineField) {
    checkArgument(
        sourceField != null && !sourceField.isBlank() && lineField != null && !lineField.isBlank()
            && !sourceField.equals(lineField),
        "sourceField=%s and lineField=%s must be two different non-blank names",
        sourceField,
        lineField);
    return new ReadParquetRows(filepattern, true, sourceField, lineField);
  }

  /**
   * The schema of the rows this transform emits, read from the first matching file now.
   *
   * @throws IllegalArgumentException if no file matches, the footer cannot be read, or (with
   *     {@link #withSourcePosition()}) the file already has a {@code source} or {@code line} field
   */
  public Schema outputSchema() {
    return outputSchema(ParquetSchemas.beamSchemaOfFirst(filepattern));
  }

  private Schema outputSchema(Schema fileSchema) {
    if (!withPosition) {
      return fileSchema;
    }
    for (String name : List.of(sourceField, lineField)) {
      checkArgument(
          !fileSchema.hasField(name),
          "filepattern=%s: the files already have a field '%s', so withSourcePosition() cannot"
              + " add it; give the position fields other names",
          filepattern,
          name);
    }
    return Schema.builder()
        .addFields(fileSchema.getFields())
        .addStringField(sourceField)
        .addInt64Field(lineField)
        .build();
  }

  @Override
  public PCollection<Row> expand(PBegin input) {
    Schema fileSchema = ParquetSchemas.beamSchemaOfFirst(filepattern);
    Schema outputSchema = outputSchema(fileSchema);
    return input
        .apply(
            "Match " + filepattern,
            FileIO.match()
                .filepattern(filepattern)
                .withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW))
        .apply("Open", FileIO.readMatches())
        .apply("Read rows", ParDo.of(new ReadRowsFn(fileSchema, outputSchema, withPosition)))
        .setRowSchema(outputSchema);
  }

  private static final class ReadRowsFn extends DoFn<FileIO.ReadableFile, Row> {
    private final Counter rowsRead = Metrics.counter(METRICS_NAMESPACE, ROWS_READ);
    private final Schema fileSchema;
    private final Schema outputSchema;
    private final boolean withPosition;

    ReadRowsFn(Schema fileSchema, Schema outputSchema, boolean withPosition) {
      this.fileSchema = fileSchema;
      this.outputSchema = outputSchema;
      this.withPosition = withPosition;
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, OutputReceiver<Row> out)
        throws IOException {
      String source = file.getMetadata().resourceId().toString();
      try (ParquetReader<GenericRecord> reader =
          AvroParquetReader.<GenericRecord>builder(new ChannelInputFile(file.openSeekable()))
              // Plain generic data: timestamps stay epoch longs, as AvroUtils expects.
              .withDataModel(GenericData.get())
              .withConf(new Configuration(false))
              .build()) {
        long row = 0;
        boolean checked = false;
        GenericRecord record;
        while (true) {
          try {
            record = reader.read();
          } catch (RuntimeException e) {
            throw new IOException(source + ": cannot decode row " + (row + 1) + ": " + e, e);
          }
          if (record == null) {
            break;
          }
          row++;
          if (!checked) {
            checkSameFields(source, record);
            checked = true;
          }
          Row values = AvroUtils.toBeamRowStrict(record, fileSchema);
          out.output(
              withPosition
                  ? Row.withSchema(outputSchema)
                      .addValues(values.getValues())
                      .addValues(source, row)
                      .build()
                  : values);
          rowsRead.inc();
        }
      }
    }

    private void checkSameFields(String source, GenericRecord record) {
      Schema actual = AvroUtils.toBeamSchema(record.getSchema());
      if (!actual.getFields().equals(fileSchema.getFields())) {
        throw new IllegalArgumentException(
            source
                + " has fields "
                + actual.getFields()
                + " but the first file of the pattern has "
                + fileSchema.getFields()
                + "; read files of different schemas separately");
      }
    }
  }
}
