package io.beamwise.io.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.beamwise.testing.NabFiles;
import io.beamwise.testing.TestPipelineExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.LogicalTypes;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline.PipelineExecutionException;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@link ReadParquetRows} on files written by parquet-avro's own writer, not by beamwise. */
@ExtendWith(TestPipelineExtension.class)
class ReadParquetRowsTest {

  private static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

  /** A schema as another team would write it: int value, a timestamp-millis, an optional note. */
  private static final org.apache.avro.Schema TAXI =
      SchemaBuilder.record("TaxiCount")
          .namespace("org.example.nyc")
          .fields()
          .requiredString("sensor")
          .name("timestamp")
          .type(LogicalTypes.timestampMillis().addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG)))
          .noDefault()
          .requiredInt("value")
          .optionalString("note")
          .endRecord();

  @TempDir Path dir;

  /** Real rows of nyc_taxi.csv, as (timestamp millis UTC, passengers). */
  private static List<long[]> taxiRows(int n) throws IOException {
    Optional<Path> taxi = NabFiles.realKnownCause("nyc_taxi");
    assumeTrue(taxi.isPresent(), NabFiles.missingMessage());
    List<long[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(taxi.get(), StandardCharsets.UTF_8).subList(1, n + 1)) {
      String[] parts = line.split(",");
      long millis = LocalDateTime.parse(parts[0], NAB_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
      rows.add(new long[] {millis, Long.parseLong(parts[1])});
    }
    return rows;
  }

  private static void writeWithAvroParquetWriter(Path file, org.apache.avro.Schema schema, List<GenericRecord> records)
      throws IOException {
    try (ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(
                HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))
            .withSchema(schema)
            .withCompressionCodec(CompressionCodecName.GZIP)
            .withRowGroupSize(4096L) // several row groups, so row numbers must run across them
            .build()) {
      for (GenericRecord r : records) {
        writer.write(r);
      }
    }
  }

  private static GenericRecord taxiRecord(long[] row, String note) {
    GenericRecord r = new GenericData.Record(TAXI);
    r.put("sensor", "nyc_taxi");
    r.put("timestamp", row[0]);
    r.put("value", (int) row[1]);
    r.put("note", note);
    return r;
  }

  @Test
  void readsAFileWrittenByAvroParquetWriterWithItsSchemaAndRowNumbers(TestPipeline p)
      throws IOException {
    List<long[]> rows = taxiRows(1000);
    List<GenericRecord> records = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      records.add(taxiRecord(rows.get(i), i % 100 == 0 ? "checked" : null));
    }
    Path file = dir.resolve("taxi.parquet");
    writeWithAvroParquetWriter(file, TAXI, records);

    ReadParquetRows read = ReadParquetRows.from(file.toString()).withSourcePosition();
    Schema schema = read.outputSchema();
    assertEquals(
        Schema.builder()
            .addStringField("sensor")
            .addDateTimeField("timestamp")
            .addInt32Field("value")
            .addNullableField("note", FieldType.STRING)
            .addStringField("source")
            .addInt64Field("line")
            .build()
            .getFields(),
        schema.getFields());

    List<Row> expected = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      expected.add(
          Row.withSchema(schema)
              .addValues(
                  "nyc_taxi",
                  new Instant(rows.get(i)[0]),
                  (int) rows.get(i)[1],
                  i % 100 == 0 ? "checked" : null,
                  file.toString(),
                  (long) i + 1)
              .build());
    }
    PCollection<Row> actual = p.apply(read);
    assertEquals(schema, actual.getSchema());
    PAssert.that(actual).containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  @Test
  void readsEveryFileOfAGlobWithoutPosition(TestPipeline p) throws IOException {
    List<long[]> rows = taxiRows(20);
    writeWithAvroParquetWriter(dir.resolve("a.parquet"), TAXI, List.of(taxiRecord(rows.get(0), null)));
    List<GenericRecord> rest = new ArrayList<>();
    for (long[] row : rows.subList(1, rows.size())) {
      rest.add(taxiRecord(row, "b"));
    }
    writeWithAvroParquetWriter(dir.resolve("b.parquet"), TAXI, rest);

    PCollection<Row> actual = p.apply(ReadParquetRows.from(dir.resolve("*.parquet").toString()));
    List<Row> expected = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      expected.add(
          Row.withSchema(actual.getSchema())
              .addValues("nyc_taxi", new Instant(rows.get(i)[0]), (int) rows.get(i)[1], i == 0 ? null : "b")
              .build());
    }
    PAssert.that(actual).containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  @Test
  void aFileWithOtherFieldsFailsThePipelineNamingIt(TestPipeline p) throws IOException {
    List<long[]> rows = taxiRows(2);
    writeWithAvroParquetWriter(dir.resolve("a.parquet"), TAXI, List.of(taxiRecord(rows.get(0), null)));
    org.apache.avro.Schema other =
        SchemaBuilder.record("Other").fields().requiredString("sensor").requiredDouble("value").endRecord();
    GenericRecord r = new GenericData.Record(other);
    r.put("sensor", "x");
    r.put("value", 1.0);
    writeWithAvroParquetWriter(dir.resolve("b.parquet"), other, List.of(r));

    p.apply(ReadParquetRows.from(dir.resolve("*.parquet").toString()));
    PipelineExecutionException e =
        assertThrows(PipelineExecutionException.class, () -> p.run().waitUntilFinish());
    assertTrue(String.valueOf(e.getCause().getMessage()).contains("b.parquet has fields"), e.toString());
  }

  @Test
  void constructionErrorsNameTheProblem(TestPipeline p) throws IOException {
    IllegalArgumentException none =
        assertThrows(
            IllegalArgumentException.class,
            () -> ReadParquetRows.from(dir.resolve("missing-*.parquet").toString()).outputSchema());
    assertTrue(none.getMessage().contains("matches no file"), none.getMessage());

    Path notParquet = dir.resolve("text.parquet");
    Files.writeString(notParquet, "timestamp,value\n");
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> ReadParquetRows.from(notParquet.toString()).outputSchema());
    assertTrue(bad.getMessage().contains("cannot read the Parquet footer of"), bad.getMessage());

    org.apache.avro.Schema withLine =
        SchemaBuilder.record("WithLine").fields().requiredString("sensor").requiredLong("line").endRecord();
    GenericRecord r = new GenericData.Record(withLine);
    r.put("sensor", "x");
    r.put("line", 7L);
    Path file = dir.resolve("with-line.parquet");
    writeWithAvroParquetWriter(file, withLine, List.of(r));
    IllegalArgumentException clash =
        assertThrows(
            IllegalArgumentException.class,
            () -> ReadParquetRows.from(file.toString()).withSourcePosition().outputSchema());
    assertTrue(clash.getMessage().contains("already have a field 'line'"), clash.getMessage());
    assertEquals(
        List.of("sensor", "line", "_source", "_line"),
        ReadParquetRows.from(file.toString()).withSourcePosition("_source", "_line").outputSchema().getFieldNames());
    p.run();
  }
}
