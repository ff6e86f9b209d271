package io.beamwise.anomaly.detectors;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.beam.sdk.coders.CoderException;

/**
 * The state encoding of a sliding window kept in a ring buffer, shared by the detectors' state
 * coders: the point count as an int, then the points oldest first as doubles. Decoding lays the
 * points out from index 0, so the decoded ring's head (oldest point) is 0.
 */
final class RingWindows {

  private RingWindows() {}

  /** Writes the {@code size} points of {@code ring} starting at {@code head}, oldest first. */
  static void write(DataOutputStream data, double[] ring, int head, int size) throws IOException {
    data.writeInt(size);
    for (int i = 0; i < size; i++) {
      data.writeDouble(ring[(head + i) % ring.length]);
    }
  }

  /**
   * Reads a window written by {@link #write} into {@code ring} from index 0.
   *
   * @return the number of points read
   * @throws CoderException if the encoded window is longer than {@code ring} or negative
   */
  static int read(DataInputStream data, double[] ring) throws IOException {
    int size = data.readInt();
    if (size < 0 || size > ring.length) {
      throw new CoderException(
          "encoded window of " + size + " points does not fit window=" + ring.length);
    }
    for (int i = 0; i < size; i++) {
      ring[i] = data.readDouble();
    }
    return size;
  }
}
