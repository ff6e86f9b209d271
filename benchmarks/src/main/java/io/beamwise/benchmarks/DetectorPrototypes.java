package io.beamwise.benchmarks;

import io.beamwise.anomaly.ExpectedRange;
import io.beamwise.anomaly.detectors.AlignedScore;
import io.beamwise.anomaly.detectors.AnomalyLikelihood;
import io.beamwise.anomaly.detectors.Detector;
import io.beamwise.anomaly.detectors.DetectorSpec;
import io.beamwise.anomaly.detectors.Detectors;
import io.beamwise.anomaly.detectors.Ensemble;
import io.beamwise.anomaly.detectors.ValueRange;
import io.beamwise.benchmarks.prototypes.Bocpd;
import io.beamwise.benchmarks.prototypes.FuzzyArt;
import io.beamwise.benchmarks.prototypes.LeftMatrixProfile;
import io.beamwise.benchmarks.prototypes.MinimumOf;
import io.beamwise.benchmarks.prototypes.PublishedScores;
import io.beamwise.benchmarks.prototypes.SeasonalDifference;
import io.beamwise.benchmarks.prototypes.htm.HtmDetector;
import io.beamwise.evaluation.AnomalyWindows;
import io.beamwise.evaluation.NabScorer;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
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
 * "Matrix Profile II: STOMP", ICDM 2016; Y. Lu, M. Imamura and E. Keogh, "DAMP", KDD 2022) and an
 * HTM detector written from the papers ({@link HtmDetector}: S. Ahmad, A. Lavin, S. Purdy and Z.
 * Agha, Neurocomputing 262, 2017). Each
 * is printed alone and as one more member of the default ({@link Detectors#DEFAULT}, or the spec
 * given as {@code --base=SPEC}, e.g. {@code --base='max(align(re,0.5),cad)'} for the default before
 * SPOT and the spatial rule joined it) (standard / low FP /
 * low FN, windows, FP rows, standard per category), or with {@code --replaceRe} as the second
 * member of {@code max(cad,NAME)}; the figures are in {@code docs/detectors.md}.
 * {@code art:W:RHO_UPPER:RHO_LOWER[:BLOCK[:WARMUP[:CALIBRATION]]]},
 * {@code bocpd:LAMBDA:RECENT[:tail]}, {@code mp:M:H[:MODE[:EXCL[:WARMUP]]]} (MODE {@code abs},
 * {@code bsf}, {@code zK} or {@code zKr}; see {@link LeftMatrixProfile}) and {@code
 * htm[:WARMUP[:BUCKETS[:tod|notod[:SEED]]]]} (its raw score; {@code htmL…} in {@code
 * likelihood(…,spatial)}, {@code htmLn…} without the spatial rule, {@code htmLP…} with each file's
 * NAB probation, NAB's protocol) name prototypes, anything
 * else is a {@link Detectors#parse} spec; {@code pub:DETECTOR} replays NAB's published per-row
 * scores of {@code DETECTOR} ({@link PublishedScores}, e.g. {@code pub:knncad}: a look at a
 * published detector as a member before implementing it); {@code NAME@FROM} aligns the prototype's
 * boundary FROM to 0.75 in the combination. Unless {@code --alone}, the default (or {@code cad} with
 * {@code --replaceRe}) is printed first, and each combination with the count of files whose NAB raw
 * score rose / stayed / fell against it. {@code --replaceCad} makes the combination {@code
 * max(align(re,0.5),NAME)} (first printed: {@code align(re,0.5)}); {@code --vsDefault} prints the
 * default first and counts files against it whatever the combination; {@code --windows} adds, per
 * file, which of its windows (1-based, by start) each configuration finds at its standard
 * threshold; {@code --extra=SPEC} adds the {@link Detectors#parse} spec SPEC as one more member of
 * maximum to the first printed configuration and to every combination (e.g. {@code --extra=spatial}:
 * what NAME adds beyond it). {@code --valueRange} as in {@link NabQuality}.
 *
 * <pre>
 * java -cp ... io.beamwise.benchmarks.DetectorPrototypes [--data=DIR] [--files] [--windows] [--alone] [--replaceRe|--replaceCad] [--vsDefault] [--base=SPEC] [--extra=SPEC] [--valueRange=FORM] NAME [NAME ...]
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

  /** A prototype spec that uses the given value range, if any (null: none given). */
  record RangedProto(String name, Function<ValueRange, Detector> factory) implements DetectorSpec {
    /** {@code spec}'s detector told {@code range}, or told nothing when {@code range} is null. */
    static Detector create(DetectorSpec spec, ValueRange range) {
      return range == null ? spec.create() : spec.create(range);
    }

    @Override
    public Detector create() {
      return factory.apply(null);
    }

    @Override
    public Detector create(ValueRange expected) {
      return factory.apply(expected);
    }

    @Override
    public String describe() {
      return name;
    }
  }

  static DetectorSpec proto(String name) {
    if (name.startsWith("min(") && name.endsWith(")")) { // min(SPEC|SPEC|...)
      List<DetectorSpec> members = new ArrayList<>();
      for (String m : name.substring(4, name.length() - 1).split("\\|")) {
        members.add(proto(m));
      }
      return new RangedProto(
          name,
          r -> new MinimumOf(members.stream().map(m -> RangedProto.create(m, r)).toList()));
    }
    String[] p = name.split(":");
    switch (p[0]) {
      case "seasonal": // seasonal:HOURS:INNER-SPEC
        {
          long season = (long) (Double.parseDouble(p[1]) * 3_600_000L);
          DetectorSpec inner = proto(name.substring(name.indexOf(':', "seasonal:".length()) + 1));
          return new RangedProto(
              name, r -> new SeasonalDifference(season, RangedProto.create(inner, r)));
        }
      case "htm": // htm[:WARMUP[:BUCKETS[:tod|notod[:SEED]]]]
      case "htmL": // the same in likelihood(…, spatial)
      case "htmLn": // the same in likelihood(…)
        {
          int warm = p.length > 1 ? Integer.parseInt(p[1]) : 150;
          double buckets = p.length > 2 ? Double.parseDouble(p[2]) : 130;
          boolean tod = !(p.length > 3 && p[3].equals("notod"));
          long seed = p.length > 4 ? Long.parseLong(p[4]) : 42;
          DetectorSpec raw = new RangedProto(name, r -> new HtmDetector(warm, buckets, tod, r, seed));
          if (p[0].equals("htm")) {
            return raw;
          }
          AnomalyLikelihood.Spec l = AnomalyLikelihood.of(raw);
          return p[0].equals("htmL") ? l.withSpatialRule() : l;
        }
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

  /**
   * The spec of a prototype for each series: {@code pub:DETECTOR} replays NAB's published scores of
   * {@code DETECTOR} for the series ({@link PublishedScores}, from {@code
   * <data>/results/DETECTOR/<category>/DETECTOR_<name>.csv}); anything else is {@link #proto}.
   */
  static Function<NabQuality.Series, DetectorSpec> protoOf(String name, Path data) {
    if (name.startsWith("htmLP")) { // htmL with NAB's probation of each file: its protocol
      String rest = name.substring("htmLP".length());
      return s -> {
        int probation = Math.min(750, (int) Math.floor(0.15 * s.values().length));
        AnomalyLikelihood.Spec raw = AnomalyLikelihood.of(proto("htm" + rest));
        return raw.withProbation(probation).withSpatialRule();
      };
    }
    if (!name.startsWith("pub:")) {
      DetectorSpec spec = proto(name);
      return s -> spec;
    }
    String detector = name.substring(4);
    return s -> {
      int slash = s.key().indexOf('/');
      String category = s.key().substring(0, slash);
      String file = s.key().substring(slash + 1);
      Path csv = data.resolve("results").resolve(detector).resolve(category).resolve(detector + "_" + file);
      double[] published = PublishedScores.read(csv, s.values());
      int[] order = NabQuality.eventOrder(s);
      return new Proto(name, () -> new PublishedScores(published, order));
    };
  }

  public static void main(String[] args) throws Exception {
    Path data = Paths.get("../shared/datasets/nab");
    boolean perFile = false;
    boolean member = true;
    boolean replaceRe = false;
    boolean replaceCad = false;
    boolean windows = false;
    boolean vsDefault = false;
    DetectorSpec defaultDetector = Detectors.parse(Detectors.DEFAULT);
    DetectorSpec extra = null;
    ExpectedRange range = ExpectedRange.learned();
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
      } else if (a.equals("--replaceCad")) {
        replaceCad = true;
      } else if (a.startsWith("--base=")) {
        defaultDetector = Detectors.parse(a.substring("--base=".length()));
      } else if (a.equals("--vsDefault")) {
        vsDefault = true;
      } else if (a.startsWith("--extra=")) {
        extra = Detectors.parse(a.substring("--extra=".length()));
      } else if (a.equals("--windows")) {
        windows = true;
      } else if (a.startsWith("--valueRange=")) {
        range = ExpectedRange.parse(a.substring("--valueRange=".length()));
      } else {
        names.add(a);
      }
    }
    AnomalyWindows labels = NabQuality.readLabels(data);
    List<NabQuality.Series> series = NabQuality.readSeries(data, labels);
    if (replaceRe && replaceCad) {
      throw new IllegalArgumentException("--replaceRe and --replaceCad exclude each other");
    }
    DetectorSpec cad = Detectors.parse("cad");
    DetectorSpec alignedRe = AlignedScore.of(Detectors.parse("re"), 0.5);
    // The members a prototype joins: the default (or --base), or the one --replaceRe / --replaceCad keeps.
    List<DetectorSpec> kept =
        replaceRe ? List.of(cad) : replaceCad ? List.of(alignedRe) : List.of(defaultDetector);
    String keptName = replaceRe ? "cad" : replaceCad ? "align(re,0.5)" : "default";
    List<DetectorSpec> firstMembers = new ArrayList<>(vsDefault ? List.of(defaultDetector) : kept);
    if (extra != null) {
      firstMembers.add(extra);
    }
    DetectorSpec defaultSpec = maxOf(firstMembers);
    String baseName =
        (vsDefault ? "default" : keptName) + (extra == null ? "" : " + " + extra.describe());
    NabQuality.Result base = null;
    if (member || vsDefault) {
      base = run(baseName, s -> defaultSpec, range, series, labels, perFile, windows, null);
    }
    for (String name : names) {
      // FROM=x suffix: align the prototype's boundary x to 0.75 in the combination
      String protoName = name;
      double from = 0.75;
      int at = name.indexOf("@");
      if (at > 0) {
        protoName = name.substring(0, at);
        from = Double.parseDouble(name.substring(at + 1));
      }
      Function<NabQuality.Series, DetectorSpec> alone = protoOf(protoName, data);
      run(protoName, alone, range, series, labels, perFile, windows, vsDefault ? base : null);
      if (member) {
        double aligned = from;
        DetectorSpec with = extra;
        Function<NabQuality.Series, DetectorSpec> combo =
            s -> {
              List<DetectorSpec> members = new ArrayList<>(kept);
              members.add(aligned == 0.75 ? alone.apply(s) : AlignedScore.of(alone.apply(s), aligned));
              if (with != null) {
                members.add(with);
              }
              return maxOf(members);
            };
        run(
            keptName + " + " + (extra == null ? "" : extra.describe() + " + ") + name,
            combo, range, series, labels, perFile, windows, base);
      }
    }
  }

  /** The maximum of the members' scores, or the one member's own. */
  private static DetectorSpec maxOf(List<DetectorSpec> members) {
    return members.size() == 1
        ? members.get(0)
        : Ensemble.of(Ensemble.Combiner.MAX, members.toArray(new DetectorSpec[0]));
  }

  /**
   * Evaluates and prints one configuration; with {@code base}, also how many files' NAB raw scores
   * (standard profile, each at its own configuration's threshold) rose / stayed / fell against
   * {@code base} (stayed: within 0.0005, the printed precision); with {@code windows}, which windows
   * of each file it finds ({@link #printWindows}).
   */
  private static NabQuality.Result run(
      String name,
      Function<NabQuality.Series, DetectorSpec> spec,
      ExpectedRange range,
      List<NabQuality.Series> series,
      AnomalyWindows labels,
      boolean perFile,
      boolean windows,
      NabQuality.Result base) {
    NabQuality.Result r = NabQuality.evaluate(name, spec, range, series, labels);
    StringBuilder cats = new StringBuilder();
    for (Map.Entry<String, NabQuality.Result> c : r.byCategory().entrySet()) {
      cats.append(String.format(Locale.ROOT, " %s %.2f", c.getKey().replace("real", "").replace("WithAnomaly", ""), c.getValue().standard()));
    }
    String files = "";
    if (base != null) {
      Map<String, Double> before = new java.util.HashMap<>();
      for (NabScorer.Score f : base.standardScore().files()) {
        before.put(f.file(), f.rawScore());
      }
      int up = 0;
      int same = 0;
      int down = 0;
      for (NabScorer.Score f : r.standardScore().files()) {
        double d = f.rawScore() - before.get(f.file());
        if (Math.abs(d) < 0.0005) {
          same++;
        } else if (d > 0) {
          up++;
        } else {
          down++;
        }
      }
      files = String.format(Locale.ROOT, "  files +%d =%d -%d", up, same, down);
    }
    System.out.printf(
        Locale.ROOT,
        "%-44s %6.2f %6.2f %6.2f %2d/%d fp %3d thr %.4f |%s%s  (%.0fs)%n",
        name + (range.kind() == ExpectedRange.Kind.LEARNED ? "" : " [" + range.describe() + "]"),
        r.standard(),
        r.lowFp(),
        r.lowFn(),
        r.windowsFound(),
        r.windows(),
        r.fpRows(),
        r.threshold(),
        cats,
        files,
        r.seconds());
    if (perFile) {
      NabQuality.printFiles(r);
    }
    if (windows) {
      printWindows(spec, range, series, labels, r.threshold());
    }
    return r;
  }

  /**
   * For each file, which of its windows (1-based, in start order) have a non-probationary row
   * scoring at least {@code threshold} (NAB's detection), re-scoring each series.
   */
  private static void printWindows(
      Function<NabQuality.Series, DetectorSpec> spec,
      ExpectedRange range,
      List<NabQuality.Series> series,
      AnomalyWindows labels,
      double threshold) {
    for (NabQuality.Series s : series) {
      double[] scores = NabQuality.scores(spec.apply(s), range, s);
      List<NabScorer.Row> rows = new ArrayList<>(scores.length);
      for (int i = 0; i < scores.length; i++) {
        rows.add(new NabScorer.Row(s.timestamps().get(i), scores[i]));
      }
      NabScorer.DataFile file = new NabScorer.DataFile(s.key(), rows, labels.windows(s.key()));
      int[] windowOf = NabScorer.labelRows(file);
      int n = file.windows().size();
      boolean[] hit = new boolean[n];
      for (int i = 0; i < scores.length; i++) {
        if (windowOf[i] >= 0 && !NabScorer.isProbationary(i, scores.length) && scores[i] >= threshold) {
          hit[windowOf[i]] = true;
        }
      }
      StringBuilder found = new StringBuilder();
      for (int w = 0; w < n; w++) {
        found.append(hit[w] ? " " + (w + 1) : " -");
      }
      System.out.printf(Locale.ROOT, "    %-50s windows%s%n", s.key(), found);
    }
  }
}
