package io.trainyard.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The step Jobs and their pods in one namespace, as two shared informers (started on first use and
 * kept), and the attempts waiting on them: each waiting attempt registers a {@link JobWatch} that is
 * woken when its Job or one of its pods changes. One watch connection per kind for the whole worker,
 * however many steps run.
 */
final class StepJobs implements AutoCloseable {
  private static final String BY_ATTEMPT = "trainyard-attempt";

  private final KubernetesClient client;
  private final String namespace;
  private final Map<String, Set<JobWatch>> watches = new ConcurrentHashMap<>();
  private SharedIndexInformer<Job> jobs;
  private SharedIndexInformer<Pod> pods;

  StepJobs(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** Register a waiting attempt on {@code job}; close the watch when done. */
  JobWatch watch(Job job) {
    start();
    JobWatch watch = new JobWatch(this, job);
    watches.computeIfAbsent(watch.key(), k -> ConcurrentHashMap.newKeySet()).add(watch);
    return watch;
  }

  void unregister(JobWatch watch) {
    watches.computeIfPresent(watch.key(), (k, set) -> {
      set.remove(watch);
      return set.isEmpty() ? null : set;
    });
  }

  /** The Job as the informer last saw it; null when it has not seen it (yet, or any more). */
  Job cachedJob(String name) {
    return jobs.getStore().getByKey(namespace + "/" + name);
  }

  /** The pods of one attempt's Job, as the informer last saw them. */
  List<Pod> cachedPods(String attemptKey) {
    return pods.getIndexer().byIndex(BY_ATTEMPT, attemptKey);
  }

  /** Start the informers now (once): the worker does at start-up, so that no step waits for them. */
  synchronized void start() {
    if (jobs != null) {
      return;
    }
    // inform() returns once the initial list is in the store: a waiting attempt never reads an empty cache
    SharedIndexInformer<Job> jobInformer = client.batch().v1().jobs().inNamespace(namespace)
        .withLabel(JobNames.MANAGED_BY_LABEL, JobNames.APP)
        .withIndexers(Map.of(BY_ATTEMPT, attemptIndex()))
        .inform(new Wake<>(), 0);
    try {
      pods = client.pods().inNamespace(namespace)
          .withLabel(JobNames.MANAGED_BY_LABEL, JobNames.APP)
          .withIndexers(Map.of(BY_ATTEMPT, attemptIndex()))
          .inform(new Wake<>(), 0);
    } catch (RuntimeException e) {
      // both or neither: the next step tries again
      jobInformer.close();
      throw e;
    }
    jobs = jobInformer;
  }

  @Override
  public synchronized void close() {
    if (jobs != null) {
      jobs.close();
      pods.close();
    }
  }

  /**
   * The attempt an object belongs to, from the labels a Job and (through its pod template) its pods
   * carry; the Job's name cannot be recovered from its pods on every API server, the labels can.
   */
  static String attemptKey(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    if (labels == null || !labels.containsKey(JobNames.ATTEMPT_LABEL)) {
      return null;
    }
    return labels.get(JobNames.RUN_LABEL) + "/" + labels.get(JobNames.STEP_LABEL) + "/" + labels.get(JobNames.ATTEMPT_LABEL);
  }

  private static <T extends HasMetadata> Function<T, List<String>> attemptIndex() {
    return object -> {
      String key = attemptKey(object);
      return key == null ? List.of() : List.of(key);
    };
  }

  private void wake(HasMetadata object) {
    String key = attemptKey(object);
    if (key != null) {
      watches.getOrDefault(key, Set.of()).forEach(JobWatch::signal);
    }
  }

  /** Wakes the attempts an added, changed or deleted object belongs to. */
  private final class Wake<T extends HasMetadata> implements ResourceEventHandler<T> {
    @Override
    public void onAdd(T object) {
      wake(object);
    }

    @Override
    public void onUpdate(T before, T after) {
      wake(after);
    }

    @Override
    public void onDelete(T object, boolean finalStateUnknown) {
      wake(object);
    }
  }
}
