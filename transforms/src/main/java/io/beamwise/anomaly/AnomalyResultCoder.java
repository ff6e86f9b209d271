package io.beamwise.anomaly;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * Compact deterministic coder for {@link AnomalyResult}, field by field: one flags byte (label,
 * {@code isAnomaly}, {@code late}, whether details or values follow), sensor, timestamp (8 bytes),
 * value, source, line (varint), score, threshold, detector, then the details sorted by name and the
 * values when present. A univariate result without details from a 40-character source path is
 * about 90 bytes.
 *
 * <p>{@link ScoreAnomalies#scores()} uses it, so results cross the runner's shuffles and stages
 * without the conversion to and from a schema {@code Row} that {@code SchemaCoder} does for every
 * element. The type keeps its schema ({@code @DefaultSchema}): for {@code Row}s apply {@code
 * .setCoder(pipeline.getSchemaRegistry().getSchemaCoder(AnomalyResult.class))} first.
 *
 * <p>Doubles are written as their IEEE-754 bits ({@link Double#doubleToLongBits}, so {@code -0.0}
 * survives and every NaN is the canonical NaN, as in {@code equals}). Details are written in name
 * order whatever the map's iteration order, so equal results encode to equal bytes.
 */
public final class AnomalyResultCoder extends AtomicCoder<AnomalyResult> {

  private static final AnomalyResultCoder INSTANCE = new AnomalyResultCoder();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();

  // Flags byte: bits 0-1 the label (known labels; 3 = another label, written as a string).
  private static final int LABEL_MASK = 0b11;
  private static final int OTHER_LABEL = 3;
  private static final int IS_ANOMALY = 1 << 2;
  private static final int LATE = 1 << 3;
  private static final int HAS_DETAILS = 1 << 4;
  private static final int HAS_VALUES = 1 << 5;
  private static final String[] LABELS = {
    AnomalyResult.WARMING_UP, AnomalyResult.NORMAL, AnomalyResult.ANOMALY
  };

  public static AnomalyResultCoder of() {
    return INSTANCE;
  }

  private AnomalyResultCoder() {}

  @Override
  public void encode(AnomalyResult r, OutputStream out) throws CoderException, IOException {
    if (r == null) {
      throw new CoderException("cannot encode a null AnomalyResult");
    }
    int label = labelCode(r.getLabel());
    Map<String, Double> details = r.getDetails();
    List<Double> values = r.getValues();
    int flags =
        label
            | (r.getIsAnomaly() ? IS_ANOMALY : 0)
            | (r.getLate() ? LATE : 0)
            | (details.isEmpty() ? 0 : HAS_DETAILS)
            | (values.isEmpty() ? 0 : HAS_VALUES);
    out.write(flags);
    if (label == OTHER_LABEL) {
      STRING.encode(r.getLabel(), out);
    }
    STRING.encode(r.getSensor(), out);
    InstantCoder.of().encode(r.getTimestamp(), out);
    DataOutputStream data = new DataOutputStream(out);
    data.writeDouble(r.getValue());
    STRING.encode(r.getSource(), out);
    VarLongCoder.of().encode(r.getLine(), out);
    data.writeDouble(r.getScore());
    data.writeDouble(r.getThreshold());
    STRING.encode(r.getDetector(), out);
    if (!details.isEmpty()) {
      Map<String, Double> sorted = new TreeMap<>(details);
      VarIntCoder.of().encode(sorted.size(), out);
      for (Map.Entry<String, Double> e : sorted.entrySet()) {
        STRING.encode(e.getKey(), out);
        data.writeDouble(e.getValue());
      }
    }
    if (!values.isEmpty()) {
      VarIntCoder.of().encode(values.size(), out);
      for (Double v : values) {
        data.writeDouble(v);
      }
    }
  }

  @Override
  public AnomalyResult decode(InputStream in) throws CoderException, IOException {
    int flags = in.read();
    if (flags < 0) {
      throw new CoderException("end of input before an AnomalyResult");
    }
    int labelCode = flags & LABEL_MASK;
    String label = labelCode == OTHER_LABEL ? STRING.decode(in) : LABELS[labelCode];
    String sensor = STRING.decode(in);
    org.joda.time.Instant timestamp = InstantCoder.of().decode(in);
    DataInputStream data = new DataInputStream(in);
    double value = data.readDouble();
    String source = STRING.decode(in);
    long line = VarLongCoder.of().decode(in);
    double score = data.readDouble();
    double threshold = data.readDouble();
    String detector = STRING.decode(in);
    Map<String, Double> details = Collections.emptyMap();
    if ((flags & HAS_DETAILS) != 0) {
      int n = VarIntCoder.of().decode(in);
      TreeMap<String, Double> map = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        map.put(STRING.decode(in), data.readDouble());
      }
      details = Collections.unmodifiableMap(map);
    }
    List<Double> values = Collections.emptyList();
    if ((flags & HAS_VALUES) != 0) {
      int n = VarIntCoder.of().decode(in);
      List<Double> list = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        list.add(data.readDouble());
      }
      values = Collections.unmodifiableList(list);
    }
    return new AutoValue_AnomalyResult(
        sensor,
        timestamp,
        value,
        source,
        line,
        score,
        label,
        (flags & IS_ANOMALY) != 0,
        threshold,
        detector,
        (flags & LATE) != 0,
        details,
        values);
  }

  private static int labelCode(String label) {
    for (int i = 0; i < LABELS.length; i++) {
      if (LABELS[i].equals(label)) {
        return i;
      }
    }
    return OTHER_LABEL;
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
