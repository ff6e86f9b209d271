package io.beamwise.io.parquet;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.io.files.Sharding;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.transforms.Convert;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Writes a {@code PCollection} with a Beam schema ({@link Row}s, or any schema'd type such as
 * {@code AnomalyResult}, {@code WindowStats}, {@code Failure}) to Parquet files in {@code
 * directory} with Beam's {@code ParquetIO.sink}, using an Avro schema derived from the Beam schema
 * ({@link ParquetSchemas#avroSchemaFor}): field names are kept, DATETIME becomes a long {@code
 * timestamp-millis} (UTC), nullable fields become optional columns. The files can be read back
 * with {@link ReadParquetRows} or any Parquet reader.
 *
 * <p>By default a single file {@code directory/NAME.parquet}, Snappy-compressed; {@link
 * #withNumShards(int)} writes {@code n} files {@code NAME-SSSSS-of-NNNNN.parquet}. An existing file
 * of the same name is replaced. Fails when the pipeline is built if the input has no schema or a
 * field type that Avro cannot hold.
 */
public final class WriteParquet<T> extends PTransform<PCollection<T>, WriteFilesResult<Void>> {

  private final String directory;
  private final String name;
  private final Sharding sharding;
  private final CompressionCodecName codec;

  private WriteParquet(String directory, String name, Sharding sharding, CompressionCodecName codec) {
    this.directory = directory;
    this.name = name;
    this.sharding = sharding;
    this.codec = codec;
  }

  /**
   * Writes into {@code directory} files named after {@code name} (also the Avro record name,
   * sanitised).
   *
   * @throws IllegalArgumentException if either is blank or {@code name} contains a {@code /}
   */
  public static <T> WriteParquet<T> to(String directory, String name) {
    checkArgument(directory != null && !directory.isBlank(), "directory=%s must be a path", directory);
    checkArgument(
        name != null && !name.isBlank() && !name.contains("/"),
        "name=%s must be a non-blank file name without '/'",
        name);
    return new WriteParquet<>(directory, name, Sharding.singleFile(), CompressionCodecName.SNAPPY);
  }

  /**
   * Writes exactly {@code n} files {@code NAME-SSSSS-of-NNNNN.parquet}.
   *
   * @throws IllegalArgumentException unless 1 ≤ n ≤ {@value Sharding#MAX_SHARDS}
   */
  public WriteParquet<T> withNumShards(int n) {
    return new WriteParquet<>(directory, name, Sharding.shards(n), codec);
  }

  /** Lets the runner choose the number of files. */
  public WriteParquet<T> withRunnerChosenShards() {
    return new WriteParquet<>(directory, name, Sharding.runnerChosen(), codec);
  }

  /** Writes one file {@code NAME.parquet} (the default). */
  public WriteParquet<T> asSingleFile() {
    return new WriteParquet<>(directory, name, Sharding.singleFile(), codec);
  }

  /** Column compression (default {@code SNAPPY}; {@code UNCOMPRESSED}, {@code GZIP}, ...). */
  public WriteParquet<T> withCompression(CompressionCodecName codec) {
    checkArgument(codec != null, "codec must not be null; use UNCOMPRESSED for none");
    return new WriteParquet<>(directory, name, sharding, codec);
  }

  @Override
  public WriteFilesResult<Void> expand(PCollection<T> input) {
    checkArgument(
        input.hasSchema(),
        "WriteParquet needs a PCollection with a Beam schema; %s has none (use Rows, or a type"
            + " annotated with @DefaultSchema)",
        input.getName());
    Schema schema = input.getSchema();
    org.apache.avro.Schema avroSchema = ParquetSchemas.avroSchemaFor(schema, recordName(name));
    SerializableFunction<Row, GenericRecord> toRecord =
        AvroUtils.getRowToGenericRecordFunction(avroSchema);
    PCollection<GenericRecord> records =
        input
            .apply("To rows", Convert.toRows())
            .apply(
                "To Avro records",
                MapElements.into(TypeDescriptor.of(GenericRecord.class)).via(toRecord::apply))
            .setCoder(AvroCoder.of(avroSchema));
    FileIO.Write<Void, GenericRecord> write =
        FileIO.<GenericRecord>write()
            .via(ParquetIO.sink(avroSchema).withCompressionCodec(codec))
            .to(directory);
    return records.apply("Write " + name + ".parquet", sharding.configure(write, name, ".parquet"));
  }

  /** {@code dead-letter} → {@code dead_letter}: Avro names allow letters, digits and _. */
  static String recordName(String fileName) {
    String n = fileName.replaceAll("[^A-Za-z0-9_]", "_");
    return Character.isDigit(n.charAt(0)) ? "_" + n : n;
  }
}
