package io.beamwise.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.beamwise.failure.Failure;
import io.beamwise.io.json.JsonRecords;
import io.beamwise.io.kafka.KafkaEventTime;
import io.beamwise.io.kafka.ReadFromKafka;
import io.beamwise.io.kafka.WriteToKafka;
import io.beamwise.monitor.MonitorResult;
import io.beamwise.monitor.MonitorSensors;
import io.beamwise.parse.EventTime;
import io.beamwise.parse.ParseSensorReadings;
import io.beamwise.parse.SourceLine;
import io.beamwise.windows.WindowSpec;
import io.beamwise.windows.WindowStats;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * Quix Streams' tumbling-window tutorial in Beam: sensor readings from a Kafka topic ({@code
 * {"sensor": "...", "ts": <ISO-8601 or epoch millis>, "value": <number>}}) → 10-second tumbling
 * event-time windows per sensor, each closed 1 second after its end (the grace period: the
 * watermark trails the largest timestamp seen by 1 s) → count, min, max and mean → one JSON record
 * per sensor and window on an aggregate topic, keyed by sensor. No anomaly scoring. Lines that do
 * not parse and readings that come after their window closed go to a dead-letter topic.
 *
 * <pre>
 * java -cp ... io.beamwise.examples.TumblingWindowAggregation --bootstrapServers=127.0.0.1:9092 \
 *     --inputTopic=raw --outputTopic=aggregates --deadLetterTopic=dead-letters
 * </pre>
 */
public final class TumblingWindowAggregation {

  /** 10-second tumbling windows, fired once when the watermark passes their end. */
  public static final WindowSpec WINDOWS = WindowSpec.tumbling(Duration.standardSeconds(10));

  /** The grace period: how far the watermark trails the largest event time read. */
  public static final Duration GRACE = Duration.standardSeconds(1);

  /** The command line. */
  public interface Options extends PipelineOptions {
    @Description("Kafka bootstrap servers") @Default.String("127.0.0.1:9092")
    String getBootstrapServers();

    void setBootstrapServers(String servers);

    @Description("Topic of raw readings") @Default.String("raw")
    String getInputTopic();

    void setInputTopic(String topic);

    @Description("Topic of the window aggregates") @Default.String("aggregates")
    String getOutputTopic();

    void setOutputTopic(String topic);

    @Description("Topic of dead letters (bad lines, late readings)") @Default.String("dead-letters")
    String getDeadLetterTopic();

    void setDeadLetterTopic(String topic);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private TumblingWindowAggregation() {}

  /** The flow between source and sinks: aggregates and dead letters, keyed for Kafka. */
  public static PTransform<PCollection<SourceLine>, MonitorResult> aggregate() {
    return new PTransform<>() {
      @Override
      public MonitorResult expand(PCollection<SourceLine> lines) {
        return lines
            .apply("Parse", ParseSensorReadings.jsonLines(ZoneOffset.UTC))
            .apply("Aggregate", MonitorSensors.readings().withWindows(WINDOWS).withoutScoring());
      }
    };
  }

  /** {@code {"sensor", "window_start", "window_end", "count", "min", "max", "mean"}}. */
  static String toJson(WindowStats s) {
    return JSON.createObjectNode()
        .put("sensor", s.getKey())
        .put("window_start", s.getWindowStart().toString())
        .put("window_end", s.getWindowEnd().toString())
        .put("count", s.getCount())
        .put("min", s.getMin())
        .put("max", s.getMax())
        .put("mean", s.getMean())
        .toString();
  }

  public static void main(String[] args) {
    Options o = PipelineOptionsFactory.fromArgs(args).withValidation().as(Options.class);
    Pipeline p = Pipeline.create(o);
    MonitorResult r = p
        .apply(ReadFromKafka.from(o.getBootstrapServers(), List.of(o.getInputTopic()))
            .withEventTime(KafkaEventTime.jsonField(EventTime.isoOrEpoch("ts", TimeUnit.MILLISECONDS)))
            .withMaxOutOfOrderness(GRACE))
        .apply(aggregate());
    r.windowStats()
        .apply(MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
            .via((WindowStats s) -> KV.of(s.getKey(), toJson(s))))
        .apply("Write aggregates", WriteToKafka.to(o.getBootstrapServers(), o.getOutputTopic()));
    r.failures()
        .apply(MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
            .via((Failure f) -> KV.of(f.getSource(), JsonRecords.failure(f))))
        .apply("Write dead letters", WriteToKafka.to(o.getBootstrapServers(), o.getDeadLetterTopic()));
    p.run();
  }
}
