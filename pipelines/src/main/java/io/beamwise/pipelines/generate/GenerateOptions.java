package io.beamwise.pipelines.generate;

import io.beamwise.io.generator.GeneratorOptions;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;

/** Command-line options of {@code generate}: the generator's, plus where to write. */
public interface GenerateOptions extends GeneratorOptions {

  @Description("JSON Lines file to write the records to, in arrival order (parent directories are created).")
  @Validation.Required
  String getOutput();

  void setOutput(String value);

  @Description(
      "Optional: file to write the injected anomalies to as NAB labels"
          + " ({\"sensor-01.csv\": [[start, end], ...]}, UTC), for scripts/run evaluate --labels.")
  String getLabels();

  void setLabels(String value);

  @Description(
      "Optional: directory to also write one NAB data file per sensor (<sensor>.csv,"
          + " timestamp,value in UTC to the second) of the well-formed records in arrival order;"
          + " sensor-monitor --input='DIR/*.csv' then writes nab/<sensor>.csv results that"
          + " scripts/run evaluate scores against --labels.")
  String getNabData();

  void setNabData(String value);
}
