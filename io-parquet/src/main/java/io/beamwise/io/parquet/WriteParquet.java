package io.beamwise.io.parquet;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import io.beamwise.io.files.Sharding;
import java.lang.reflect.TypeVariable;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.SchemaCoder;
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
 * {@code AnomalyResult}, {@code WindowStats}, {@code Failure}, also when their collection uses a
 * compact coder such as {@code AnomalyResultCoder}: the schema is then the type's registered one)
 * to Parquet files in {@code
 * directory} with Beam's {@code ParquetIO.sink}, using an Avro schema derived from the Beam schema
 * ({@link ParquetSchemas#avroSchemaFor}): field names are kept, DATETIME becomes a long {@code
 * timestamp-millis} (UTC), nullable fields become optional columns. The files can be read back
 * with {@link ReadParquetRows} or any Parquet reader.
 *
 * <p>By default a single file {@code directory/NAME.parquet}, Snappy-compressed; {@link
 * #withNumShards(int)} writes {@code n} files {@code NAME-SSSSS-of-NNNNN.parquet}. An existing file
 * of the same name is replaced. Fails when the pipeline is built if neither the input's coder nor
 * its element type has a schema, or a field type is one that Avro cannot hold.
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
    PCollection<T> schemaed = withSchema(input);
    Schema schema = schemaed.getSchema();
    org.apache.avro.Schema avroSchema = ParquetSchemas.avroSchemaFor(schema, recordName(name));
    SerializableFunction<Row, GenericRecord> toRecord =
        AvroUtils.getRowToGenericRecordFunction(avroSchema);
    PCollection<GenericRecord> records =
        schemaed
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

  /**
   * {@code input} itself when its coder carries a schema; else, for a type with a registered
   * schema whose collection uses a compact coder (such as {@code AnomalyResult} with {@code
   * AnomalyResultCoder}), the same elements with the schema coder.
   */
  private static <T> PCollection<T> withSchema(PCollection<T> input) {
    if (input.hasSchema()) {
      return input;
    }
    // A generic step (e.g. Filter.by) leaves the type variable as the collection's type; the
    // coder's encoded type (AnomalyResultCoder: AnomalyResult) names the element class then.
    TypeDescriptor<T> type = input.getTypeDescriptor();
    if (type == null || type.getType() instanceof TypeVariable) {
      type = input.getCoder().getEncodedTypeDescriptor();
    }
    SchemaCoder<T> coder;
    try {
      coder = input.getPipeline().getSchemaRegistry().getSchemaCoder(type);
    } catch (NoSuchSchemaException | RuntimeException e) {
      throw new IllegalArgumentException(
          String.format(
              "WriteParquet needs a PCollection with a Beam schema; %s (%s) has none (use Rows, or"
                  + " a type annotated with @DefaultSchema)",
              input.getName(), type),
          e);
    }
    return input
        .apply("With schema", MapElements.into(type).via((T element) -> element))
        .setCoder(coder);
  }

  /** {@code dead-letter} → {@code dead_letter}: Avro names allow letters, digits and _. */
  static String recordName(String fileName) {
    String n = fileName.replaceAll("[^A-Za-z0-9_]", "_");
    return Character.isDigit(n.charAt(0)) ? "_" + n : n;
  }
}
