package io.trainyard.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** One attempt waiting on its Job: woken by {@link StepJobs} when the Job or one of its pods changes. */
final class JobWatch implements AutoCloseable {
  private final StepJobs jobs;
  private final String name;
  private final String key;
  private final Semaphore changed = new Semaphore(0);

  JobWatch(StepJobs jobs, Job job) {
    this.jobs = jobs;
    this.name = job.getMetadata().getName();
    this.key = StepJobs.attemptKey(job);
    if (key == null) {
      throw new IllegalArgumentException("Job " + name + " carries no " + JobNames.ATTEMPT_LABEL + " label");
    }
  }

  String key() {
    return key;
  }

  /** The Job's name. */
  String name() {
    return name;
  }

  void signal() {
    changed.release();
  }

  /** Wait until something changed or {@code timeout} passed; true when something changed. */
  boolean await(Duration timeout) throws InterruptedException {
    boolean woken = changed.tryAcquire(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    changed.drainPermits();
    return woken;
  }

  /** The Job as last seen; null when the informer has not seen it. */
  Job job() {
    return jobs.cachedJob(name);
  }

  /** The Job's pods as last seen. */
  List<Pod> pods() {
    return jobs.cachedPods(key);
  }

  @Override
  public void close() {
    jobs.unregister(this);
  }
}
