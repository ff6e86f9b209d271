package io.beamwise.pipelines.produce;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Command-line options of {@code produce}. */
public interface ProduceOptions extends PipelineOptions {

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

  @Description("Generator: seed; the same seed gives the same readings and anomalies.")
  @Default.Long(42L)
  long getSeed();

  void setSeed(long value);

  @Description("Generator: number of sensors.")
  @Default.Integer(3)
  int getSensors();

  void setSensors(int value);

  @Description("Generator: days of 5-minute readings per sensor.")
  @Default.Integer(8)
  int getDays();

  void setDays(int value);

  @Description("Write at most this many records (default: the whole generated stream).")
  Long getMaxRecords();

  void setMaxRecords(Long value);

  @Description(
      "Replace every N-th record by a malformed one (cycling: not JSON, missing ts, unreadable ts,"
          + " non-numeric value), to exercise dead letters; 0 = none.")
  @Default.Integer(0)
  int getMalformedEvery();

  void setMalformedEvery(int value);

  @Description("Records per second (sleeping between sends, like a live sensor feed); 0 = as fast as possible.")
  @Default.Double(0)
  double getRatePerSecond();

  void setRatePerSecond(double value);
}
