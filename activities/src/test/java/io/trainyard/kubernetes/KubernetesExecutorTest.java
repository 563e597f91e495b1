package io.trainyard.kubernetes;

import static io.trainyard.failure.FailureAssertions.nonRetryable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.temporal.client.ActivityNotExistsException;
import io.temporal.client.ActivityWorkerShutdownException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.trainyard.artifact.TrainyardHome;
import io.trainyard.failure.FailureTypes;
import io.trainyard.hardware.HardwareClass;
import io.trainyard.hardware.HardwareClasses;
import io.trainyard.run.Stage;
import io.trainyard.step.BuiltinEntryPoint;
import io.trainyard.spec.StepSpec;
import io.trainyard.step.AttemptCost;
import io.trainyard.step.AttemptPaths;
import io.trainyard.step.ExecutionOutcome;
import io.trainyard.step.StepRuntime;
import io.trainyard.step.StepExecutor;
import io.trainyard.step.StepHarness;
import io.trainyard.step.StepLaunch;
import io.trainyard.step.StepRequest;
import io.trainyard.step.StepResult;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes executor against fabric8's mock API server with the {@link KubeletEmulator}: each
 * step's container runs as a real local process that writes into this test's Trainyard home, which
 * is also the Job's artifact mount path.
 */
class KubernetesExecutorTest {
  private static final String NAMESPACE = "trainyard-runs";
  private static final String IMAGE = "registry.example/trainyard:0.1.0";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String ACCELERATOR = "cloud.google.com/gke-accelerator";

  static final HardwareClass CPU = new HardwareClass("cpu", "100m", null, "64Mi", null, null, null, 0, "nvidia.com/gpu",
      null, null, null, null, false, new BigDecimal("0.36"));
  static final HardwareClass GPU = new HardwareClass("gpu", "1", null, "1Gi", null, null, null, 1, "nvidia.com/gpu",
      Map.of(ACCELERATOR, "nvidia-l4"), List.of("nvidia.com/gpu:NoSchedule"), null, null, true, new BigDecimal("0.71"));

