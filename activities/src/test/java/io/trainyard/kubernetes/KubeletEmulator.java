package io.trainyard.kubernetes;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the Job controller, the scheduler and the kubelet of one namespace on fabric8's mock API
 * server (CRUD mode), so that code creating Jobs meets a cluster that behaves like a real one: the
 * Job gets a Pod, the Pod is scheduled (or stays {@code Unschedulable}), its container runs as a
 * local process through a {@link ContainerRuntime}, Pod and Job status move as Kubernetes moves
 * them ({@code podFailurePolicy}, {@code backoffLimit}, {@code activeDeadlineSeconds},
 * {@code podReplacementPolicy: Failed}, garbage collection of a deleted Job's pods), and the
 * container's output is kept in {@link PodLogs} for {@link PodLogDispatcher} to serve.
 *
 * <p>All cluster state changes run on one thread, in the order their causes arrived, like a
 * controller's work queue.
 */
public final class KubeletEmulator implements AutoCloseable {
  /** The node every schedulable pod lands on. */
  public static final String NODE = "emulated-node-1";
  /** The exit code of a container killed by SIGKILL, as {@link #evict} kills it. */
  public static final int KILLED = 137;
  /** The exit code of a container stopped by SIGTERM, as the kubelet stops the container of a deleted pod. */
  public static final int TERMINATED = 143;
  static final String JOB_NAME_LABEL = "job-name";
  static final String BATCH_JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
  static final String CONTROLLER_UID_LABEL = "controller-uid";
  static final String BATCH_CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid";
  private static final String UNSCHEDULABLE_MESSAGE = "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. "
      + "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";
  private static final String JOB_CONTROLLER = "job-controller";
  private static final String SCHEDULER = "default-scheduler";
  private static final String KUBELET = "kubelet";
  private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final Duration CONFIG_RETRY = Duration.ofMillis(500);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Logger LOG = LoggerFactory.getLogger(KubeletEmulator.class);

  private final KubernetesClient client;
  private final String namespace;
  private final ContainerRuntime runtime;
  private final PodLogs logs;
  private final ScheduledExecutorService loop;
  /** Jobs by name; touched on the loop thread only. */
  private final Map<String, JobRecord> jobs = new HashMap<>();
  /** Running containers by pod name. */
  private final Map<String, RunningContainer> containers = new ConcurrentHashMap<>();
  /** When each pod was created, in creation order: timestamps of one second cannot order a pod and its replacement. */
  private final Map<String, Long> created = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  private volatile Predicate<Pod> unschedulable = pod -> false;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  /** Every Job the controller took on, as it was created, in that order (deleted ones too). */
  private final List<Job> seen = new CopyOnWriteArrayList<>();

  private KubeletEmulator(KubernetesClient client, String namespace, ContainerRuntime runtime, PodLogs logs) {
    this.client = client;
    this.namespace = namespace;
    this.runtime = runtime;
    this.logs = logs;
    this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "kubelet-emulator-" + namespace);
      thread.setDaemon(true);
      return thread;
    });
  }

  /** An emulator for {@code namespace} whose logs nobody serves (see {@link MockCluster} for one that does). */
  public static KubeletEmulator start(KubernetesClient client, String namespace, ContainerRuntime runtime) {
    return start(client, namespace, runtime, new PodLogs());
  }

  /** An emulator for {@code namespace} that keeps container output in {@code logs}. */
  public static KubeletEmulator start(KubernetesClient client, String namespace, ContainerRuntime runtime, PodLogs logs) {
    KubeletEmulator emulator = new KubeletEmulator(client, namespace, runtime, logs);
    emulator.informers.add(client.batch().v1().jobs().inNamespace(namespace).inform(emulator.jobEvents()));
    emulator.informers.add(client.pods().inNamespace(namespace).inform(emulator.podEvents()));
    return emulator;
  }

  /** Every Job created in the namespace so far, as created and in creation order, deleted ones included. */
  public List<Job> jobsCreated() {
    return List.copyOf(seen);
  }

  /** The logs of this emulator's containers. */
  public PodLogs logs() {
    return logs;
  }

  /**
   * From now on, no node fits a pod matching {@code rule}: it stays {@code Pending} with condition
   * {@code PodScheduled=False, reason Unschedulable}. Pending pods are scheduled again under the new rule.
   */
  public KubeletEmulator unschedulable(Predicate<Pod> rule) {
    this.unschedulable = Objects.requireNonNull(rule, "rule");
    onLoop(() -> {
      List.copyOf(jobs.values()).forEach(job -> List.copyOf(job.unscheduled).forEach(this::schedule));
      return null;
    });
    return this;
  }

  /** No node carries {@code value} for node-selector {@code key}: pods selecting it are unschedulable. */
  public KubeletEmulator noNodeFor(String key, String value) {
    return unschedulable(pod -> pod.getSpec().getNodeSelector() != null && value.equals(pod.getSpec().getNodeSelector().get(key)));
  }

  /** The pods of Job {@code jobName}, as the API server has them, in the order they were created. */
  public List<Pod> pods(String jobName) {
    return client.pods().inNamespace(namespace).withLabel(JOB_NAME_LABEL, jobName).list().getItems().stream()
        .sorted(Comparator.comparingLong(p -> created.getOrDefault(p.getMetadata().getName(), Long.MAX_VALUE)))
        .toList();
  }

  /** Waits (up to 30 seconds) until a pod of Job {@code jobName} is {@code Running}; returns it. */
  public Pod awaitRunning(String jobName) {
    return awaitRunning(jobName, Duration.ofSeconds(30));
  }

  /** Waits (up to {@code timeout}) until a pod of Job {@code jobName} is {@code Running}; returns it. */
  public Pod awaitRunning(String jobName, Duration timeout) {
    return awaitPod(jobName, p -> "Running".equals(p.getStatus().getPhase()), timeout);
  }

  /** Waits (up to {@code timeout}) until a pod of Job {@code jobName} meets {@code condition}; returns the first that does. */
  public Pod awaitPod(String jobName, Predicate<Pod> condition, Duration timeout) {
    return await().atMost(timeout).until(
        () -> pods(jobName).stream().filter(p -> p.getStatus() != null && condition.test(p)).findFirst(),
        Optional::isPresent).orElseThrow();
  }

  /**
   * Preempts pod {@code podName} as the scheduler does for a higher-priority pod (or a cloud
   * reclaims a spot node): its container is killed (exit code 137), the pod becomes {@code Failed}
   * with condition {@code DisruptionTarget=True, reason PreemptionByScheduler}; the Job controller
   * then applies the Job's {@code podFailurePolicy}. Returns the pod as written.
   */
  public Pod evict(String podName) {
    return onLoop(() -> {
      RunningContainer running = containers.remove(podName);
      if (running == null) {
        throw new IllegalStateException("pod " + podName + " has no running container to preempt");
      }
      running.kill();
      Pod pod = terminated(running, KILLED, "Error", List.of(condition("DisruptionTarget", "True", "PreemptionByScheduler",
          "default-scheduler: preempting to accommodate a higher priority pod")));
      event(pod, "Normal", "Preempted", "Preempted by a higher priority pod on node " + NODE, SCHEDULER);
      podFinished(running.job, pod);
      return pod;
    });
  }

  /** Preempts the running pod of Job {@code jobName} (see {@link #evict}). */
  public Pod evictRunning(String jobName) {
    String podName = onLoop(() -> containers.values().stream()
        .filter(c -> c.job.equals(jobName)).map(c -> c.pod).findFirst()
        .orElseThrow(() -> new IllegalStateException("job " + jobName + " has no running container")));
    return evict(podName);
  }

  /**
   * The {@code imageID} this node reports for a container of {@code image}, as containerd does: the
   * repository and the digest it pulled ({@code ghcr.io/example/trainyard@sha256:<hex>}). The
   * emulated registry's digest of a tag is the sha256 of the reference; a reference that pins a
   * digest gets that one.
   */
  public static String imageId(String image) {
    int at = image.indexOf('@');
    if (at >= 0) {
      return image;
    }
    int colon = image.lastIndexOf(':');
    String repository = colon > image.lastIndexOf('/') ? image.substring(0, colon) : image;
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(image.getBytes(StandardCharsets.UTF_8));
      return repository + "@sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Stops watching and kills every container still running. */
  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
    loop.shutdownNow();
    containers.values().forEach(RunningContainer::kill);
    containers.clear();
  }

  // ---- events -------------------------------------------------------------------------------

  private ResourceEventHandler<Job> jobEvents() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Job job) {
        later(() -> jobSeen(job));
      }

      @Override
      public void onUpdate(Job old, Job job) {
        later(() -> jobSeen(job));
      }

      @Override
      public void onDelete(Job job, boolean finalStateUnknown) {
        later(() -> collect(job));
      }
    };
  }

  private ResourceEventHandler<Pod> podEvents() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {}

      @Override
      public void onUpdate(Pod old, Pod pod) {}

      @Override
      public void onDelete(Pod pod, boolean finalStateUnknown) {
        later(() -> podDeleted(pod));
      }
    };
  }

  /** Queues {@code work} on the loop; an error is logged, as a controller logs a failed sync and goes on. */
  private void later(Runnable work) {
    later(work, Duration.ZERO);
  }

  private ScheduledFuture<?> later(Runnable work, Duration delay) {
    try {
      return loop.schedule(() -> {
        try {
          work.run();
        } catch (RuntimeException e) {
          if (loop.isShutdown()) {
            // closing interrupted the sync under way
            return;
          }
          LOG.error("kubelet emulator in {}: {}", namespace, e.getMessage(), e);
        }
      }, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closed) {
      return null;
    }
  }

  private <T> T onLoop(Callable<T> work) {
    try {
      return loop.submit(work).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  // ---- Job controller -----------------------------------------------------------------------

  private void jobSeen(Job job) {
    if (job.getMetadata().getDeletionTimestamp() != null) {
      collect(job);
      return;
    }
    JobRecord known = jobs.get(job.getMetadata().getName());
    if (known != null && known.uid.equals(uid(job))) {
      return;
    }
    if (finished(job.getStatus())) {
      return;
    }
    JobRecord record = new JobRecord(job.getMetadata().getName(), uid(job));
    jobs.put(record.name, record);
    seen.add(job);
    Job defaulted = client.batch().v1().jobs().inNamespace(namespace).withName(record.name).edit(KubeletEmulator::defaults);
    updateJobStatus(record, status -> status.setStartTime(now()));
    Long deadline = defaulted.getSpec().getActiveDeadlineSeconds();
    if (deadline != null) {
      record.deadline = later(() -> deadlineExceeded(record), Duration.ofSeconds(deadline));
    }
    createPod(record, defaulted);
  }

  /**
   * What the API server adds to a Job when it is created (here: when the emulator first sees it),
   * so that code reading a Job back meets the object a cluster returns, not the one it sent.
   */
  private static Job defaults(Job job) {
    var spec = job.getSpec();
    String uid = uid(job);
    Map<String, String> labels = new LinkedHashMap<>();
    if (spec.getTemplate().getMetadata() == null) {
      spec.getTemplate().setMetadata(new ObjectMeta());
    }
    if (spec.getTemplate().getMetadata().getLabels() != null) {
      labels.putAll(spec.getTemplate().getMetadata().getLabels());
    }
    labels.put(BATCH_CONTROLLER_UID_LABEL, uid);
    labels.put(BATCH_JOB_NAME_LABEL, job.getMetadata().getName());
    labels.put(CONTROLLER_UID_LABEL, uid);
    labels.put(JOB_NAME_LABEL, job.getMetadata().getName());
    spec.getTemplate().getMetadata().setLabels(labels);
    if (spec.getSelector() == null) {
      spec.setSelector(new LabelSelectorBuilder().addToMatchLabels(BATCH_CONTROLLER_UID_LABEL, uid).build());
    }
    if (spec.getCompletions() == null) {
      spec.setCompletions(1);
    }
    if (spec.getParallelism() == null) {
      spec.setParallelism(1);
    }
    if (spec.getBackoffLimit() == null) {
      spec.setBackoffLimit(6);
    }
    if (spec.getCompletionMode() == null) {
      spec.setCompletionMode("NonIndexed");
    }
    if (spec.getSuspend() == null) {
      spec.setSuspend(false);
    }
    if (spec.getPodReplacementPolicy() == null) {
      spec.setPodReplacementPolicy(spec.getPodFailurePolicy() == null ? "TerminatingOrFailed" : "Failed");
    }
    return job;
  }

  private void createPod(JobRecord record, Job job) {
    String name = record.name + "-" + suffix();
    Map<String, String> labels = new LinkedHashMap<>();
    if (job.getSpec().getTemplate().getMetadata() != null && job.getSpec().getTemplate().getMetadata().getLabels() != null) {
      labels.putAll(job.getSpec().getTemplate().getMetadata().getLabels());
    }
    labels.put(BATCH_CONTROLLER_UID_LABEL, record.uid);
    labels.put(BATCH_JOB_NAME_LABEL, record.name);
    labels.put(CONTROLLER_UID_LABEL, record.uid);
    labels.put(JOB_NAME_LABEL, record.name);
    Pod pod = new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withGenerateName(record.name + "-")
        .withNamespace(namespace)
        .withLabels(labels)
        .withAnnotations(job.getSpec().getTemplate().getMetadata() == null ? null : job.getSpec().getTemplate().getMetadata().getAnnotations())
        .withOwnerReferences(new OwnerReferenceBuilder()
            .withApiVersion("batch/v1").withKind("Job").withName(record.name).withUid(record.uid)
            .withController(true).withBlockOwnerDeletion(true).build())
        .endMetadata()
        .withSpec(new PodSpecBuilder(job.getSpec().getTemplate().getSpec()).build())
        .build();
    // the API server gives a new pod this status itself
    pod.setStatus(new PodStatusBuilder().withPhase("Pending").withQosClass(qosClass(pod)).build());
    created.put(name, sequence.incrementAndGet());
    client.pods().inNamespace(namespace).resource(pod).create();
    event(job, "Normal", "SuccessfulCreate", "Created pod: " + name, JOB_CONTROLLER);
    record.pods.add(name);
    updateJobStatus(record, status -> status.setActive(1));
    schedule(name);
  }

  /** Applies a finished pod to its Job: success completes it; a failure goes through the podFailurePolicy. */
  private void podFinished(String jobName, Pod pod) {
    JobRecord record = jobs.get(jobName);
    if (record == null || record.finished) {
      return;
    }
    Job job = client.batch().v1().jobs().inNamespace(namespace).withName(jobName).get();
    if (job == null) {
      return;
    }
    String phase = pod.getStatus().getPhase();
    if ("Succeeded".equals(phase)) {
      finish(record, "Normal", "Completed", "Job completed", status -> {
        status.setActive(0);
        status.setReady(0);
        status.setSucceeded(count(status.getSucceeded()) + 1);
        status.setCompletionTime(now());
        status.setConditions(List.of(
            jobCondition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods"),
            jobCondition("Complete", "CompletionsReached", "Reached expected number of succeeded pods")));
      });
      return;
    }
    PolicyMatch match = matchPolicy(job, pod);
    switch (match.action) {
      case "FailJob" -> fail(record, 1, "PodFailurePolicy", match.message);
      case "Ignore" -> {
        updateJobStatus(record, status -> {
          status.setActive(0);
          status.setReady(0);
        });
        createPod(record, job);
      }
      default -> {
        int failed = count(job.getStatus() == null ? null : job.getStatus().getFailed()) + 1;
        int backoffLimit = job.getSpec().getBackoffLimit() == null ? 6 : job.getSpec().getBackoffLimit();
        if (failed > backoffLimit) {
          fail(record, 1, "BackoffLimitExceeded", "Job has reached the specified backoff limit");
        } else {
          updateJobStatus(record, status -> {
            status.setActive(0);
            status.setReady(0);
            status.setFailed(failed);
          });
          createPod(record, job);
        }
      }
    }
  }

  private record PolicyMatch(String action, String message) {}

  /** The first rule of the Job's podFailurePolicy that {@code pod} matches; {@code Count} when none does. */
  private PolicyMatch matchPolicy(Job job, Pod pod) {
    if (job.getSpec().getPodFailurePolicy() == null) {
      return new PolicyMatch("Count", null);
    }
    List<PodFailurePolicyRule> rules = job.getSpec().getPodFailurePolicy().getRules();
    String podRef = namespace + "/" + pod.getMetadata().getName();
    for (int i = 0; i < rules.size(); i++) {
      PodFailurePolicyRule rule = rules.get(i);
      if (rule.getOnExitCodes() != null) {
        Optional<ContainerStatus> failed = failedContainer(pod, rule.getOnExitCodes());
        if (failed.isPresent()) {
          int exitCode = failed.get().getState().getTerminated().getExitCode();
          return new PolicyMatch(rule.getAction(), "Container " + failed.get().getName() + " for pod " + podRef
              + " failed with exit code " + exitCode + " matching " + rule.getAction() + " rule at index " + i);
        }
      } else if (rule.getOnPodConditions() != null) {
        Optional<PodCondition> matched = pod.getStatus().getConditions().stream()
            .filter(c -> rule.getOnPodConditions().stream()
                .anyMatch(pattern -> c.getType().equals(pattern.getType()) && c.getStatus().equals(pattern.getStatus())))
            .findFirst();
        if (matched.isPresent()) {
          return new PolicyMatch(rule.getAction(), "Pod " + podRef + " has condition " + matched.get().getType() + " matching "
              + rule.getAction() + " rule at index " + i);
        }
      }
    }
    return new PolicyMatch("Count", null);
  }

  /** A container that exited non-zero and meets {@code requirement} (Kubernetes leaves exit code 0 out of the check). */
  private static Optional<ContainerStatus> failedContainer(Pod pod, PodFailurePolicyOnExitCodesRequirement requirement) {
    return pod.getStatus().getContainerStatuses().stream()
        .filter(c -> requirement.getContainerName() == null || requirement.getContainerName().equals(c.getName()))
        .filter(c -> c.getState() != null && c.getState().getTerminated() != null)
        .filter(c -> c.getState().getTerminated().getExitCode() != 0)
        .filter(c -> {
          boolean listed = requirement.getValues().contains(c.getState().getTerminated().getExitCode());
          return "In".equals(requirement.getOperator()) == listed;
        })
        .findFirst();
  }

  private void fail(JobRecord record, int failed, String reason, String message) {
    finish(record, "Warning", reason, message, status -> {
      status.setActive(0);
      status.setReady(0);
      status.setFailed(count(status.getFailed()) + failed);
      status.setConditions(List.of(jobCondition("FailureTarget", reason, message), jobCondition("Failed", reason, message)));
    });
  }

  private void finish(JobRecord record, String eventType, String reason, String message, Consumer<JobStatus> change) {
    record.finished = true;
    if (record.deadline != null) {
      record.deadline.cancel(false);
    }
    updateJobStatus(record, change);
    Job job = client.batch().v1().jobs().inNamespace(namespace).withName(record.name).get();
    if (job != null) {
      event(job, eventType, reason, message, JOB_CONTROLLER);
    }
    Integer ttl = job == null ? null : job.getSpec().getTtlSecondsAfterFinished();
    if (ttl != null) {
      // the TTL controller deletes a finished Job, and garbage collection its pods
      later(() -> client.batch().v1().jobs().inNamespace(namespace).withName(record.name).delete(), Duration.ofSeconds(ttl));
    }
  }

  private void deadlineExceeded(JobRecord record) {
    if (record.finished || jobs.get(record.name) != record) {
      return;
    }
    // the Job controller deletes the active pods of a Job past its deadline
    int active = 0;
    for (String pod : List.copyOf(record.pods)) {
      RunningContainer running = containers.remove(pod);
      if (running != null) {
        running.kill();
        active++;
      }
      deletePod(pod);
      Job job = client.batch().v1().jobs().inNamespace(namespace).withName(record.name).get();
      if (job != null) {
        event(job, "Normal", "SuccessfulDelete", "Deleted pod: " + pod, JOB_CONTROLLER);
      }
    }
    record.pods.clear();
    fail(record, active, "DeadlineExceeded", "Job was active longer than specified deadline");
  }

  /** Garbage collection: a deleted Job's pods go, and their containers with them. */
  private void collect(Job job) {
    JobRecord record = jobs.get(job.getMetadata().getName());
    if (record != null && record.uid.equals(uid(job))) {
      jobs.remove(record.name);
      if (record.deadline != null) {
        record.deadline.cancel(false);
      }
      record.finished = true;
    }
    for (Pod pod : client.pods().inNamespace(namespace).withLabel(CONTROLLER_UID_LABEL, uid(job)).list().getItems()) {
      RunningContainer running = containers.remove(pod.getMetadata().getName());
      if (running != null) {
        running.kill();
      }
      deletePod(pod.getMetadata().getName());
    }
    List<String> finalizers = job.getMetadata().getFinalizers();
    if (job.getMetadata().getDeletionTimestamp() != null && finalizers != null && finalizers.contains("foregroundDeletion")) {
      client.batch().v1().jobs().inNamespace(namespace).withName(job.getMetadata().getName()).edit(j -> {
        j.getMetadata().getFinalizers().remove("foregroundDeletion");
        return j;
      });
    }
  }

  private void deletePod(String name) {
    logs.remove(namespace, name);
    client.pods().inNamespace(namespace).withName(name).delete();
  }

  /** A pod deleted by someone else: its container is killed, and the Job sees it fail as the kubelet reports it. */
  private void podDeleted(Pod pod) {
    String name = pod.getMetadata().getName();
    logs.remove(namespace, name);
    RunningContainer running = containers.remove(name);
    if (running == null) {
      JobRecord record = jobs.get(jobOf(pod));
      if (record == null || !record.pods.remove(name)) {
        return;
      }
      record.unscheduled.remove(name);
      String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
      if (!"Succeeded".equals(phase) && !"Failed".equals(phase)) {
        // a pod deleted before its container ran fails with no exit code: the podFailurePolicy counts it
        podFinished(record.name, new PodBuilder(pod).editOrNewStatus().withPhase("Failed").endStatus().build());
      }
      return;
    }
    running.kill();
    event(pod, "Normal", "Killing", "Stopping container " + running.container, KUBELET);
    jobs.values().forEach(job -> job.pods.remove(name));
    // the kubelet stops a deleted pod's container (SIGTERM, then SIGKILL) and reports it Failed before it goes
    Pod last = new PodBuilder(pod).withStatus(terminatedStatus(pod.getStatus(), running, TERMINATED, "Error", List.of())).build();
    podFinished(running.job, last);
  }

  private void updateJobStatus(JobRecord record, Consumer<JobStatus> change) {
    Job job = client.batch().v1().jobs().inNamespace(namespace).withName(record.name).get();
    if (job == null || !record.uid.equals(uid(job))) {
      return;
    }
    JobStatus status = job.getStatus() == null ? new JobStatus() : job.getStatus();
    if (status.getTerminating() == null && job.getSpec().getPodReplacementPolicy() != null) {
      status.setTerminating(0);
    }
    change.accept(status);
    job.setStatus(status);
    replaceStatus(() -> client.batch().v1().jobs().inNamespace(namespace).resource(job).replaceStatus());
  }

  // ---- scheduler ----------------------------------------------------------------------------

  private void schedule(String podName) {
    Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
    JobRecord record = pod == null ? null : jobs.get(jobOf(pod));
    if (record == null || containers.containsKey(podName) || pod.getSpec().getNodeName() != null) {
      return;
    }
    if (unschedulable.test(pod)) {
      if (record.unscheduled.add(podName)) {
        event(pod, "Warning", "FailedScheduling", UNSCHEDULABLE_MESSAGE, SCHEDULER);
      }
      writePodStatus(podName, new PodStatusBuilder(pod.getStatus())
          .withPhase("Pending")
          .withConditions(condition("PodScheduled", "False", "Unschedulable", UNSCHEDULABLE_MESSAGE))
          .build());
      return;
    }
    record.unscheduled.remove(podName);
    // the scheduler binds a pod to a node through the binding subresource, which CRUD mode lacks
    client.pods().inNamespace(namespace).withName(podName).edit(p -> new PodBuilder(p).editSpec().withNodeName(NODE).endSpec().build());
    event(pod, "Normal", "Scheduled", "Successfully assigned " + namespace + "/" + podName + " to " + NODE, SCHEDULER);
    writePodStatus(podName, new PodStatusBuilder(pod.getStatus())
        .withPhase("Pending")
        .withConditions(condition("PodScheduled", "True", null, null))
        .build());
    startContainer(record, podName);
  }

  // ---- kubelet ------------------------------------------------------------------------------

  private void startContainer(JobRecord record, String podName) {
    Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
    if (pod == null || jobs.get(record.name) != record || record.finished) {
      return;
    }
    Container container = pod.getSpec().getContainers().get(0);
    Map<String, String> environment;
    try {
      environment = environment(pod, container);
    } catch (ConfigError e) {
      // the kubelet retries the pod's sync until the secret appears, and reports only what changed
      later(() -> startContainer(record, podName), CONFIG_RETRY);
      if (e.getMessage().equals(waitingMessage(pod))) {
        return;
      }
      event(pod, "Warning", "Failed", "Error: " + e.getMessage(), KUBELET);
      writePodStatus(podName, new PodStatusBuilder(pod.getStatus())
          .withPhase("Pending")
          .withHostIP("10.0.0.1")
          .withStartTime(pod.getStatus().getStartTime() == null ? now() : pod.getStatus().getStartTime())
          .withConditions(
              condition("PodReadyToStartContainers", "True", null, null),
              condition("Initialized", "True", null, null),
              condition("Ready", "False", "ContainersNotReady", "containers with unready status: [" + container.getName() + "]"),
              condition("ContainersReady", "False", "ContainersNotReady", "containers with unready status: [" + container.getName() + "]"),
              condition("PodScheduled", "True", null, null))
          .withContainerStatuses(new ContainerStatusBuilder()
              .withName(container.getName()).withImage(container.getImage()).withReady(false).withStarted(false).withRestartCount(0)
              .withNewState().withNewWaiting().withReason("CreateContainerConfigError").withMessage(e.getMessage()).endWaiting().endState()
              .build())
          .build());
      return;
    }
    String startedAt = now();
    Process process;
    try {
      process = runtime.start(container, environment);
    } catch (IOException | RuntimeException e) {
      RunningContainer never = new RunningContainer(record.name, podName, container.getName(), container.getImage(), startedAt, null);
      Pod failed = terminated(never, 128, "StartError", List.of(), e.getMessage());
      podFinished(record.name, failed);
      return;
    }
    RunningContainer running = new RunningContainer(record.name, podName, container.getName(), container.getImage(), startedAt, process);
    containers.put(podName, running);
    PodLogs.Log log = logs.open(namespace, podName, container.getName());
    Thread reader = new Thread(() -> pump(running, log), "kubelet-emulator-log-" + podName);
    reader.setDaemon(true);
    reader.start();
    writePodStatus(podName, new PodStatusBuilder(pod.getStatus())
        .withPhase("Running")
        .withHostIP("10.0.0.1")
        .withPodIP("10.244.0." + (1 + RANDOM.nextInt(250)))
        .withStartTime(pod.getStatus().getStartTime() == null ? startedAt : pod.getStatus().getStartTime())
        .withConditions(
            condition("PodReadyToStartContainers", "True", null, null),
            condition("Initialized", "True", null, null),
            condition("Ready", "True", null, null),
            condition("ContainersReady", "True", null, null),
            condition("PodScheduled", "True", null, null))
        .withContainerStatuses(new ContainerStatusBuilder()
            .withName(container.getName()).withImage(container.getImage()).withImageID(imageId(container.getImage()))
            .withReady(true).withStarted(true).withRestartCount(0)
            .withNewState().withNewRunning().withStartedAt(startedAt).endRunning().endState()
            .build())
        .build());
    event(pod, "Normal", "Started", "Started container " + container.getName(), KUBELET);
    updateJobStatus(record, status -> status.setReady(1));
  }

  /** Copies the container's output into its log until it closes, then reports the exit on the loop. */
  private void pump(RunningContainer running, PodLogs.Log log) {
    byte[] buffer = new byte[8192];
    try (InputStream out = running.process.getInputStream()) {
      int n;
      while ((n = out.read(buffer)) >= 0) {
        log.append(buffer, n);
      }
    } catch (IOException e) {
      // the process was killed under us: its exit code tells the rest
    }
    log.end();
    int exitCode;
    try {
      exitCode = running.process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    later(() -> containerExited(running, exitCode));
  }

  private void containerExited(RunningContainer running, int exitCode) {
    if (containers.get(running.pod) != running) {
      return;
    }
    containers.remove(running.pod);
    Pod pod = terminated(running, exitCode, exitCode == 0 ? "Completed" : "Error", List.of());
    podFinished(running.job, pod);
  }

  private Pod terminated(RunningContainer running, int exitCode, String reason, List<PodCondition> extra) {
    return terminated(running, exitCode, reason, extra, null);
  }

  /** Writes the terminal status of {@code running}'s pod; returns the pod as written (or as it would be, if it is gone). */
  private Pod terminated(RunningContainer running, int exitCode, String reason, List<PodCondition> extra, String message) {
    Pod pod = client.pods().inNamespace(namespace).withName(running.pod).get();
    if (pod == null) {
      pod = new PodBuilder().withNewMetadata().withName(running.pod).withNamespace(namespace).endMetadata().build();
    }
    PodStatus status = terminatedStatus(pod.getStatus(), running, exitCode, reason, extra);
    if (message != null) {
      status.getContainerStatuses().get(0).getState().getTerminated().setMessage(message);
    }
    writePodStatus(running.pod, status);
    return new PodBuilder(pod).withStatus(status).build();
  }

  private static PodStatus terminatedStatus(PodStatus before, RunningContainer running, int exitCode, String reason, List<PodCondition> extra) {
    boolean succeeded = exitCode == 0;
    String podReason = succeeded ? "PodCompleted" : "PodFailed";
    List<PodCondition> conditions = new ArrayList<>(extra);
    conditions.add(condition("PodReadyToStartContainers", "False", null, null));
    conditions.add(condition("Initialized", "True", succeeded ? podReason : null, null));
    conditions.add(condition("Ready", "False", podReason, null));
    conditions.add(condition("ContainersReady", "False", podReason, null));
    conditions.add(condition("PodScheduled", "True", null, null));
    ContainerState state = new ContainerStateBuilder().withNewTerminated()
        .withExitCode(exitCode).withReason(reason).withStartedAt(running.startedAt).withFinishedAt(now())
        .endTerminated().build();
    return new PodStatusBuilder(before == null ? new PodStatus() : before)
        .withPhase(succeeded ? "Succeeded" : "Failed")
        .withConditions(conditions)
        .withContainerStatuses(new ContainerStatusBuilder()
            .withName(running.container).withImage(running.image).withImageID(imageId(running.image))
            .withReady(false).withStarted(false).withRestartCount(0)
            .withState(state)
            .build())
        .build();
  }

  /** The container's environment as the kubelet resolves it: plain values and secret keys, plus {@code HOSTNAME}. */
  private Map<String, String> environment(Pod pod, Container container) throws ConfigError {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("HOSTNAME", pod.getMetadata().getName());
    for (EnvVar var : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
      if (var.getValueFrom() == null) {
        environment.put(var.getName(), var.getValue() == null ? "" : var.getValue());
      } else if (var.getValueFrom().getSecretKeyRef() != null) {
        String value = secretValue(var.getValueFrom().getSecretKeyRef());
        if (value != null) {
          environment.put(var.getName(), value);
        }
      } else {
        throw new ConfigError("env " + var.getName() + ": only plain values and secretKeyRef are emulated");
      }
    }
    return environment;
  }

  private String secretValue(SecretKeySelector ref) throws ConfigError {
    boolean optional = Boolean.TRUE.equals(ref.getOptional());
    Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
    if (secret == null) {
      if (optional) {
        return null;
      }
      throw new ConfigError("secret \"" + ref.getName() + "\" not found");
    }
    if (secret.getData() != null && secret.getData().containsKey(ref.getKey())) {
      return new String(Base64.getDecoder().decode(secret.getData().get(ref.getKey())), StandardCharsets.UTF_8);
    }
    // the API server folds stringData into data on write; CRUD mode stores it as sent
    if (secret.getStringData() != null && secret.getStringData().containsKey(ref.getKey())) {
      return secret.getStringData().get(ref.getKey());
    }
    if (optional) {
      return null;
    }
    throw new ConfigError("couldn't find key " + ref.getKey() + " in Secret " + namespace + "/" + ref.getName());
  }

  private static final class ConfigError extends Exception {
    ConfigError(String message) {
      super(message);
    }
  }

  // ---- writes -------------------------------------------------------------------------------

  private void writePodStatus(String podName, PodStatus status) {
    Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
    if (pod == null) {
      return;
    }
    pod.setStatus(status);
    replaceStatus(() -> client.pods().inNamespace(namespace).resource(pod).replaceStatus());
  }

  /** A status write that tolerates the object having gone meanwhile (deleted by its owner or a test). */
  private static void replaceStatus(Runnable write) {
    try {
      write.run();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  /**
   * Records a core/v1 Event about {@code object}, as the component named would: what {@code kubectl
   * describe} shows and what a client reads to explain a pending or failed pod.
   */
  private void event(HasMetadata object, String type, String reason, String message, String component) {
    String now = now();
    Event event = new EventBuilder()
        .withNewMetadata()
        .withName(object.getMetadata().getName() + "." + Long.toHexString(System.nanoTime()))
        .withNamespace(namespace)
        .endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder()
            .withApiVersion(object.getApiVersion()).withKind(object.getKind())
            .withName(object.getMetadata().getName()).withNamespace(namespace).withUid(object.getMetadata().getUid())
            .build())
        .withType(type).withReason(reason).withMessage(message)
        .withNewSource().withComponent(component).withHost(KUBELET.equals(component) ? NODE : null).endSource()
        .withReportingComponent(component)
        .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
        .build();
    client.v1().events().inNamespace(namespace).resource(event).create();
  }

  private static String waitingMessage(Pod pod) {
    List<ContainerStatus> statuses = pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
    if (statuses == null || statuses.isEmpty() || statuses.get(0).getState() == null || statuses.get(0).getState().getWaiting() == null) {
      return null;
    }
    return statuses.get(0).getState().getWaiting().getMessage();
  }

  // ---- small things -------------------------------------------------------------------------

  private static String jobOf(Pod pod) {
    return pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(JOB_NAME_LABEL);
  }

  private static String uid(Job job) {
    return job.getMetadata().getUid() == null ? "" : job.getMetadata().getUid();
  }

  private static boolean finished(JobStatus status) {
    return status != null && status.getConditions() != null && status.getConditions().stream()
        .anyMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus()));
  }

  private static int count(Integer value) {
    return value == null ? 0 : value;
  }

  private static String suffix() {
    StringBuilder suffix = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      suffix.append(NAME_ALPHABET.charAt(RANDOM.nextInt(NAME_ALPHABET.length())));
    }
    return suffix.toString();
  }

  private static String qosClass(Pod pod) {
    var resources = pod.getSpec().getContainers().get(0).getResources();
    boolean none = resources == null || ((resources.getRequests() == null || resources.getRequests().isEmpty())
        && (resources.getLimits() == null || resources.getLimits().isEmpty()));
    if (none) {
      return "BestEffort";
    }
    boolean guaranteed = resources.getLimits() != null && resources.getLimits().containsKey("cpu") && resources.getLimits().containsKey("memory")
        && (resources.getRequests() == null || resources.getRequests().entrySet().stream()
            .allMatch(r -> !resources.getLimits().containsKey(r.getKey()) || r.getValue().equals(resources.getLimits().get(r.getKey()))));
    return guaranteed ? "Guaranteed" : "Burstable";
  }

  private static String now() {
    return DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }

  private static PodCondition condition(String type, String status, String reason, String message) {
    return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
        .withLastTransitionTime(now()).build();
  }

  private static JobCondition jobCondition(String type, String reason, String message) {
    String now = now();
    return new JobConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message)
        .withLastProbeTime(now).withLastTransitionTime(now).build();
  }

  /** What the emulator remembers of one Job. */
  private static final class JobRecord {
    final String name;
    final String uid;
    final Set<String> pods = new LinkedHashSet<>();
    final Set<String> unscheduled = new LinkedHashSet<>();
    ScheduledFuture<?> deadline;
    boolean finished;

    JobRecord(String name, String uid) {
      this.name = name;
      this.uid = uid;
    }
  }

  /** A container running as a local process. */
  private record RunningContainer(String job, String pod, String container, String image, String startedAt, Process process) {
    /** Kills the process and everything it started, as the runtime tears down a container's cgroup. */
    void kill() {
      if (process == null) {
        return;
      }
      List<ProcessHandle> tree = process.descendants().toList();
      process.destroyForcibly();
      tree.forEach(ProcessHandle::destroyForcibly);
    }
  }
}
