package io.beamwise.benchmarks;

import io.beamwise.anomaly.detectors.AlignedScore;
import io.beamwise.anomaly.detectors.Detector;
import io.beamwise.anomaly.detectors.DetectorSpec;
import io.beamwise.anomaly.detectors.Detectors;
import io.beamwise.anomaly.detectors.Ensemble;
import io.beamwise.benchmarks.prototypes.Bocpd;
import io.beamwise.benchmarks.prototypes.FuzzyArt;
import io.beamwise.benchmarks.prototypes.LeftMatrixProfile;
import io.beamwise.evaluation.AnomalyWindows;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Measures prototypes of detector ideas (package {@code io.beamwise.benchmarks.prototypes}) with
 * {@link NabQuality} before any of them is made a library detector: a fuzzy ART detector
 * ({@link FuzzyArt}: G. A. Carpenter, S. Grossberg and D. B. Rosen, "Fuzzy ART", Neural Networks 4,
 * 1991; dual vigilance after L. E. Brito da Silva, I. Elnabarawy and D. C. Wunsch, "Dual vigilance
 * fuzzy adaptive resonance theory", Neural Networks 109, 2019), Bayesian online change-point
 * detection ({@link Bocpd}: R. P. Adams and D. J. C. MacKay, "Bayesian Online Changepoint
 * Detection", arXiv:0710.3742, 2007) and subsequence novelty by the left matrix profile
 * ({@link LeftMatrixProfile}: C.-C. M. Yeh et al., "Matrix Profile I", ICDM 2016; Y. Zhu et al.,
 * "Matrix Profile II: STOMP", ICDM 2016; Y. Lu, M. Imamura and E. Keogh, "DAMP", KDD 2022). Each
 * is printed alone and as a third member of {@code max(align(re,0.5),cad)} (standard / low FP /
 * low FN, windows, FP rows, standard per category), or with {@code --replaceRe} as the second
 * member of {@code max(cad,NAME)}; the figures are in {@code docs/detectors.md}.
 * {@code art:W:RHO_UPPER:RHO_LOWER[:BLOCK[:WARMUP[:CALIBRATION]]]},
 * {@code bocpd:LAMBDA:RECENT[:tail]} and {@code mp:M:H[:MODE[:EXCL[:WARMUP]]]} (MODE {@code abs},
 * {@code bsf}, {@code zK} or {@code zKr}; see {@link LeftMatrixProfile}) name prototypes, anything
 * else is a {@link Detectors#parse} spec; {@code NAME@FROM} aligns the prototype's boundary FROM to
 * 0.75 in the combination.
 *
 * <pre>
 * java -cp ... io.beamwise.benchmarks.DetectorPrototypes [--data=DIR] [--files] [--alone] [--replaceRe] NAME [NAME ...]
 * </pre>
 */
public final class DetectorPrototypes {

  private DetectorPrototypes() {}

  /** A prototype spec: a named factory. Not serialisable state; for the harness only. */
  record Proto(String name, Supplier<Detector> factory) implements DetectorSpec {
    @Override
    public Detector create() {
      return factory.get();
    }

    @Override
    public String describe() {
      return name;
    }
  }

  static DetectorSpec proto(String name) {
    String[] p = name.split(":");
    switch (p[0]) {
      case "art": // art:W:RHO_UPPER:RHO_LOWER[:BLOCK[:WARMUP]]
        {
          int w = Integer.parseInt(p[1]);
          double ru = Double.parseDouble(p[2]);
          double rl = Double.parseDouble(p[3]);
          int block = p.length > 4 ? Integer.parseInt(p[4]) : 1;
          int warm = p.length > 5 ? Integer.parseInt(p[5]) : 150;
          int calib = p.length > 6 && !p[6].equals("novelty") ? Integer.parseInt(p[6]) : 0;
          boolean novelty = name.endsWith(":novelty");
          return new Proto(
              name,
              () -> new FuzzyArt(w, block, warm, ru, rl, 4096, calib, novelty));
        }
      case "bocpd": // bocpd:LAMBDA:RECENT[:tail]
        {
          double lambda = Double.parseDouble(p[1]);
          int recent = Integer.parseInt(p[2]);
          boolean tail = p.length > 3 && p[3].equals("tail");
          return new Proto(name, () -> new Bocpd(lambda, 150, 1000, recent, tail));
        }
      case "mp": // mp:M:H[:abs|bsf|zK[:EXCL[:WARMUP]]]
        {
          int m = Integer.parseInt(p[1]);
          int h = Integer.parseInt(p[2]);
          boolean bsf = p.length > 3 && p[3].equals("bsf");
          boolean rest = p.length > 3 && p[3].startsWith("z") && p[3].endsWith("r");
          double zAt =
              p.length > 3 && p[3].startsWith("z")
                  ? Double.parseDouble(p[3].substring(1, p[3].length() - (rest ? 1 : 0)))
                  : 0;
          int excl = p.length > 4 ? Integer.parseInt(p[4]) : (m + 1) / 2;
          int warm = p.length > 5 ? Integer.parseInt(p[5]) : 150;
          return new Proto(name, () -> new LeftMatrixProfile(m, h, excl, warm, bsf, zAt, rest));
        }
      default:
        return Detectors.parse(name);
    }
  }

  public static void main(String[] args) throws Exception {
    Path data = Paths.get("../shared/datasets/nab");
    boolean perFile = false;
    boolean member = true;
    boolean replaceRe = false;
    List<String> names = new ArrayList<>();
    for (String a : args) {
      if (a.startsWith("--data=")) {
        data = Paths.get(a.substring(7));
      } else if (a.equals("--files")) {
        perFile = true;
      } else if (a.equals("--alone")) {
        member = false;
      } else if (a.equals("--replaceRe")) {
        replaceRe = true;
      } else {
        names.add(a);
      }
    }
    AnomalyWindows labels = NabQuality.readLabels(data);
    List<NabQuality.Series> series = NabQuality.readSeries(data, labels);
    for (String name : names) {
      // FROM=x suffix: align the prototype's boundary x to 0.75 in the default
      String base = name;
      double from = 0.75;
      int at = name.indexOf("@");
      if (at > 0) {
        base = name.substring(0, at);
        from = Double.parseDouble(name.substring(at + 1));
      }
      DetectorSpec alone = proto(base);
      run(base, alone, series, labels, perFile);
      if (member) {
        DetectorSpec third = from == 0.75 ? alone : AlignedScore.of(alone, from);
        DetectorSpec combo =
            replaceRe
                ? Ensemble.of(Ensemble.Combiner.MAX, Detectors.parse("cad"), third)
                : Ensemble.of(
                    Ensemble.Combiner.MAX,
                    AlignedScore.of(Detectors.parse("re"), 0.5),
                    Detectors.parse("cad"),
                    third);
        run((replaceRe ? "cad + " : "default + ") + name, combo, series, labels, perFile);
      }
    }
  }

  private static void run(
      String name, DetectorSpec spec, List<NabQuality.Series> series, AnomalyWindows labels, boolean perFile) {
    NabQuality.Result r = NabQuality.evaluate(name, spec, series, labels);
    StringBuilder cats = new StringBuilder();
    for (Map.Entry<String, NabQuality.Result> c : r.byCategory().entrySet()) {
      cats.append(String.format(Locale.ROOT, " %s %.2f", c.getKey().replace("real", "").replace("WithAnomaly", ""), c.getValue().standard()));
    }
    System.out.printf(
        Locale.ROOT,
        "%-44s %6.2f %6.2f %6.2f %2d/%d fp %3d |%s  (%.0fs)%n",
        name,
        r.standard(),
        r.lowFp(),
        r.lowFn(),
        r.windowsFound(),
        r.windows(),
        r.fpRows(),
        cats,
        r.seconds());
    if (perFile) {
      NabQuality.printFiles(r);
    }
  }
}
