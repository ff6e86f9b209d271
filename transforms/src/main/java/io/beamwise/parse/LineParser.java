package io.beamwise.parse;

import java.io.Serializable;

/**
 * Turns one {@link SourceLine} into a {@link ParseOutcome}: a record with its event time, a header
 * line to skip, or a failure with a reason. Implementations are plain, immutable classes, tested
 * without a pipeline, and must not throw: every problem becomes a failure.
 *
 * @param <T> the record type
 */
public interface LineParser<T> extends Serializable {
  ParseOutcome<T> parse(SourceLine line);
}
