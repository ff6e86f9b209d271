package io.beamwise.pipelines.produce;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import io.beamwise.io.generator.GeneratorOptions;

/**
 * Command-line options of {@code produce}: where to write, plus the generator's ({@link
 * GeneratorOptions}: {@code --seed --sensors --days --maxDelay --lateFraction --malformedFraction
 * --rate ...}; {@code --rate} paces the sends, 0 = as fast as possible).
 */
public interface ProduceOptions extends GeneratorOptions {

  @Description("Kafka topic to write the readings to (created by the broker on first write).")
  String getTopic();

  void setTopic(String value);

  @Description("Kafka bootstrap servers, HOST:PORT[,HOST:PORT].")
  @Default.String("127.0.0.1:9092")
  String getBootstrapServers();

  void setBootstrapServers(String value);

  @Description(
      "A Java properties file of Kafka producer settings (security.protocol, sasl.*, ssl.*, ...);"
          + " security settings are never printed.")
  String getKafkaConfig();

  void setKafkaConfig(String value);

  @Description("Also (or instead) write the records as JSON Lines to this file.")
  String getFile();

  void setFile(String value);

  @Description("Write at most this many records (default: the whole generated stream).")
  Long getMaxRecords();

  void setMaxRecords(Long value);
}
