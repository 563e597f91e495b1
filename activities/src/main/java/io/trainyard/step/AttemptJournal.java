package io.trainyard.step;

/** Where executors record each step attempt as it starts and ends (the registry, in production). */
public interface AttemptJournal {

  void started(AttemptStarted attempt);

  void finished(AttemptFinished attempt);
}
