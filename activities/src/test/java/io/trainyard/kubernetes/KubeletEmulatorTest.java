package io.trainyard.kubernetes;

import static io.trainyard.kubernetes.JobFixtures.CPU;
import static io.trainyard.kubernetes.JobFixtures.GPU_A100;
import static io.trainyard.kubernetes.JobFixtures.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.trainyard.hardware.HardwareClass;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The emulator runs {@link JobSpecs} Jobs the way a cluster does: real processes, Kubernetes' status and policies. */
class KubeletEmulatorTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  MockCluster cluster;
  KubernetesClient client;
  String ns = SETTINGS.namespace();

  @BeforeEach
  void start() {
    cluster = MockCluster.start(ns);
    client = cluster.client();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void successfulStepCompletesTheJobAndItsLogIsServed() throws Exception {
    String name = submit("ok", "echo \"hello $TRAINYARD_STEP\"; echo oops >&2; echo \"$HOSTNAME ${HOME-unset}\" > " + dir.resolve("env")
        + "; pwd > " + dir.resolve("pwd"),
        CPU, "10m", Map.of());

    Job job = awaitCondition(name, "Complete");
    assertThat(conditionTypes(job)).containsExactly("SuccessCriteriaMet", "Complete");
    assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(job.getStatus().getActive()).isZero();
    assertThat(job.getStatus().getStartTime()).isNotNull();
    assertThat(job.getStatus().getCompletionTime()).isNotNull();
    // what the API server adds on create
    assertThat(job.getSpec().getSelector().getMatchLabels()).containsEntry("batch.kubernetes.io/controller-uid", job.getMetadata().getUid());
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("job-name", name);
    assertThat(job.getSpec().getCompletions()).isEqualTo(1);

    Pod pod = single(name);
    assertThat(pod.getMetadata().getName()).matches(name + "-[a-z0-9]{5}");
    assertThat(pod.getMetadata().getLabels())
        .containsEntry("job-name", name).containsEntry("batch.kubernetes.io/job-name", name)
        .containsEntry("controller-uid", job.getMetadata().getUid())
        .containsEntry(JobNames.STEP_LABEL, "ok").containsEntry(JobNames.HARDWARE_LABEL, "cpu");
    assertThat(pod.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getKind() + "/" + o.getName() + "/" + o.getController()).isEqualTo("Job/" + name + "/true"));
    assertThat(pod.getSpec().getNodeName()).isEqualTo(KubeletEmulator.NODE);
    assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
    assertThat(terminated(pod).getExitCode()).isZero();
    assertThat(terminated(pod).getReason()).isEqualTo("Completed");

    assertThat(client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).inContainer(JobSpecs.CONTAINER).getLog())
        .isEqualTo("hello ok\noops\n");
    assertThat(client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).inContainer(JobSpecs.CONTAINER).tailingLines(1).getLog())
        .isEqualTo("oops\n");
    try (KubernetesClient own = new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(cluster.masterUrl()).withNamespace(ns).build()).build()) {
      assertThat(own.pods().withName(pod.getMetadata().getName()).inContainer(JobSpecs.CONTAINER).getLog()).isEqualTo("hello ok\noops\n");
    }
    // the container's environment, not the test JVM's: HOSTNAME is the pod, HOME is not inherited
    assertThat(Files.readString(dir.resolve("env"))).isEqualTo(pod.getMetadata().getName() + " unset\n");
    // it ran in a directory of its own, gone with the container
    Path workingDirectory = Path.of(Files.readString(dir.resolve("pwd")).trim());
    assertThat(workingDirectory.getFileName().toString()).startsWith("kubelet-step-");
    await().atMost(WAIT).until(() -> !Files.exists(workingDirectory));
  }

  @Test
  void builtinStepRunsTheImagesTrainyardThroughTheStandIn() {
    cluster.close();
    cluster = MockCluster.start(ns, ContainerRuntime.local().withCommand("trainyard", List.of("/bin/echo", "stand-in")));
    client = cluster.client();
    client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("wandb").endMetadata()
        .withStringData(Map.of("api-key", "k")).build()).create();
    Job job = JobSpecs.job(JobFixtures.train("run-builtin", 1, CPU), SETTINGS);
    client.batch().v1().jobs().inNamespace(ns).resource(job).create();

    awaitCondition(job.getMetadata().getName(), "Complete");
    Pod pod = single(job.getMetadata().getName());
    assertThat(client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).inContainer(JobSpecs.CONTAINER).getLog())
        .isEqualTo("stand-in step --builtin tribuo-train\n");
  }

  @Test
  void podDeletedUnderARunningJobStopsItsContainerAndFailsTheJob() throws Exception {
    Path pid = dir.resolve("pid");
    String name = submit("deleted", "echo $$ > " + pid + "; exec sleep 30", CPU, "10m", Map.of());
    Pod running = cluster.kubelet().awaitRunning(name, WAIT);
    await().atMost(WAIT).until(() -> Files.exists(pid) && !Files.readString(pid).isBlank());
    long processId = Long.parseLong(Files.readString(pid).trim());

    client.pods().inNamespace(ns).withName(running.getMetadata().getName()).delete();

    // no DisruptionTarget for a plain delete: the SIGTERM exit matches the FailJob rule
    Job job = awaitCondition(name, "Failed");
    assertThat(condition(job, "Failed").orElseThrow().getMessage()).contains("exit code " + KubeletEmulator.TERMINATED);
    await().atMost(WAIT).until(() -> ProcessHandle.of(processId).map(p -> !p.isAlive()).orElse(true));
  }

  @Test
  void nonZeroExitFailsTheJobThroughThePodFailurePolicy() {
    String name = submit("bad", "echo failing; exit 3", CPU, "10m", Map.of());

    Job job = awaitCondition(name, "Failed");
    JobCondition failed = condition(job, "Failed").orElseThrow();
    assertThat(failed.getReason()).isEqualTo("PodFailurePolicy");
    assertThat(failed.getMessage()).contains("failed with exit code 3 matching FailJob rule at index 1");
    assertThat(conditionTypes(job)).doesNotContain("Complete");
    assertThat(job.getStatus().getFailed()).isEqualTo(1);

    Pod pod = single(name);
    assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
    assertThat(terminated(pod).getExitCode()).isEqualTo(3);
    assertThat(terminated(pod).getReason()).isEqualTo("Error");
  }

  @Test
  void preemptedPodIsIgnoredAndReplacedAndTheJobCompletes() throws Exception {
    Path marker = dir.resolve("first-ran");
    Path pid = dir.resolve("first.pid");
    String name = submit("spot", "if [ -e " + marker + " ]; then echo second; else touch " + marker + "; echo $$ > " + pid
        + "; echo first; exec sleep 30; fi", CPU, "10m", Map.of());

    Pod first = cluster.kubelet().awaitRunning(name, WAIT);
    await().atMost(WAIT).until(() -> Files.exists(pid) && !Files.readString(pid).isBlank());
    long firstPid = Long.parseLong(Files.readString(pid).trim());
    cluster.kubelet().evict(first.getMetadata().getName());

    Job job = awaitCondition(name, "Complete");
    assertThat(conditionTypes(job)).doesNotContain("Failed", "FailureTarget");
    assertThat(job.getStatus().getFailed()).isNull();
    assertThat(job.getStatus().getSucceeded()).isEqualTo(1);

    List<Pod> pods = cluster.kubelet().pods(name);
    assertThat(pods).hasSize(2);
    Pod preempted = pods.get(0);
    assertThat(preempted.getMetadata().getName()).isEqualTo(first.getMetadata().getName());
    assertThat(preempted.getStatus().getPhase()).isEqualTo("Failed");
    assertThat(podCondition(preempted, "DisruptionTarget")).hasValueSatisfying(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("PreemptionByScheduler");
    });
    assertThat(terminated(preempted).getExitCode()).isEqualTo(KubeletEmulator.KILLED);
    await().atMost(WAIT).until(() -> ProcessHandle.of(firstPid).map(p -> !p.isAlive()).orElse(true));
    assertThat(pods.get(1).getStatus().getPhase()).isEqualTo("Succeeded");
    assertThat(client.pods().inNamespace(ns).withName(pods.get(1).getMetadata().getName()).inContainer(JobSpecs.CONTAINER).getLog())
        .isEqualTo("second\n");
  }

  @Test
  void podNoNodeFitsStaysPendingUnschedulableUntilOneDoes() {
    cluster.kubelet().noNodeFor("cloud.google.com/gke-accelerator", "nvidia-tesla-a100");
    String name = submit("gpu", "echo trained", GPU_A100, "10m", Map.of());

    Pod pending = await().atMost(WAIT).until(() -> cluster.kubelet().pods(name).stream().findFirst(),
        p -> p.flatMap(pod -> podCondition(pod, "PodScheduled")).isPresent()).orElseThrow();
    assertThat(pending.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(pending.getSpec().getNodeName()).isNull();
    PodCondition scheduled = podCondition(pending, "PodScheduled").orElseThrow();
    assertThat(scheduled.getStatus()).isEqualTo("False");
    assertThat(scheduled.getReason()).isEqualTo("Unschedulable");
    assertThat(scheduled.getMessage()).contains("didn't match Pod's node affinity/selector");
    assertThat(client.v1().events().inNamespace(ns).list().getItems())
        .filteredOn(e -> e.getInvolvedObject().getName().equals(pending.getMetadata().getName()))
        .extracting(e -> e.getType() + " " + e.getReason() + ": " + e.getMessage())
        .containsExactly("Warning FailedScheduling: " + scheduled.getMessage());
    Job job = client.batch().v1().jobs().inNamespace(ns).withName(name).get();
    assertThat(job.getStatus().getActive()).isEqualTo(1);
    assertThat(job.getStatus().getConditions()).isNullOrEmpty();

    cluster.kubelet().unschedulable(pod -> false);
    awaitCondition(name, "Complete");
    assertThat(single(name).getSpec().getNodeName()).isEqualTo(KubeletEmulator.NODE);
  }

  @ParameterizedTest
  @EnumSource(value = DeletionPropagation.class, names = {"FOREGROUND", "BACKGROUND"})
  void deletingTheJobDeletesItsPodsAndKillsTheProcess(DeletionPropagation propagation) throws Exception {
    Path pid = dir.resolve("pid");
    String name = submit("long", "echo $$ > " + pid + "; exec sleep 30", CPU, "10m", Map.of());
    cluster.kubelet().awaitRunning(name, WAIT);
    await().atMost(WAIT).until(() -> Files.exists(pid) && !Files.readString(pid).isBlank());
    long processId = Long.parseLong(Files.readString(pid).trim());
    assertThat(ProcessHandle.of(processId)).isPresent();

    client.batch().v1().jobs().inNamespace(ns).withName(name).withPropagationPolicy(propagation).delete();

    await().atMost(WAIT).until(() -> cluster.kubelet().pods(name).isEmpty()
        && client.batch().v1().jobs().inNamespace(ns).withName(name).get() == null);
    await().atMost(WAIT).until(() -> ProcessHandle.of(processId).map(p -> !p.isAlive()).orElse(true));
  }

  @Test
  void pendingPodDeletedCountsAsAFailureAgainstTheBackoffLimit() {
    cluster.kubelet().noNodeFor("cloud.google.com/gke-accelerator", "nvidia-tesla-a100");
    String name = submit("gone", "echo never", GPU_A100, "10m", Map.of());
    Pod pending = cluster.kubelet().awaitPod(name, p -> podCondition(p, "PodScheduled").isPresent(), WAIT);

    client.pods().inNamespace(ns).withName(pending.getMetadata().getName()).delete();

    Job job = awaitCondition(name, "Failed");
    assertThat(condition(job, "Failed").orElseThrow().getReason()).isEqualTo("BackoffLimitExceeded");
    assertThat(job.getStatus().getFailed()).isEqualTo(1);
  }

  @Test
  void missingSecretHoldsTheContainerUntilTheSecretExists() {
    String name = submit("secret", "echo \"key=$API_KEY\"", CPU, "10m", Map.of("API_KEY", new SecretKey("tracker", "api-key")));

    Pod waiting = await().atMost(WAIT).until(() -> cluster.kubelet().pods(name).stream().findFirst(),
        p -> p.map(pod -> pod.getStatus().getContainerStatuses()).filter(s -> !s.isEmpty()).isPresent()).orElseThrow();
    assertThat(waiting.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(waiting.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason()).isEqualTo("CreateContainerConfigError");
    assertThat(waiting.getStatus().getContainerStatuses().get(0).getState().getWaiting().getMessage()).isEqualTo("secret \"tracker\" not found");

    client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("tracker").endMetadata()
        .withData(Map.of("api-key", Base64.getEncoder().encodeToString("s3cr3t".getBytes(StandardCharsets.UTF_8)))).build()).create();

    awaitCondition(name, "Complete");
    assertThat(client.pods().inNamespace(ns).withName(single(name).getMetadata().getName()).inContainer(JobSpecs.CONTAINER).getLog())
        .isEqualTo("key=s3cr3t\n");
  }

  @Test
  void jobPastItsDeadlineFailsAndLosesItsPods() {
    String name = submit("slow", "exec sleep 30", CPU, "1s", Map.of());

    Job job = awaitCondition(name, "Failed");
    assertThat(condition(job, "Failed").orElseThrow().getReason()).isEqualTo("DeadlineExceeded");
    assertThat(job.getStatus().getActive()).isZero();
    assertThat(cluster.kubelet().pods(name)).isEmpty();
  }

  @Test
  void logsOfAMissingPodOrAWaitingContainerAreRefusedLikeTheApiServerDoes() {
    cluster.kubelet().noNodeFor("cloud.google.com/gke-accelerator", "nvidia-tesla-a100");
    String name = submit("queued", "echo never", GPU_A100, "10m", Map.of());
    Pod pending = await().atMost(WAIT).until(() -> cluster.kubelet().pods(name).stream().findFirst(), Optional::isPresent).orElseThrow();

    assertThat(catchCode(() -> client.pods().inNamespace(ns).withName("nope").inContainer(JobSpecs.CONTAINER).getLog())).isEqualTo(404);
    assertThat(catchCode(() -> client.pods().inNamespace(ns).withName(pending.getMetadata().getName()).inContainer(JobSpecs.CONTAINER).getLog()))
        .isEqualTo(400);
    cluster.kubelet().unschedulable(pod -> false);
    awaitCondition(name, "Complete");
    assertThat(catchCode(() -> client.pods().inNamespace(ns).withName(pending.getMetadata().getName()).inContainer(JobSpecs.CONTAINER)
        .terminated().getLog())).isEqualTo(400);
  }

  @Test
  void followedLogStreamsLinesAsPrintedAndEndsWithTheContainer() throws Exception {
    Path go = dir.resolve("go");
    String name = submit("chatty", "echo one; while [ ! -e " + go + " ]; do sleep 0.05; done; echo two", CPU, "10m", Map.of());
    Pod running = cluster.kubelet().awaitRunning(name, WAIT);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (LogWatch watch = client.pods().inNamespace(ns).withName(running.getMetadata().getName()).inContainer(JobSpecs.CONTAINER)
        .watchLog(out)) {
      await().atMost(WAIT).until(() -> out.toString(StandardCharsets.UTF_8).equals("one\n"));
      assertThat(watch.onClose().toCompletableFuture()).isNotDone();
      assertThat(condition(client.batch().v1().jobs().inNamespace(ns).withName(name).get(), "Complete")).isEmpty();

      Files.createFile(go);
      watch.onClose().toCompletableFuture().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("one\ntwo\n");
    }
    awaitCondition(name, "Complete");
  }

  private String submit(String step, String shell, HardwareClass hardware, String timeout, Map<String, SecretKey> secrets) {
    String runId = "run-" + step;
    JobRequest request = new JobRequest(runId, JobFixtures.step(step, shell, List.of(), null, timeout), 1, hardware,
        JobFixtures.contract(runId, step, 1), secrets);
    Job job = JobSpecs.job(request, SETTINGS);
    client.batch().v1().jobs().inNamespace(ns).resource(job).create();
    return job.getMetadata().getName();
  }

  private Job awaitCondition(String name, String type) {
    return await().atMost(WAIT).until(() -> client.batch().v1().jobs().inNamespace(ns).withName(name).get(),
        job -> job != null && condition(job, type).isPresent());
  }

  private Pod single(String job) {
    List<Pod> pods = cluster.kubelet().pods(job);
    assertThat(pods).hasSize(1);
    return pods.get(0);
  }

  private static Optional<JobCondition> condition(Job job, String type) {
    return job.getStatus() == null || job.getStatus().getConditions() == null ? Optional.empty()
        : job.getStatus().getConditions().stream().filter(c -> c.getType().equals(type) && "True".equals(c.getStatus())).findFirst();
  }

  private static List<String> conditionTypes(Job job) {
    return job.getStatus().getConditions().stream().map(JobCondition::getType).toList();
  }

  private static Optional<PodCondition> podCondition(Pod pod, String type) {
    return pod.getStatus() == null || pod.getStatus().getConditions() == null ? Optional.empty()
        : pod.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst();
  }

  private static ContainerStateTerminated terminated(Pod pod) {
    return pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
  }

  private static int catchCode(Runnable call) {
    try {
      call.run();
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      return e.getCode();
    }
    throw new AssertionError("expected the API server to refuse");
  }
}
