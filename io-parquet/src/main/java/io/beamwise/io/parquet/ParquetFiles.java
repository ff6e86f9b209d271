package io.beamwise.io.parquet;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * Small local Parquet files read without a pipeline (summaries, checks, tests), with the same
 * schema mapping as {@link ReadParquetRows}.
 */
public final class ParquetFiles {

  private ParquetFiles() {}

  /**
   * Every row of a local Parquet file, in file order.
   *
   * @throws IOException if the file cannot be read or is not Parquet
   */
  public static List<Row> readRows(Path file) throws IOException {
    List<Row> rows = new ArrayList<>();
    forEachRow(file, rows::add);
    return rows;
  }

  /**
   * Passes every row of a local Parquet file to {@code action}, in file order, one at a time (for
   * files too large to hold as a list).
   *
   * @throws IOException if the file cannot be read or is not Parquet
   */
  public static void forEachRow(Path file, Consumer<Row> action) throws IOException {
    Schema schema;
    try (SeekableByteChannel channel = Files.newByteChannel(file)) {
      schema = AvroUtils.toBeamSchema(ParquetSchemas.avroSchemaOf(new ChannelInputFile(channel)));
    }
    try (SeekableByteChannel channel = Files.newByteChannel(file);
        ParquetReader<GenericRecord> reader =
            AvroParquetReader.<GenericRecord>builder(new ChannelInputFile(channel))
                .withDataModel(GenericData.get())
                .withConf(new Configuration(false))
                .build()) {
      for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
        action.accept(AvroUtils.toBeamRowStrict(r, schema));
      }
    }
  }
}
