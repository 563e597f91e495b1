package io.trainyard.step;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** An attempt journal that keeps what it is told, for assertions. */
public final class InMemoryJournal implements AttemptJournal {
  public final List<AttemptStarted> started = new ArrayList<>();
  public final List<AttemptFinished> finished = new ArrayList<>();

  @Override
  public synchronized void started(AttemptStarted attempt) {
    started.add(attempt);
  }

  @Override
  public synchronized void finished(AttemptFinished attempt) {
    finished.add(attempt);
  }

  @Override
  public synchronized BigDecimal spent(String runId) {
    return finished.stream()
        .filter(f -> f.runId().equals(runId))
        .map(f -> f.cost().cost())
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  public synchronized AttemptFinished lastFinished() {
    return finished.get(finished.size() - 1);
  }
}
