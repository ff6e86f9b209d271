package io.beamwise.benchmarks;

import io.beamwise.anomaly.detectors.Detector;
import io.beamwise.anomaly.detectors.DetectorSpec;
import io.beamwise.anomaly.detectors.Detectors;
import org.apache.beam.sdk.util.CoderUtils;

/**
 * Prints the encoded state size per key of each detector after 1,000 and 10,000 points of the
 * benchmark series: what one sensor costs in Beam state.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.beamwise.benchmarks.DetectorStateSizes</pre>
 */
public final class DetectorStateSizes {

  private DetectorStateSizes() {}

  public static void main(String[] args) throws Exception {
    String[] specs = args.length > 0 ? args : new String[] {"zscore:288", "ewma:100", "robust:288", "iqr:288", "hst:250", "rcf:8", "re:52", "cad", "spatial", "likelihood(cad)", "likelihood(re:52)", "spot(cad,0.75)", "max(align(re:52,0.5),cad)", "max(align(re:52,0.5),spot(cad,0.75),spatial)"};
    double[] values = DetectorBenchmark.series(10_000);
    System.out.printf("%-28s %14s %15s%n", "detector", "bytes @ 1,000", "bytes @ 10,000");
    for (String text : specs) {
      DetectorSpec spec = Detectors.parse(text);
      Detector d = spec.create();
      long at1000 = 0;
      for (int i = 0; i < values.length; i++) {
        d.learn(values[i]);
        if (i == 999) {
          at1000 = CoderUtils.encodeToByteArray(spec.stateCoder(), d).length;
        }
      }
      long at10000 = CoderUtils.encodeToByteArray(spec.stateCoder(), d).length;
      System.out.printf("%-28s %14d %15d%n", text, at1000, at10000);
    }
  }
}
