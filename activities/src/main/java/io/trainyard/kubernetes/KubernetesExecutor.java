package io.trainyard.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.ScalableResource;
import io.micronaut.context.annotation.Requires;
import io.temporal.client.ActivityCanceledException;
import io.temporal.failure.ApplicationFailure;
import io.trainyard.artifact.TrainyardHome;
import io.trainyard.failure.FailureTypes;
import io.trainyard.hardware.HardwareClass;
import io.trainyard.hardware.HardwareClasses;
import io.trainyard.step.AttemptPaths;
import io.trainyard.step.BuiltinEntryPoint;
import io.trainyard.step.ContractEnvironment;
import io.trainyard.step.TraceExport;
import io.trainyard.step.ExecutionOutcome;
import io.trainyard.step.LogTail;
import io.trainyard.step.StepExecutor;
import io.trainyard.step.StepExecutors;
import io.trainyard.step.StepLaunch;
import io.trainyard.step.StepRuntime;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs each step attempt as a Kubernetes Job built by {@link JobSpecs}, and waits for it through the
 * shared informers of {@link StepJobs}, heartbeating the pod's phase.
 *
 * <p>A Job outlives the worker that created it: an attempt adopts its own Job when it exists, or the
 * still-running (or succeeded) Job of an earlier attempt whose worker died, and never starts a second
 * one. Pods that Kubernetes disrupted (eviction, preemption, node shutdown) do not fail the attempt:
 * the Job replaces them, and the replacement resumes from the step's checkpoint directory, up to
 * {@code max-disruptions}. A pod unschedulable for longer than {@code unschedulable-timeout} fails the
 * attempt as {@link FailureTypes#UNSCHEDULABLE} when the step has another hardware class to try. A
 * cancelled attempt deletes its Job and pods; one that timed out or lost its worker leaves the Job for
 * the next attempt to adopt.
 */
@Singleton
@Requires(property = StepExecutors.PROPERTY, value = KubernetesExecutor.NAME)
public class KubernetesExecutor implements StepExecutor, AutoCloseable {
  /** The executor's name, the value of {@code trainyard.executor} that selects it. */
  public static final String NAME = "kubernetes";

  private static final int TAIL_LINES = 20;

  private final KubernetesClient client;
  private final KubernetesConfiguration configuration;
  private final HardwareClasses hardwareClasses;
  private final TrainyardHome home;
  private final JobSettings settings;
  private final StepJobs stepJobs;

  public KubernetesExecutor(
      KubernetesClient client, KubernetesConfiguration configuration, HardwareClasses hardwareClasses, TrainyardHome home) {
    this.client = client;
    this.configuration = configuration;
    this.hardwareClasses = hardwareClasses;
    this.home = home;
    this.settings = configuration.jobSettings(client.getNamespace(), home);
    this.stepJobs = new StepJobs(client, settings.namespace());
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Start the shared watches and the client's connections and JSON mappings before the first step
   * needs them ({@link KubernetesWarmUp} does at worker start-up); a step started meanwhile waits
   * for it rather than starting a second pair of watches.
   */
  public void warmUp() {
    stepJobs.start();
    // the first Job create would otherwise build the serializers of the whole Job model
    client.getKubernetesSerialization().asJson(new JobBuilder()
        .withNewMetadata().withName("warm-up").withNamespace(settings.namespace()).endMetadata()
        .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName(JobSpecs.CONTAINER).endContainer()
        .endSpec().endTemplate().endSpec().build());
  }

  /** The settings every Job of this executor is built with. */
  public JobSettings settings() {
    return settings;
  }

  @Override
  public ExecutionOutcome execute(StepLaunch launch) {
    long started = System.nanoTime();
    Job wanted = job(launch);
    AttemptLog logs = new AttemptLog(client, settings.namespace(), launch.paths().logFile());
    Adopted adopted = adoptOrCreate(launch, wanted, logs);
    Job job = adopted.job();
    try (JobWatch watch = stepJobs.watch(job); JobPods pods = new JobPods(logs, configuration.maxDisruptions())) {
      try {
        return await(launch, adopted, watch, pods, started);
      } finally {
        measure(launch, pods);
      }
    } catch (ActivityCanceledException e) {
      logs.note("activity cancelled: deleting Job " + job.getMetadata().getName() + " and its pods");
      deleteAndWait(job.getMetadata().getName(), logs);
      throw e;
    }
  }

  /** The Job of this attempt; a step that cannot become one (unknown class, nothing to run) is misconfigured. */
  private Job job(StepLaunch launch) {
    try {
      HardwareClass hardware = hardwareClasses.get(launch.hardware());
      // secrets by reference only: the Job names the Secret's key, the kubelet reads the value
      Map<String, SecretKey> secrets = new TreeMap<>();
      launch.spec().secrets().forEach((variable, reference) -> secrets.put(variable, SecretKey.parse(reference)));
      Map<String, String> environment = new TreeMap<>(TraceExport.of(System.getenv()));
      environment.putAll(ContractEnvironment.of(launch));
      JobRequest request = new JobRequest(launch.runId(), launch.spec(), launch.attempt(), hardware, environment, secrets);
      return JobSpecs.job(request, settings);
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.STEP_MISCONFIGURED);
    }
  }

  /** The Job an attempt waits on, and the attempt whose outputs it writes. */
  private record Adopted(Job job, int attempt) {}

  private Adopted adoptOrCreate(StepLaunch launch, Job wanted, AttemptLog logs) {
    String name = wanted.getMetadata().getName();
    List<Job> existing = stepJobsOfStep(wanted);
    Optional<Job> mine = existing.stream().filter(j -> name.equals(j.getMetadata().getName())).findFirst();
    if (mine.isPresent()) {
      logs.note("adopted Job " + name + " of this attempt, created before");
      return new Adopted(mine.get(), launch.attempt());
    }
    Optional<Job> earlier = existing.stream()
        .filter(j -> attempt(j) < launch.attempt() && j.getMetadata().getDeletionTimestamp() == null && !hasCondition(j, "Failed"))
        .max(Comparator.comparingInt(KubernetesExecutor::attempt));
    if (earlier.isPresent()) {
      Job job = earlier.get();
      logs.note("adopted Job " + job.getMetadata().getName() + " of attempt " + attempt(job) + ", "
          + (hasCondition(job, "Complete") ? "complete" : "still running") + " after its worker stopped");
      return new Adopted(job, attempt(job));
    }
    try {
      Job created = jobs().resource(wanted).create();
      logs.note("created Job " + name + " in namespace " + settings.namespace() + " on hardware class " + launch.hardware());
      return new Adopted(created, launch.attempt());
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      Job raced = jobs().withName(name).get();
      if (raced == null) {
        throw ApplicationFailure.newFailure("Job " + name + " existed at create and was gone right after", STEP_FAILED);
      }
      logs.note("adopted Job " + name + ", created by another execution of this attempt at the same time");
      return new Adopted(raced, launch.attempt());
    }
  }

  private List<Job> stepJobsOfStep(Job wanted) {
    Map<String, String> labels = wanted.getMetadata().getLabels();
    return jobs()
        .withLabel(JobNames.MANAGED_BY_LABEL, JobNames.APP)
        .withLabel(JobNames.RUN_LABEL, labels.get(JobNames.RUN_LABEL))
        .withLabel(JobNames.STEP_LABEL, labels.get(JobNames.STEP_LABEL))
        .list()
        .getItems();
  }

  private ExecutionOutcome await(StepLaunch launch, Adopted adopted, JobWatch watch, JobPods pods, long started) {
    String name = watch.name();
    Duration interval = launch.heartbeatInterval();
    long lastBeat = 0;
    while (true) {
      Job job = current(watch);
      pods.observe(watch.pods());
      if (hasCondition(job, "Complete")) {
        pods.observe(podsNow(job));
        pods.logs().note("Job " + name + " complete");
        Path outputDir = adopted.attempt() == launch.attempt()
            ? null
            : AttemptPaths.of(home, launch.runId(), launch.step(), adopted.attempt()).outputDir();
        return new ExecutionOutcome(0, outputDir, runtime(launch, job, pods));
      }
      if (hasCondition(job, "Failed")) {
        pods.observe(podsNow(job));
        throw failed(launch, job, pods);
      }
      if (pods.disruptions() > configuration.maxDisruptions()) {
        pods.logs().note("more than " + configuration.maxDisruptions() + " disruptions: deleting Job " + name);
        delete(name);
        throw ApplicationFailure.newFailure(
            "step '" + launch.step() + "' attempt " + launch.attempt() + ": Kubernetes disrupted " + pods.disruptions()
                + " pods of Job " + name + ", more than trainyard.kubernetes.max-disruptions=" + configuration.maxDisruptions(),
            STEP_FAILED);
      }
      long unschedulable = pods.unschedulableNanos();
      long timeout = configuration.unschedulableTimeout().toNanos();
      boolean mayFallBack = !launch.lastHardware();
      if (mayFallBack && unschedulable >= timeout) {
        String scheduler = pods.unschedulableMessage();
        pods.logs().note("pod unschedulable on hardware class " + launch.hardware() + " for " + configuration.unschedulableTimeout()
            + " (" + scheduler + "): deleting Job " + name + " so that the step tries its next class");
        delete(name);
        throw ApplicationFailure.newNonRetryableFailure(
            "step '" + launch.step() + "' attempt " + launch.attempt() + ": no node could take its pod on hardware class '"
                + launch.hardware() + "' within " + configuration.unschedulableTimeout() + " (" + scheduler + ")",
            FailureTypes.UNSCHEDULABLE,
            launch.hardware(),
            launch.attempt());
      }
      if (lastBeat == 0 || System.nanoTime() - lastBeat >= interval.toNanos()) {
        measure(launch, pods);
        launch.heartbeat().accept(progress(launch, name, pods, started));
        lastBeat = System.nanoTime();
      }
      Duration wait = interval;
      if (mayFallBack && unschedulable >= 0) {
        wait = Duration.ofNanos(Math.max(1, Math.min(interval.toNanos(), timeout - unschedulable)));
      }
      awaitChange(launch, watch, wait);
    }
  }

  /**
   * What ran the step: the image its Job's pod asked for, with the digest the node resolved it to (the
   * image is the builtin's version too: Trainyard's image runs builtins).
   */
  private static StepRuntime runtime(StepLaunch launch, Job job, JobPods pods) {
    String image = job.getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(c -> JobSpecs.CONTAINER.equals(c.getName())).map(Container::getImage).findFirst().orElse(null);
    String digest = ImageDigests.of(pods.succeededImageId(), image).orElse(null);
    if (digest == null) {
      pods.logs().note("the pod's status names no digest of image " + image + ": the attempt's lineage has the tag only");
    }
    return new StepRuntime(launch.spec().isBuiltin() ? launch.spec().builtinName() : null, null, image, digest);
  }

  /** The attempt's running time as its pods tell it: the containers' running time, disrupted pods included. */
  private static void measure(StepLaunch launch, JobPods pods) {
    Instant now = Instant.now();
    launch.runningTime().observed(pods.running(now), pods.preempted(now));
  }

  private static void awaitChange(StepLaunch launch, JobWatch watch, Duration wait) {
    try {
      watch.await(wait);
    } catch (InterruptedException e) {
      // the worker is stopping: the Job keeps running and the next attempt adopts it
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailureWithCause(
          "step '" + launch.step() + "' attempt " + launch.attempt() + " was interrupted while its Job " + watch.name() + " runs",
          STEP_FAILED, e);
    }
  }

  /** The Job as the informer has it, or from the API server before the informer saw it; gone is a failure. */
  private Job current(JobWatch watch) {
    Job job = watch.job();
    if (job == null) {
      job = jobs().withName(watch.name()).get();
    }
    if (job == null || (job.getMetadata().getDeletionTimestamp() != null && !hasCondition(job, "Complete"))) {
      throw ApplicationFailure.newFailure("Job " + watch.name() + " was deleted before it finished", STEP_FAILED);
    }
    return job;
  }

  /** The Job's pods from the API server: the informer may not have delivered the last change yet. */
  private List<Pod> podsNow(Job job) {
    Map<String, String> labels = job.getSpec().getTemplate().getMetadata().getLabels();
    return client.pods().inNamespace(settings.namespace())
        .withLabel(JobNames.RUN_LABEL, labels.get(JobNames.RUN_LABEL))
        .withLabel(JobNames.STEP_LABEL, labels.get(JobNames.STEP_LABEL))
        .withLabel(JobNames.ATTEMPT_LABEL, labels.get(JobNames.ATTEMPT_LABEL))
        .list()
        .getItems();
  }

  private ApplicationFailure failed(StepLaunch launch, Job job, JobPods pods) {
    JobCondition condition = condition(job, "Failed").orElseThrow();
    Integer exit = pods.failedExitCode();
    pods.logs().note("Job " + job.getMetadata().getName() + " failed: " + condition.getReason() + " " + condition.getMessage());
    String message = "step '" + launch.step() + "' attempt " + launch.attempt() + ": Job " + job.getMetadata().getName()
        + " failed (" + condition.getReason() + ": " + condition.getMessage() + ")"
        + (exit == null ? "" : ", exited with code " + exit)
        + "; last lines of " + launch.paths().logFile() + ":\n" + LogTail.of(launch.paths().logFile(), TAIL_LINES);
    if (exit == null) {
      return ApplicationFailure.newFailure(message, STEP_FAILED);
    }
    if (launch.spec().isBuiltin() && exit == BuiltinEntryPoint.INVALID_INPUT) {
      return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.INVALID_DATA, exit);
    }
    return ApplicationFailure.newFailure(message, STEP_FAILED, exit);
  }

  private JobProgress progress(StepLaunch launch, String job, JobPods pods, long started) {
    Pod pod = pods.current();
    return new JobProgress(
        launch.step(),
        launch.attempt(),
        job,
        pod == null ? null : pod.getMetadata().getName(),
        pod == null ? "NoPod" : JobPods.phase(pod),
        pod == null || pod.getSpec() == null ? null : pod.getSpec().getNodeName(),
        launch.hardware(),
        pods.disruptions(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  private void delete(String name) {
    jobs().withName(name).withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
  }

  /** Delete the Job and its pods, and wait (up to {@code delete-grace}) until the API server has let them go. */
  private void deleteAndWait(String name, AttemptLog logs) {
    delete(name);
    try {
      jobs().withName(name).waitUntilCondition(Objects::isNull, configuration.deleteGrace().toMillis(), TimeUnit.MILLISECONDS);
      logs.note("Job " + name + " deleted");
    } catch (KubernetesClientTimeoutException e) {
      logs.note("Job " + name + " still there after " + configuration.deleteGrace() + "; Kubernetes finishes deleting it");
    }
  }

  private NonNamespaceOperation<Job, JobList, ScalableResource<Job>> jobs() {
    return client.batch().v1().jobs().inNamespace(settings.namespace());
  }

  private static int attempt(Job job) {
    try {
      return Integer.parseInt(job.getMetadata().getLabels().getOrDefault(JobNames.ATTEMPT_LABEL, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static boolean hasCondition(Job job, String type) {
    return condition(job, type).isPresent();
  }

  private static Optional<JobCondition> condition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }

  /** Stop the shared informers. */
  @PreDestroy
  @Override
  public void close() {
    stepJobs.close();
  }
}
