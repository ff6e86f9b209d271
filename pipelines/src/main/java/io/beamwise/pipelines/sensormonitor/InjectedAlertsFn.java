package io.beamwise.pipelines.sensormonitor;

import io.beamwise.anomaly.AnomalyResult;
import io.beamwise.io.generator.InjectedAnomaly;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Counts, per anomaly the generator injected, the alerts on its readings (counter {@code
 * injected_alerted_<index>} of namespace {@value #NAMESPACE}), so the summary tells which
 * anomalies were found from the run's metrics instead of reading the alerts back. The generator's
 * record {@code k} (line {@code k + 1}) is reading {@code k / sensors} of sensor {@code k % sensors}.
 */
final class InjectedAlertsFn extends DoFn<AnomalyResult, Void> {

  static final String NAMESPACE = "beamwise.generator";

  private final List<InjectedAnomaly> anomalies;
  private final int sensors;

  InjectedAlertsFn(List<InjectedAnomaly> anomalies, int sensors) {
    this.anomalies = List.copyOf(anomalies);
    this.sensors = sensors;
  }

  static String counterName(int index) {
    return "injected_alerted_" + index;
  }

  @ProcessElement
  public void process(@Element AnomalyResult alert) {
    for (int i = 0; i < anomalies.size(); i++) {
      InjectedAnomaly a = anomalies.get(i);
      long record = alert.getLine() - 1 - a.sensorIndex();
      if (a.sensor().equals(alert.getSensor())
          && record >= 0
          && record % sensors == 0
          && a.covers(record / sensors)) {
        Counter hits = Metrics.counter(NAMESPACE, counterName(i));
        hits.inc();
      }
    }
  }
}
