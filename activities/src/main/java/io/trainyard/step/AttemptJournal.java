package io.trainyard.step;

import java.math.BigDecimal;

/** Where executors record each step attempt as it starts and ends (the registry, in production). */
public interface AttemptJournal {

  void started(AttemptStarted attempt);

  void finished(AttemptFinished attempt);

  /** What the ended attempts of a run cost so far. */
  BigDecimal spent(String runId);

  /**
   * An attempt recorded once, at its end, with its start: whether or not its start was written
   * before. Journals that can write both in one go override this.
   */
  default void recorded(AttemptStarted start, AttemptFinished end) {
    started(start);
    finished(end);
  }
}
