package io.beamwise.examples;

import com.google.auto.value.AutoValue;
import io.beamwise.anomaly.ScoreAnomalies;
import io.beamwise.anomaly.detectors.Detectors;
import io.beamwise.io.files.ReadLinesWithPosition;
import io.beamwise.io.files.WriteResultFiles;
import io.beamwise.monitor.MonitorSensors;
import io.beamwise.parse.EventTime;
import io.beamwise.parse.ParseJson;
import io.beamwise.windows.WindowSpec;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.Validation;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.joda.time.Instant;

/**
 * Anomaly scoring of your own record type: JSON Lines such as {@code {"device": "boiler-2",
 * "time": "2024-03-01T10:00:00Z", "temp": 71.5}} → hourly window statistics and per-device
 * z-scores → {@code window-stats.jsonl}, {@code scores.jsonl}, {@code alerts.jsonl} and {@code
 * dead-letter.jsonl} in {@code --output}, with the key written as {@code "device"}. Lines that do
 * not parse, and late readings, are in the dead letters with their file and line.
 *
 * <pre>
 * java -cp ... io.beamwise.examples.MonitorYourRecords --input='readings/*.jsonl' --output=out/boilers
 * </pre>
 */
public final class MonitorYourRecords {

  /** Your record: any Beam schema'd type; the parser fills {@code source} and {@code line}. */
  @DefaultSchema(AutoValueSchema.class)
  @AutoValue
  public abstract static class Reading {
    public abstract String getDevice();

    public abstract Instant getTime();

    public abstract double getTemp();

    public abstract String getSource();

    public abstract long getLine();
  }

  /** The command line. */
  public interface Options extends PipelineOptions {
    @Description("JSON Lines of readings, a file or a glob") @Validation.Required
    String getInput();

    void setInput(String input);

    @Description("Output directory") @Validation.Required
    String getOutput();

    void setOutput(String output);
  }

  private MonitorYourRecords() {}

  public static void main(String[] args) {
    Options options = PipelineOptionsFactory.fromArgs(args).withValidation().as(Options.class);
    // [START custom_pipeline]
    Pipeline p = Pipeline.create(options);
    p.apply(ReadLinesWithPosition.from(options.getInput()))
        .apply(ParseJson.to(Reading.class).withEventTime(EventTime.iso("time"))
            .withPositionFields("source", "line"))
        .apply(MonitorSensors.<Reading>byFields("device", "temp")
            .withPositionFields("source", "line")
            .withWindows(WindowSpec.parse("tumbling:1h"))
            .withScoring(ScoreAnomalies.with(Detectors.parse("zscore:48")).withThreshold(0.7)))
        .apply(WriteResultFiles.to(options.getOutput()));
    p.run().waitUntilFinish();
    // [END custom_pipeline]
  }
}
