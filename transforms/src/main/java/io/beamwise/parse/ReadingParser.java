package io.beamwise.parse;

import java.io.Serializable;

/**
 * Turns one {@link SourceLine} into a {@link ParseOutcome}. Implementations are plain, stateless
 * classes, tested without a pipeline, and must never throw: every problem becomes a
 * {@link ParseOutcome#failure failure} with a reason.
 */
public interface ReadingParser extends Serializable {
  ParseOutcome parse(SourceLine line);
}
