package io.beamwise.io.parquet;

import static org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.FileMetaData;

/**
 * Schemas of Parquet files: the Beam schema of a file (from the Avro schema that parquet-avro
 * stores in the footer, else converted from the Parquet schema), and the Avro schema written for
 * a Beam schema. Type mapping is Beam's {@link AvroUtils}: STRING ↔ string, INT32 ↔ int, INT64 ↔
 * long, DOUBLE ↔ double, BOOLEAN ↔ boolean, DATETIME ↔ long {@code timestamp-millis} (UTC),
 * nullable fields ↔ unions with null.
 */
public final class ParquetSchemas {

  /** The footer key under which parquet-avro keeps the writer's Avro schema. */
  static final String AVRO_SCHEMA_KEY = "parquet.avro.schema";

  private ParquetSchemas() {}

  /**
   * The Avro schema of the first file (in name order) matching {@code filepattern}.
   *
   * @throws IllegalArgumentException if nothing matches or the file is not readable Parquet
   */
  public static org.apache.avro.Schema avroSchemaOfFirst(String filepattern) {
    ResourceId file = firstMatch(filepattern);
    try (ReadableByteChannel channel = FileSystems.open(file)) {
      checkArgument(
          channel instanceof SeekableByteChannel,
          "filepattern=%s: %s is on a filesystem without random access; Parquet needs it",
          filepattern,
          file);
      return avroSchemaOf(new ChannelInputFile((SeekableByteChannel) channel));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "filepattern=" + filepattern + ": cannot read the Parquet footer of " + file + ": " + e,
          e);
    }
  }

  /** The Beam schema of the first file (in name order) matching {@code filepattern}. */
  public static Schema beamSchemaOfFirst(String filepattern) {
    return AvroUtils.toBeamSchema(avroSchemaOfFirst(filepattern));
  }

  /**
   * The Avro schema written for rows of {@code schema}: a record named {@code recordName} in
   * namespace {@code io.beamwise}.
   */
  public static org.apache.avro.Schema avroSchemaFor(Schema schema, String recordName) {
    checkArgument(
        recordName != null && recordName.matches("[A-Za-z_][A-Za-z0-9_]*"),
        "recordName=%s must be an Avro name: a letter or _ then letters, digits or _",
        recordName);
    return AvroUtils.toAvroSchema(schema, recordName, "io.beamwise");
  }

  static org.apache.avro.Schema avroSchemaOf(ChannelInputFile in) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(in)) {
      FileMetaData meta = reader.getFooter().getFileMetaData();
      Map<String, String> keyValues = meta.getKeyValueMetaData();
      String avro = keyValues.get(AVRO_SCHEMA_KEY);
      if (avro != null) {
        return new org.apache.avro.Schema.Parser().parse(avro);
      }
      // Written by a non-Avro writer (Arrow, Spark, parquet-mr's example writer, ...).
      return new AvroSchemaConverter(new Configuration(false)).convert(meta.getSchema());
    }
  }

  private static ResourceId firstMatch(String filepattern) {
    checkArgument(
        filepattern != null && !filepattern.isBlank(), "filepattern must be a path or glob");
    try {
      MatchResult match = FileSystems.match(filepattern, EmptyMatchTreatment.ALLOW);
      List<MatchResult.Metadata> files =
          match.status() == MatchResult.Status.OK ? match.metadata() : List.of();
      checkArgument(!files.isEmpty(), "filepattern=%s matches no file", filepattern);
      return files.stream()
          .map(MatchResult.Metadata::resourceId)
          .min((a, b) -> a.toString().compareTo(b.toString()))
          .orElseThrow();
    } catch (IOException e) {
      throw new IllegalArgumentException("filepattern=" + filepattern + " cannot be listed: " + e, e);
    }
  }
}
