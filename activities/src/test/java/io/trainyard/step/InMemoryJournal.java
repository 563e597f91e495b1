package io.trainyard.step;

import java.util.ArrayList;
import java.util.List;

/** An attempt journal that keeps what it is told, for assertions. */
final class InMemoryJournal implements AttemptJournal {
  final List<AttemptStarted> started = new ArrayList<>();
  final List<AttemptFinished> finished = new ArrayList<>();

  @Override
  public synchronized void started(AttemptStarted attempt) {
    started.add(attempt);
  }

  @Override
  public synchronized void finished(AttemptFinished attempt) {
    finished.add(attempt);
  }

  synchronized AttemptFinished lastFinished() {
    return finished.get(finished.size() - 1);
  }
}
