package io.beamwise.io.datasets;

/**
 * A dataset is neither in the cache nor downloadable (offline, wrong bytes, HTTP error), or its
 * cached copy has the wrong checksum. The message says which file to place where.
 */
public class DatasetUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public DatasetUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
