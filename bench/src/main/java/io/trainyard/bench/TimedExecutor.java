package io.trainyard.bench;

import io.trainyard.step.ExecutionOutcome;
import io.trainyard.step.StepExecutor;
import io.trainyard.step.StepLaunch;

/** A {@link StepExecutor} that notes when the last {@code execute} began and returned (nanoTime). */
final class TimedExecutor implements StepExecutor {
  private final StepExecutor delegate;
  private final String name;
  volatile long began;
  volatile long returned;

  TimedExecutor(StepExecutor delegate, String name) {
    this.delegate = delegate;
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ExecutionOutcome execute(StepLaunch launch) {
    began = System.nanoTime();
    try {
      return delegate.execute(launch);
    } finally {
      returned = System.nanoTime();
    }
  }
}
