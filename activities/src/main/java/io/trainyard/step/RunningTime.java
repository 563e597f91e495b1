package io.trainyard.step;

import java.time.Duration;

/**
 * How long one attempt's work has run, as its executor measures it: from the process start to its
 * exit (local and builtin executors: {@link #start}, {@link #stop}), or as the Kubernetes executor
 * reads it from its pods' container states ({@link #observed}, which also tells the part spent in
 * pods that Kubernetes disrupted). Read while the attempt runs (the budget check at each heartbeat)
 * and once it ended (the attempt's price). Thread-safe: a builtin's heartbeat thread reads it.
 */
public final class RunningTime {
  private long totalNanos;
  private long preemptedNanos;
  private long since = -1;

  /** The work started running now. */
  public synchronized void start() {
    since = System.nanoTime();
  }

  /** The work stopped running now; a no-op when it was not running. */
  public synchronized void stop() {
    if (since >= 0) {
      totalNanos += System.nanoTime() - since;
      since = -1;
    }
  }

  /** The running time so far as observed elsewhere (pod states), of which {@code preempted} in disrupted pods. */
  public synchronized void observed(Duration running, Duration preempted) {
    totalNanos = running.toNanos();
    preemptedNanos = preempted.toNanos();
    since = -1;
  }

  /** How long the work has run so far. */
  public synchronized Duration running() {
    return Duration.ofNanos(totalNanos + (since >= 0 ? System.nanoTime() - since : 0));
  }

  /** How much of it ran in pods that Kubernetes disrupted (eviction, preemption). */
  public synchronized Duration preempted() {
    return Duration.ofNanos(preemptedNanos);
  }
}