  @TempDir Path dir;
  MockCluster cluster;
  KubernetesClient client;
  KubernetesExecutor executor;
  StepHarness harness;
  TrainyardHome home;
  final List<JobProgress> heartbeats = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    cluster = MockCluster.start(NAMESPACE);
    client = cluster.client();
    home = TrainyardHome.at(dir.resolve("home"));
    executor = executor(2);
    harness = new StepHarness(home.root(), List.of(), executor, new HardwareClasses(List.of(CPU, GPU)));
    harness.environment.setActivityHeartbeatListener(JobProgress.class, heartbeats::add);
  }

  @AfterEach
  void stop() {
    harness.close();
    executor.close();
    cluster.close();
  }

  private KubernetesExecutor executor(int maxDisruptions) {
    KubernetesConfiguration configuration = new KubernetesConfiguration(NAMESPACE, IMAGE, null,
        home.root().toString(), 3600, Duration.ofMillis(800), maxDisruptions, Duration.ofSeconds(10));
    return new KubernetesExecutor(client, configuration, new HardwareClasses(List.of(CPU, GPU)), home);
  }

  @Test
  void aShellStepSucceedsWithItsOutputsMetricsAndPodLogInTheAttemptLog() throws Exception {
    StepSpec spec = step("train", "echo \"training $TRAINYARD_STEP on $TRAINYARD_HARDWARE\"; sleep 1; "
        + "echo weights > $TRAINYARD_OUTPUT_DIR/model; echo '{\"accuracy\": 0.93}' > $TRAINYARD_OUTPUT_DIR/metrics.json", "cpu");

    StepResult result = harness.activities.execute(new StepRequest("run-1", Stage.TRAIN, spec, null, null, null));

    assertThat(result.metrics()).containsEntry("accuracy", 0.93);
    assertThat(harness.store.localPath(result.outputs().get("model"))).hasContent("weights");
    String log = Files.readString(AttemptPaths.of(home, "run-1", "train", 1).logFile());
    assertThat(log)
        .contains("created Job ty-run-1-train-1")
        .containsPattern("--- pod ty-run-1-train-1-\\w+ on " + KubeletEmulator.NODE + " \\(Running\\)")
        .containsPattern("--- pod ty-run-1-train-1-\\w+ ended \\(Succeeded, exit code 0\\)")
        .contains("training train on cpu");
    assertThat(jobs()).containsExactly("ty-run-1-train-1");
    // the attempt names the image it ran and the digest the node resolved the tag to
    assertThat(harness.journal.lastFinished().runtime()).isEqualTo(new StepRuntime(
        null, null, IMAGE, KubeletEmulator.imageId(IMAGE)));
    assertThat(KubeletEmulator.imageId(IMAGE)).matches("registry\\.example/trainyard@sha256:[0-9a-f]{64}");
    assertThat(heartbeats).anySatisfy(beat -> {
      assertThat(beat.job()).isEqualTo("ty-run-1-train-1");
      assertThat(beat.phase()).isEqualTo("Running");
      assertThat(beat.node()).isEqualTo(KubeletEmulator.NODE);
      assertThat(beat.hardware()).isEqualTo("cpu");
    });
  }

  @Test
  void everyStepIsWaitedOnThroughOneSharedWatchOfJobsAndOneOfPods() throws Exception {
    // the worker warms the executor up at start-up: the watches exist before any step
    executor.warmUp();
    assertThat(watches()).containsExactlyInAnyOrder(
        "/apis/batch/v1/namespaces/" + NAMESPACE + "/jobs", "/api/v1/namespaces/" + NAMESPACE + "/pods");

    for (String run : List.of("run-14", "run-15", "run-16")) {
      harness.activities.execute(new StepRequest(run, Stage.TRAIN, step("train", "echo ok > $TRAINYARD_OUTPUT_DIR/model", "cpu"),
          null, null, null));
    }

    assertThat(watches()).as("no step opened a watch of its own").isEmpty();
  }

  /** The watches of step Jobs and pods the server was asked for since the last call. */
  private List<String> watches() throws InterruptedException {
    List<String> watches = new ArrayList<>();
    for (RecordedRequest request = cluster.server().takeRequest(1, TimeUnit.MILLISECONDS); request != null;
        request = cluster.server().takeRequest(1, TimeUnit.MILLISECONDS)) {
      String path = URLDecoder.decode(request.getPath(), StandardCharsets.UTF_8);
      if (path.contains("watch=true") && path.contains(JobNames.MANAGED_BY_LABEL + "=" + JobNames.APP)) {
        watches.add(path.substring(0, path.indexOf('?')));
      }
    }
    return watches;
  }

  @Test
  void aNonZeroExitIsARetryableStepFailureWithTheExitCodeAndTheLogTail() {
    StepSpec spec = step("train", "echo 'loss went NaN at epoch 3'; exit 3", "cpu");

    assertThatThrownBy(() -> harness.activities.execute(new StepRequest("run-2", Stage.TRAIN, spec, null, null, null)))
        .cause()
        .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
          assertThat(failure.getType()).isEqualTo(StepExecutor.STEP_FAILED);
          assertThat(failure.isNonRetryable()).isFalse();
          assertThat(failure.getDetails().get(0, Integer.class)).isEqualTo(3);
          assertThat(failure.getOriginalMessage())
              .contains("exited with code 3")
              .contains("PodFailurePolicy")
              .contains("loss went NaN at epoch 3");
        });
    assertThat(harness.journal.lastFinished().exitCode()).isEqualTo(3);
  }

  @Test
  void aBuiltinPodThatCannotUseItsInputFailsWithoutRetries() {
    harness.close();
    executor.close();
    cluster.close();
    // the image's entry point, standing in: it exits as BuiltinEntryPoint does for invalid input
    cluster = MockCluster.start(NAMESPACE, ContainerRuntime.local().withCommand("trainyard",
        List.of("/bin/sh", "-c", "echo 'data.csv has no label column'; exit " + BuiltinEntryPoint.INVALID_INPUT)));
    client = cluster.client();
    executor = executor(2);
    harness = new StepHarness(home.root(), List.of(), executor, new HardwareClasses(List.of(CPU, GPU)));
    StepSpec spec = step("split", "builtin:tabular-split", "cpu");

    assertThatThrownBy(() -> harness.activities.execute(new StepRequest("run-3", Stage.PREPARE, spec, null, null, null)))
        .cause()
        .isInstanceOfSatisfying(ApplicationFailure.class,
            nonRetryable(FailureTypes.INVALID_DATA, "exited with code 3", "has no label column"));
  }

  @Test
  void aStepPastItsTimeoutFailsWithTheJobsDeadlineAndKeepsTheLogOfItsDeletedPod() throws Exception {
    StepSpec spec = new StepSpec("train", "echo started; sleep 60", null, List.of(), Map.of(), List.of("model"), List.of("cpu"),
        0, "1s", "30s", false, Map.of(), Map.of());

    assertThatThrownBy(() -> harness.activities.execute(new StepRequest("run-11", Stage.TRAIN, spec, null, null, null)))
        .cause()
        .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
          assertThat(failure.getType()).isEqualTo(StepExecutor.STEP_FAILED);
          assertThat(failure.isNonRetryable()).isFalse();
          assertThat(failure.getOriginalMessage()).contains("DeadlineExceeded");
        });
    // the Job controller deleted the pod at the deadline: its log was followed while it ran
    assertThat(Files.readString(AttemptPaths.of(home, "run-11", "train", 1).logFile())).contains("started");
  }

  @Test
  void anEvictedPodIsReplacedAndTheReplacementResumesFromTheCheckpoint() throws Exception {
    // counts to 30 in the checkpoint, resuming where the last pod left off
    StepSpec spec = step("train", "p=$TRAINYARD_CHECKPOINT_DIR/progress; start=$(cat $p 2>/dev/null || echo 0); "
        + "echo \"resuming from $start\"; i=$start; while [ $i -lt 30 ]; do i=$((i+1)); echo $i > $p; sleep 0.1; done; "
        + "echo $start > $TRAINYARD_OUTPUT_DIR/model", "cpu");
    CompletableFuture<StepResult> running = CompletableFuture.supplyAsync(
        () -> harness.activities.execute(new StepRequest("run-3", Stage.TRAIN, spec, null, null, null)));
    Path progress = AttemptPaths.of(home, "run-3", "train", 1).checkpointDir().resolve("progress");
    // past 1.2 s, so that the evicted pod's running time shows in the kubelet's whole-second timestamps
    await().atMost(WAIT).until(() -> counted(progress) >= 12);

    cluster.kubelet().evictRunning("ty-run-3-train-1");

    StepResult result = running.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    int resumedFrom = Integer.parseInt(Files.readString(harness.store.localPath(result.outputs().get("model"))).strip());
    assertThat(resumedFrom).isGreaterThanOrEqualTo(12);
    assertThat(jobs()).containsExactly("ty-run-3-train-1");
    assertThat(cluster.kubelet().pods("ty-run-3-train-1")).hasSize(2);
    String log = Files.readString(AttemptPaths.of(home, "run-3", "train", 1).logFile());
    assertThat(log)
        .contains("disrupted (PreemptionByScheduler")
        .contains("resuming from 0")
        .contains("resuming from " + resumedFrom)
        .containsPattern("\\(Failed/DisruptionTarget: PreemptionByScheduler, exit code 137\\)");
    assertThat(heartbeats).anySatisfy(beat -> assertThat(beat.disruptions()).isEqualTo(1));
    // priced by its pods' running time as the kubelet reported it, the preempted pod's included
    List<Pod> pods = cluster.kubelet().pods("ty-run-3-train-1");
    Duration ran = pods.stream().map(KubernetesExecutorTest::containerRan).reduce(Duration.ZERO, Duration::plus);
    Duration preempted = pods.stream().filter(p -> JobPods.disruption(p).isPresent())
        .map(KubernetesExecutorTest::containerRan).reduce(Duration.ZERO, Duration::plus);
    assertThat(preempted).isPositive().isLessThanOrEqualTo(ran);
    AttemptCost cost = harness.journal.lastFinished().cost();
    assertThat(cost.runningMillis()).isEqualTo(ran.toMillis());
    assertThat(cost.preemptedMillis()).isEqualTo(preempted.toMillis());
    assertThat(cost.cost()).isEqualByComparingTo(CPU.hourlyPrice().multiply(BigDecimal.valueOf(ran.toMillis()))
        .divide(BigDecimal.valueOf(3_600_000), 6, RoundingMode.HALF_UP));
    assertThat(harness.journal.started).singleElement()
        .satisfies(started -> assertThat(started.hourlyPrice()).isEqualTo(CPU.hourlyPrice()));
  }

  /** How long a pod's step container ran, from its terminated state. */
  private static Duration containerRan(Pod pod) {
    var terminated = pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
    return Duration.between(Instant.parse(terminated.getStartedAt()), Instant.parse(terminated.getFinishedAt()));
  }

  @Test
  void moreDisruptionsThanTolerableFailTheAttemptAndDeleteTheJob() {
    StepSpec spec = step("train", "sleep 60", "cpu");
    CompletableFuture<StepResult> running = CompletableFuture.supplyAsync(
        () -> harness.activities.execute(new StepRequest("run-4", Stage.TRAIN, spec, null, null, null)));

    for (int i = 0; i < 3; i++) {
      cluster.kubelet().awaitRunning("ty-run-4-train-1", WAIT);
      cluster.kubelet().evictRunning("ty-run-4-train-1");
    }

    assertThatThrownBy(() -> running.get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().cause()
        .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
          assertThat(failure.getType()).isEqualTo(StepExecutor.STEP_FAILED);
          assertThat(failure.isNonRetryable()).isFalse();
          assertThat(failure.getOriginalMessage()).contains("disrupted 3 pods").contains("max-disruptions=2");
        });
    await().atMost(WAIT).until(() -> jobs().isEmpty());
  }

  @Test
  void aSecondExecutionOfTheSameAttemptAdoptsItsJob() throws Exception {
    StepSpec spec = step("train", "sleep 1; echo $TRAINYARD_ATTEMPT > $TRAINYARD_OUTPUT_DIR/model", "cpu");
    AttemptPaths paths = AttemptPaths.of(home, "run-5", "train", 1).prepare();
    // the first worker shuts down while its pod runs: the Job must stay for the next execution
    assertThatThrownBy(() -> executor.execute(launch("run-5", spec, 1, stopWhenRunning(new ActivityWorkerShutdownException()))))
        .isInstanceOf(ActivityWorkerShutdownException.class);
    assertThat(jobs()).containsExactly("ty-run-5-train-1");

    ExecutionOutcome outcome = executor.execute(launch("run-5", spec, 1, beat -> {}));

    assertThat(outcome).isEqualTo(new ExecutionOutcome(0, null, new StepRuntime(null, null, IMAGE, KubeletEmulator.imageId(IMAGE))));
    assertThat(paths.outputDir().resolve("model")).hasContent("1");
    assertThat(jobs()).containsExactly("ty-run-5-train-1");
    assertThat(cluster.kubelet().pods("ty-run-5-train-1")).hasSize(1);
    assertThat(Files.readString(paths.logFile())).contains("adopted Job ty-run-5-train-1 of this attempt");
  }

  @Test
  void aLaterAttemptAdoptsTheStillRunningJobOfAnEarlierOneAndReadsItsOutputs() throws Exception {
    StepSpec spec = step("train", "sleep 1; echo \"from attempt $TRAINYARD_ATTEMPT\" > $TRAINYARD_OUTPUT_DIR/model", "cpu");
    AttemptPaths.of(home, "run-6", "train", 1).prepare();
    // attempt 1's heartbeat timed out (its worker is gone to Temporal) while its pod kept running
    assertThatThrownBy(() -> executor.execute(
        launch("run-6", spec, 1, stopWhenRunning(new ActivityNotExistsException("heartbeat timed out", null)))))
        .isInstanceOf(ActivityNotExistsException.class);

    StepResult result = harness.activities.execute(new StepRequest("run-6", Stage.TRAIN, spec, null, null, null, "cpu", 2, null, null, null));

    assertThat(result.attempt()).isEqualTo(2);
    assertThat(harness.store.localPath(result.outputs().get("model"))).hasContent("from attempt 1");
    assertThat(jobs()).containsExactly("ty-run-6-train-1");
    assertThat(Files.readString(AttemptPaths.of(home, "run-6", "train", 2).logFile())).contains("adopted Job ty-run-6-train-1 of attempt 1");
  }

  @Test
  void aFailedEarlierAttemptIsNotAdoptedTheNextAttemptRunsItsOwnJob() throws Exception {
    StepSpec spec = step("train", "[ \"$TRAINYARD_ATTEMPT\" -ge 2 ] && echo \"attempt $TRAINYARD_ATTEMPT\" > $TRAINYARD_OUTPUT_DIR/model", "cpu");
    assertThatThrownBy(() -> harness.activities.execute(new StepRequest("run-12", Stage.TRAIN, spec, null, null, null)))
        .cause()
        .isInstanceOfSatisfying(ApplicationFailure.class, failure -> assertThat(failure.getType()).isEqualTo(StepExecutor.STEP_FAILED));

    StepResult result = harness.activities.execute(new StepRequest("run-12", Stage.TRAIN, spec, null, null, null, "cpu", 2, null, null, null));

    assertThat(harness.store.localPath(result.outputs().get("model"))).hasContent("attempt 2");
    assertThat(jobs()).containsExactlyInAnyOrder("ty-run-12-train-1", "ty-run-12-train-2");
  }

  @Test
  void aHardwareClassTheWorkerDoesNotKnowIsMisconfigured() {
    StepSpec spec = step("train", "echo never", "tpu");

    assertThatThrownBy(() -> harness.activities.execute(new StepRequest("run-13", Stage.TRAIN, spec, null, null, null)))
        .cause()
        .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
          assertThat(failure.getType()).isEqualTo(FailureTypes.STEP_MISCONFIGURED);
          assertThat(failure.isNonRetryable()).isTrue();
          assertThat(failure.getOriginalMessage()).contains("'tpu'").contains("[cpu, gpu]");
        });
    assertThat(jobs()).isEmpty();
  }

  @Test
  void anUnschedulablePodWithAFallbackClassFailsAsUnschedulableAndDeletesTheJob() {
    cluster.kubelet().noNodeFor(ACCELERATOR, "nvidia-l4");
    StepSpec spec = step("train", "echo never", "gpu", "cpu");

    assertThatThrownBy(() -> harness.activities.execute(new StepRequest("run-7", Stage.TRAIN, spec, null, null, null, "gpu", 1, null, null, null)))
        .cause()
        .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
          assertThat(failure.getType()).isEqualTo(FailureTypes.UNSCHEDULABLE);
          assertThat(failure.isNonRetryable()).isTrue();
          // the class and the attempt: the workflow moves the step on and numbers attempts from there
          assertThat(failure.getDetails().get(0, String.class)).isEqualTo("gpu");
          assertThat(failure.getDetails().get(1, Integer.class)).isEqualTo(1);
          assertThat(failure.getOriginalMessage()).contains("'gpu'").contains("nodes are available");
        });
    await().atMost(WAIT).until(() -> jobs().isEmpty() && client.pods().inNamespace(NAMESPACE).list().getItems().isEmpty());
  }

  @Test
  void anUnschedulablePodOnTheLastClassKeepsWaitingUntilANodeFits() throws Exception {
    cluster.kubelet().noNodeFor(ACCELERATOR, "nvidia-l4");
    StepSpec spec = step("train", "echo fits > $TRAINYARD_OUTPUT_DIR/model", "gpu");
    CompletableFuture<StepResult> running = CompletableFuture.supplyAsync(
        () -> harness.activities.execute(new StepRequest("run-8", Stage.TRAIN, spec, null, null, null)));
    // pending for longer than the unschedulable timeout (800 ms), and still waiting
    await().atMost(WAIT).until(() -> heartbeats.stream().anyMatch(b -> "Pending".equals(b.phase()) && b.elapsedMillis() > 1600));
    assertThat(running).isNotDone();
    assertThat(jobs()).containsExactly("ty-run-8-train-1");

    cluster.kubelet().unschedulable(pod -> false);

    StepResult result = running.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(harness.store.localPath(result.outputs().get("model"))).hasContent("fits");
  }

  @Test
  void cancellingTheActivityDeletesTheJobAndItsPods() throws Exception {
    StepSpec spec = step("train", "echo started; sleep 60", "cpu");
    CompletableFuture<StepResult> running = CompletableFuture.supplyAsync(
        () -> harness.activities.execute(new StepRequest("run-9", Stage.TRAIN, spec, null, null, null)));
    cluster.kubelet().awaitRunning("ty-run-9-train-1", WAIT);

    harness.environment.requestCancelActivity();

    assertThatThrownBy(() -> running.get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .rootCause()
        .isInstanceOf(CanceledFailure.class);
    assertThat(jobs()).isEmpty();
    await().atMost(WAIT).until(() -> client.pods().inNamespace(NAMESPACE).list().getItems().isEmpty());
    assertThat(Files.readString(AttemptPaths.of(home, "run-9", "train", 1).logFile())).contains("activity cancelled");
  }

  @Test
  void secretsReachThePodByReferenceNeverAsValuesInTheJob() throws Exception {
    client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName("wandb").endMetadata()
        .addToData("api-key", Base64.getEncoder().encodeToString("s3cr3t".getBytes(StandardCharsets.UTF_8))).build()).create();
    StepSpec spec = new StepSpec("train", "printf %s \"$WANDB_API_KEY\" | wc -c > $TRAINYARD_OUTPUT_DIR/model", null, List.of(),
        Map.of(), List.of("model"), List.of("cpu"), 0, "10m", "30s", false, Map.of(), Map.of("WANDB_API_KEY", "wandb/api-key"));

    StepResult result = harness.activities.execute(new StepRequest("run-11", Stage.TRAIN, spec, null, null, null));

    assertThat(Files.readString(harness.store.localPath(result.outputs().get("model"))).strip()).isEqualTo("6");
    EnvVar variable = client.batch().v1().jobs().inNamespace(NAMESPACE).withName("ty-run-11-train-1").get()
        .getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getName().equals("WANDB_API_KEY")).findFirst().orElseThrow();
    assertThat(variable.getValue()).isNull();
    assertThat(variable.getValueFrom().getSecretKeyRef().getName()).isEqualTo("wandb");
    assertThat(variable.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("api-key");
  }

  @Test
  void aGpuClassJobAsksForTheGpuItsNodesAndTolerations() {
    StepSpec spec = step("train", "echo gpu > $TRAINYARD_OUTPUT_DIR/model", "gpu");

    harness.activities.execute(new StepRequest("run-10", Stage.TRAIN, spec, null, null, null));

    Job job = client.batch().v1().jobs().inNamespace(NAMESPACE).withName("ty-run-10-train-1").get();
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers().get(0).getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(pod.getNodeSelector()).containsEntry(ACCELERATOR, "nvidia-l4");
    assertThat(pod.getTolerations()).anySatisfy(t -> {
      assertThat(t.getKey()).isEqualTo("nvidia.com/gpu");
      assertThat(t.getOperator()).isEqualTo("Exists");
      assertThat(t.getEffect()).isEqualTo("NoSchedule");
    });
    assertThat(job.getMetadata().getLabels()).containsEntry(JobNames.HARDWARE_LABEL, "gpu");
  }

  private static StepSpec step(String name, String run, String... hardware) {
    return new StepSpec(name, run, null, List.of(), Map.of(), List.of("model"), List.of(hardware), 0, "10m", "30s", false, Map.of(), Map.of());
  }

  /** An attempt launched as {@code StepActivitiesImpl} launches it, heartbeating into {@code heartbeat}. */
  private StepLaunch launch(String runId, StepSpec spec, int attempt, Consumer<Object> heartbeat) {
    AttemptPaths paths = AttemptPaths.of(home, runId, spec.name(), attempt);
    return new StepLaunch(runId, Stage.TRAIN, spec, spec.primaryHardware(), attempt, Map.of(), Map.of(), Map.of(), paths,
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", Duration.ofMillis(200), heartbeat, null);
  }

  /** A heartbeat that throws {@code stop} once the pod runs, as Temporal does when the activity is gone. */
  private static Consumer<Object> stopWhenRunning(RuntimeException stop) {
    return beat -> {
      if (beat instanceof JobProgress progress && "Running".equals(progress.phase())) {
        throw stop;
      }
    };
  }

  private List<String> jobs() {
    return client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems().stream().map(j -> j.getMetadata().getName()).toList();
  }

  private static int counted(Path progress) {
    try {
      return Files.exists(progress) ? Integer.parseInt(Files.readString(progress).strip()) : 0;
    } catch (Exception partlyWritten) {
      return 0;
    }
  }
}
