package io.beamwise.anomaly;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.joda.time.Instant;

/**
 * Compact deterministic coder for {@link AlertEpisode}: key, start, end, alerts (varint), peak
 * score, peak time, peak value, source, line (varint), detector; instants as epoch millis, doubles
 * as their IEEE-754 bits (as {@link AnomalyResultCoder}). The type keeps its schema ({@code
 * @DefaultSchema}) for users who want {@code Row}s.
 */
public final class AlertEpisodeCoder extends AtomicCoder<AlertEpisode> {

  private static final AlertEpisodeCoder INSTANCE = new AlertEpisodeCoder();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final VarLongCoder VARLONG = VarLongCoder.of();

  public static AlertEpisodeCoder of() {
    return INSTANCE;
  }

  private AlertEpisodeCoder() {}

  @Override
  public void encode(AlertEpisode e, OutputStream out) throws IOException {
    STRING.encode(e.getKey(), out);
    DataOutputStream data = new DataOutputStream(out);
    data.writeLong(e.getStart().getMillis());
    data.writeLong(e.getEnd().getMillis());
    data.flush();
    VARLONG.encode(e.getAlerts(), out);
    data.writeLong(Double.doubleToLongBits(e.getPeakScore()));
    data.writeLong(e.getPeakTime().getMillis());
    data.writeLong(Double.doubleToLongBits(e.getPeakValue()));
    data.flush();
    STRING.encode(e.getSource(), out);
    VARLONG.encode(e.getLine(), out);
    STRING.encode(e.getDetector(), out);
  }

  @Override
  public AlertEpisode decode(InputStream in) throws IOException {
    String key = STRING.decode(in);
    DataInputStream data = new DataInputStream(in);
    Instant start = Instant.ofEpochMilli(data.readLong());
    Instant end = Instant.ofEpochMilli(data.readLong());
    long alerts = VARLONG.decode(in);
    double peakScore = Double.longBitsToDouble(data.readLong());
    Instant peakTime = Instant.ofEpochMilli(data.readLong());
    double peakValue = Double.longBitsToDouble(data.readLong());
    String source = STRING.decode(in);
    long line = VARLONG.decode(in);
    String detector = STRING.decode(in);
    return AlertEpisode.create(key, start, end, alerts, peakScore, peakTime, peakValue, source, line, detector);
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
