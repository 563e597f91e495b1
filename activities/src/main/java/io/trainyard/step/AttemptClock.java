package io.trainyard.step;

import java.time.Duration;

/**
 * Where one attempt's time goes, measured while it runs ({@link StepTime}): its queue time, from
 * when Temporal scheduled the attempt to when this worker started it; the executor's time, of which
 * the step's own running time ({@link RunningTime}, as the executor measures it) is the run and the
 * rest the start-up; and the activity's time outside the executor, the engine's.
 */
final class AttemptClock {
  private final long queueMillis;
  private final long began = System.nanoTime();
  private final RunningTime running = new RunningTime();
  private long executorNanos;

  /** An attempt scheduled at {@code scheduledAtMillis} that starts at {@code startedAtMillis} (epoch milliseconds). */
  AttemptClock(long scheduledAtMillis, long startedAtMillis) {
    // the server's clock and this worker's may differ by a little: never a negative wait
    this.queueMillis = scheduledAtMillis <= 0 ? 0 : Math.max(0, startedAtMillis - scheduledAtMillis);
  }

  /** How long the attempt waited on its task queue: the one measure of it (metrics and the registry alike). */
  long queueMillis() {
    return queueMillis;
  }

  /** The step's running time, which the executor measures. */
  RunningTime running() {
    return running;
  }

  /** Runs the executor, counting its time. */
  ExecutionOutcome execute(StepExecutor executor, StepLaunch launch) {
    long start = System.nanoTime();
    try {
      return executor.execute(launch);
    } finally {
      executorNanos += System.nanoTime() - start;
    }
  }

  /** Where the time went so far. */
  StepTime time() {
    long total = Duration.ofNanos(System.nanoTime() - began).toMillis();
    long executor = Duration.ofNanos(executorNanos).toMillis();
    long run = running.running().toMillis();
    return new StepTime(queueMillis, Math.max(0, executor - run), run, Math.max(0, total - executor));
  }
}
