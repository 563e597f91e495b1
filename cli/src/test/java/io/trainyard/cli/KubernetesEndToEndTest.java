package io.trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import io.trainyard.temporal.devserver.FreePorts;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.trainyard.api.model.ModelCatalog;
import io.trainyard.api.model.ModelVersion;
import io.trainyard.api.model.StepLineage;
import io.trainyard.cli.remote.RunStart;
import io.trainyard.kubernetes.ContainerRuntime;
import io.trainyard.kubernetes.KubeletEmulator;
import io.trainyard.kubernetes.MockCluster;
import io.trainyard.run.ModelRunWorkflow;
import io.trainyard.run.RunState;
import io.trainyard.run.TraceAttributes;
import io.trainyard.run.RunStatus;
import io.trainyard.run.StepStatus;
import io.trainyard.spec.InputRoots;
import io.trainyard.spec.PipelineParser;
import io.trainyard.step.BuiltinStep;
import io.trainyard.step.TraceExport;
import io.trainyard.tabular.TabularSteps;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example pipeline with {@code trainyard.executor=kubernetes} against the mock cluster: the
 * Temporal server and the control worker (workflows, registry, serving) here, launcher workers as
 * their own processes ({@code trainyard worker --no-control --executor kubernetes}), every step a
 * Job whose pod the kubelet emulator runs as a process of Trainyard's entry point ({@code trainyard
 * step --builtin ...}), as the image does.
 */
class KubernetesEndToEndTest {
  private static final String NAMESPACE = "trainyard-e2e";
  private static final Path EXAMPLE = Path.of("../examples/breast-cancer").toAbsolutePath().normalize();
  private static final Path HARDWARE = Path.of("src/test/resources/kubernetes/hardware.yml").toAbsolutePath();
  /** Trainyard's image in the launchers' configuration ({@code HARDWARE}). */
  private static final String IMAGE = "ghcr.io/example/trainyard:test";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path home;
  private final List<CliProcess> launchers = new ArrayList<>();
  private OtlpReceiver traces;
  private MockCluster cluster;
  private LocalStack stack;
  private Path release;
  private int temporalPort;
  private int apiPort;
  private int launcherPort;

  @BeforeEach
  void startCluster() throws Exception {
    release = home.resolve("release-train");
    // Trainyard's image has `trainyard` on its PATH: here the same main class on the test's class
    // path. Train pods wait for a file before starting, so that the test can evict a running pod
    // and kill its launcher while it runs.
    List<String> held = new ArrayList<>(List.of("/bin/sh", "-c",
        "if [ \"$TRAINYARD_STEP\" = train ]; then while [ ! -f " + release + " ]; do sleep 0.1; done; fi; exec \"$@\"", "trainyard"));
    held.addAll(CliProcess.java("-Xmx512m"));
    traces = OtlpReceiver.start();
    cluster = MockCluster.start(NAMESPACE, ContainerRuntime.local().withCommand("trainyard", held));
    cluster.kubelet().noNodeFor("trainyard.io/accelerator", "h100");
    TemporalServerOptions temporal = CliProcess.temporalOptions();
    temporalPort = temporal.port;
    // runs start through the stack's API, which validates them with the launchers' hardware classes
    // and input roots; its own worker runs no steps
    Map<String, Object> props = new HashMap<>(hardware());
    props.put("trainyard.worker.steps", false);
    props.put(InputRoots.PROPERTY, List.of(EXAMPLE.toString()));
    // everything traced to the receiver: this JVM (API, workflows) through Micronaut's otel.*
    // properties, the launchers and their pods through the standard variables
    traces.environment("trainyard").forEach((variable, value) -> props.put(variable.toLowerCase(Locale.ROOT).replace('_', '.'), value));
    apiPort = FreePorts.next();
    stack = LocalStack.serve(home, apiPort, temporal, props);
  }

  @AfterEach
  void stopEverything() throws Exception {
    for (CliProcess launcher : launchers) {
      launcher.close();
    }
    if (stack != null) {
      stack.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (traces != null) {
      traces.close();
    }
  }

  @Test
  void exampleRunsAsJobsFallsBackFromAnUnschedulableGpuSurvivesEvictionAndALauncherKilledMidTraining() throws Exception {
    CliProcess first = launcher();
    CompletableFuture<RunStatus> run = start(example(42, "gpu-h100", "gpu-a100"));

    // gpu-h100 has no node: after the unschedulable timeout the step moves to gpu-a100
    Job a100 = awaitJob("train", 2);
    Pod training = cluster.kubelet().awaitRunning(a100.getMetadata().getName(), Duration.ofMinutes(2));
    Pod evicted = cluster.kubelet().evict(training.getMetadata().getName());
    Pod replacement = awaitReplacement(a100, evicted);

    // the launcher dies with the replacement pod running; the next one adopts the Job
    first.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    launcher();
    await().atMost(Duration.ofMinutes(2)).until(() -> log(a100, 3).contains("adopt"));
    Files.writeString(release, "go");

    RunStatus status = run.get(5, TimeUnit.MINUTES);
    assertThat(status.state()).as(status.message()).isEqualTo(RunState.SUCCEEDED);
    StepStatus train = step(status, "train");
    assertThat(train.hardware()).isEqualTo("gpu-a100");
    // attempt 1 on gpu-h100 (unschedulable), 2 on gpu-a100 (evicted once: not an attempt), 3 the
    // retry after the launcher died, which adopted attempt 2's Job
    assertThat(train.attempts()).isEqualTo(3);
    assertThat(status.alias()).isEqualTo("production");

    List<Job> trainJobs = cluster.kubelet().jobsCreated().stream()
        .filter(j -> "train".equals(j.getMetadata().getLabels().get("trainyard.io/step"))).toList();
    assertThat(trainJobs).extracting(j -> j.getMetadata().getLabels().get("trainyard.io/attempt")).containsExactly("1", "2");
    assertThat(trainJobs.get(0).getMetadata().getLabels()).containsEntry("trainyard.io/hardware", "gpu-h100");
    Job gpuJob = trainJobs.get(1);
    var podSpec = gpuJob.getSpec().getTemplate().getSpec();
    assertThat(podSpec.getContainers().get(0).getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(podSpec.getNodeSelector()).containsEntry("cloud.google.com/gke-accelerator", "nvidia-tesla-a100");
    assertThat(podSpec.getTolerations()).anySatisfy(t -> assertThat(t.getKey()).isEqualTo("nvidia.com/gpu"));
    assertThat(cluster.kubelet().pods(gpuJob.getMetadata().getName()))
        .extracting(p -> p.getStatus().getPhase()).containsExactlyInAnyOrder("Failed", "Succeeded");
    // the eviction cost neither the Job (podFailurePolicy Ignore) nor an attempt: attempt 3 exists
    // only because the launcher died, and it finished attempt 2's Job
    Job finished = cluster.client().batch().v1().jobs().inNamespace(NAMESPACE).withName(gpuJob.getMetadata().getName()).get();
    assertThat(finished.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(finished.getStatus().getFailed() == null ? 0 : finished.getStatus().getFailed()).isZero();
    assertThat(log(a100, 2)).contains("disrupted", "1 of 5 tolerated");
    assertThat(replacement.getMetadata().getName()).isNotEqualTo(evicted.getMetadata().getName());
    // every step ran in a pod of its own, builtins through the image's entry point
    assertThat(cluster.kubelet().jobsCreated()).extracting(j -> j.getMetadata().getLabels().get("trainyard.io/step"))
        .contains("split", "evaluate");
    theModelsLineageNamesTheImageDigestOfEveryStep(status);
    oneTraceFromTheApiRequestToEveryStepsProcess(status);
  }

  /**
   * The model version's lineage: each step ran in Trainyard's image, and names the digest the node
   * resolved its tag to (from the pod's imageID), the hardware class and the attempt that succeeded.
   */
  private void theModelsLineageNamesTheImageDigestOfEveryStep(RunStatus status) {
    ModelVersion version = stack.bean(ModelCatalog.class).version(status.model().model(), status.model().version());
    String digest = KubeletEmulator.imageId(IMAGE);
    assertThat(digest).startsWith("ghcr.io/example/trainyard@sha256:");
    assertThat(version.steps())
        .extracting(StepLineage::step, StepLineage::attempt, StepLineage::hardware, StepLineage::executor, StepLineage::builtin,
            StepLineage::image, StepLineage::imageDigest)
        .containsExactly(
            tuple("split", 1, "cpu", "kubernetes", "tabular-split", IMAGE, digest),
            tuple("train", 3, "gpu-a100", "kubernetes", "tribuo-train", IMAGE, digest),
            tuple("evaluate", 1, "cpu", "kubernetes", "tribuo-evaluate", IMAGE, digest));
    assertThat(version.seed()).isEqualTo(42L);
    assertThat(version.pipelineDigest()).startsWith("sha256:");
    assertThat(version.codeVersion()).isEqualTo(CodeVersion.current());
    assertThat(version.dataDigests()).containsOnlyKeys("split.train", "split.holdout", "split.scaler");
  }

  /**
   * The run is one trace: the API request that started it is the root, then Temporal's spans
   * (start, workflow, activities, across this JVM and the launchers), each attempt's step span and
   * the process of each step's pod, labelled with the run.
   */
  private void oneTraceFromTheApiRequestToEveryStepsProcess(RunStatus status) {
    String runId = status.runId();
    List<String> processes = List.of("builtin tabular-split", "builtin tribuo-train", "builtin tribuo-evaluate");
    List<String> temporal = List.of(
        "StartWorkflow:ModelRunWorkflow", "RunWorkflow:ModelRunWorkflow", "StartActivity:Step.Execute", "RunActivity:Step.Execute",
        "step split", "step train", "step evaluate");
    // each process exports its spans in its own time
    OtlpReceiver.ReceivedSpan request = await().atMost(Duration.ofMinutes(1)).until(() -> traces.spans().stream()
        .filter(span -> runId.equals(span.attribute(TraceAttributes.RUN_ID)) && span.name().contains("/v1/runs"))
        .findFirst().orElse(null), span -> span != null && names(span.traceId()).containsAll(temporal)
            && names(span.traceId()).containsAll(processes));
    assertThat(request.parentSpanId()).as("the API request is the trace's root").isEmpty();
    assertThat(request.service()).isEqualTo("trainyard");
    assertThat(request.attribute(TraceAttributes.PIPELINE)).isEqualTo(status.pipeline());
    assertThat(request.attribute(TraceAttributes.TRIGGER)).isEqualTo("cli");
    List<OtlpReceiver.ReceivedSpan> trace = traces.spans().stream().filter(span -> span.traceId().equals(request.traceId())).toList();
    assertThat(trace).filteredOn(span -> span.name().equals("RunActivity:Step.Execute"))
        .extracting(OtlpReceiver.ReceivedSpan::service).containsOnly("trainyard-launcher");
    OtlpReceiver.ReceivedSpan train = trace.stream()
        .filter(span -> span.name().equals("step train") && "gpu-a100".equals(span.attribute(TraceAttributes.HARDWARE)))
        .findFirst().orElseThrow();
    assertThat(train.attributes()).containsEntry(TraceAttributes.RUN_ID, runId)
        .containsEntry(TraceAttributes.PIPELINE, status.pipeline())
        .containsEntry(TraceAttributes.MODEL, status.model().model())
        .containsEntry(TraceAttributes.STAGE, "TRAIN")
        .containsEntry(TraceAttributes.STEP, "train")
        .containsKey(TraceAttributes.ATTEMPT);
    // the pod's process continues the step span it was launched from; train's pod was launched by
    // attempt 2, whose launcher was killed before it exported that span (attempt 3 adopted the Job)
    Set<String> stepSpans = trace.stream().filter(span -> span.name().startsWith("step ")).map(OtlpReceiver.ReceivedSpan::spanId)
        .collect(Collectors.toSet());
    assertThat(trace).filteredOn(span -> processes.contains(span.name())).allSatisfy(span -> {
      assertThat(span.service()).isEqualTo(TraceExport.STEP_SERVICE);
      assertThat(span.attribute(TraceAttributes.RUN_ID)).isEqualTo(runId);
      if (!span.name().equals("builtin tribuo-train")) {
        assertThat(stepSpans).contains(span.parentSpanId());
      }
    });
  }

  @Test
  void cancellingARunLeavesNoJobBehind() throws Exception {
    launcher();
    RunStart.Started started = RunExecution.start(stack, load(example(7, "cpu")));
    CompletableFuture<RunStatus> run = follow(started);
    Job train = awaitJob("train", 1);
    cluster.kubelet().awaitRunning(train.getMetadata().getName(), Duration.ofMinutes(2));

    // scraped during the run, each process its own /prometheus: the launcher (a worker of its own)
    // shows the engine's overhead of the step it ran, this stack (API and control worker) the run,
    // its stages and the approval gauges; no run id on either
    String launcherMetrics = awaitScrape(launcherPort,
        "trainyard_step_queue_seconds_count\\{hardware=\"cpu\",stage=\"prepare\",step=\"split\"\\} 1",
        "trainyard_step_run_seconds_count\\{hardware=\"cpu\",outcome=\"succeeded\",stage=\"prepare\",step=\"split\"\\} 1",
        "temporal_num_pollers\\{[^}]*poller_type=\"activity_task\"[^}]*task_queue=\"trainyard-steps-cpu\"");
    assertThat(launcherMetrics).doesNotContain(started.runId()).doesNotContain("trainyard_runs_started_total");
    String apiMetrics = awaitScrape(apiPort,
        "trainyard_runs_started_total\\{[^}]*model=\"breast-cancer-classifier\"[^}]*pipeline=\"breast-cancer\"[^}]*\\} 1",
        "trainyard_stage_duration_seconds_count\\{[^}]*outcome=\"succeeded\"[^}]*stage=\"prepare\"[^}]*\\} 1",
        "trainyard_approvals_waiting 0",
        "http_server_requests_seconds_count\\{[^}]*uri=\"/v1/runs\"");
    assertThat(apiMetrics).doesNotContain(started.runId()).doesNotContain("trainyard_step_queue_seconds");

    WorkflowClient client = stack.bean(WorkflowClient.class);
    WorkflowStub.fromTyped(client.newWorkflowStub(ModelRunWorkflow.class, started.workflowId())).cancel();

    // the step's cancellation completes before the run ends: its Job and pods are gone by then
    assertThat(run.get(2, TimeUnit.MINUTES).state()).isEqualTo(RunState.CANCELLED);
    List<Job> left = cluster.client().batch().v1().jobs().inNamespace(NAMESPACE)
        .withLabel("trainyard.io/run", started.runId()).list().getItems();
    // what is left is the finished split Job, kept for ttlSecondsAfterFinished like any finished step
    assertThat(left).extracting(j -> j.getMetadata().getName()).containsExactly("ty-" + started.runId() + "-split-1");
    assertThat(left.get(0).getStatus().getSucceeded()).isEqualTo(1);
    assertThat(cluster.client().pods().inNamespace(NAMESPACE).withLabel("trainyard.io/run", started.runId()).list().getItems())
        .extracting(p -> p.getStatus().getPhase()).containsOnly("Succeeded");
    assertThat(cluster.kubelet().pods(train.getMetadata().getName())).isEmpty();
    assertThat(awaitScrape(apiPort,
        "trainyard_runs_finished_total\\{[^}]*outcome=\"cancelled\"[^}]*\\} 1",
        "trainyard_stage_duration_seconds_count\\{[^}]*outcome=\"cancelled\"[^}]*stage=\"train\"[^}]*\\} 1"))
        .doesNotContain(started.runId());
  }

  /**
   * The text of {@code /prometheus} on {@code port}, asked without a token, once it has a line
   * matching each of {@code patterns} (labels come in alphabetical order).
   */
  private static String awaitScrape(int port, String... patterns) {
    AtomicReference<String> scraped = new AtomicReference<>();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      HttpResponse<String> response = HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      for (String pattern : patterns) {
        assertThat(response.body()).containsPattern(Pattern.compile("^" + pattern, Pattern.MULTILINE));
      }
      scraped.set(response.body());
    });
    return scraped.get();
  }

  /** The names of the spans of a trace received so far. */
  private Set<String> names(String traceId) {
    return traces.spans().stream().filter(span -> span.traceId().equals(traceId)).map(OtlpReceiver.ReceivedSpan::name)
        .collect(Collectors.toSet());
  }

  private CliProcess launcher() throws Exception {
    launcherPort = FreePorts.next();
    Map<String, String> env = new HashMap<>(traces.environment("trainyard-launcher"));
    env.putAll(Map.of(
            "MICRONAUT_CONFIG_FILES", HARDWARE.toString(),
            "KUBERNETES_MASTER", cluster.masterUrl(),
            "KUBERNETES_NAMESPACE", NAMESPACE,
            "KUBERNETES_AUTH_TRYKUBECONFIG", "false",
            "KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false",
            "TRAINYARD_KUBERNETES_NAMESPACE", NAMESPACE,
            "TRAINYARD_INPUTS_ALLOWED_ROOTS", EXAMPLE.toString()));
    CliProcess launcher = CliProcess.start(home, env,
        "worker", "--temporal", "127.0.0.1:" + temporalPort, "--no-control", "--executor", "kubernetes",
        "--port", Integer.toString(launcherPort));
    launchers.add(launcher);
    return launcher;
  }

  /** The example pipeline, its train step asking for these hardware classes, with a short heartbeat. */
  private Path example(int seed, String... hardware) throws Exception {
    ObjectNode spec = (ObjectNode) YAML.readTree(EXAMPLE.resolve("pipeline.yaml").toFile());
    ObjectNode split = (ObjectNode) spec.withArray("prepare").get(0);
    split.with("inputs").put("data", EXAMPLE.resolve("data/breast-cancer-wisconsin.csv").toString());
    ObjectNode train = (ObjectNode) spec.withArray("train").get(0);
    var classes = train.putArray("hardware");
    for (String name : hardware) {
      classes.add(name);
    }
    // short enough that a killed launcher's attempt times out soon, long enough that a launcher
    // starved of CPU by this test's other JVMs (pods included) still heartbeats in time: with 4 s, CI
    // once saw a fourth attempt
    train.put("heartbeat", "10s");
    spec.with("parameters").with("seed").put("default", seed);
    Path file = home.resolve("pipeline-" + seed + ".yaml");
    YAML.writeValue(file.toFile(), spec);
    return file;
  }

  /** The hardware classes of the launchers' configuration, as properties. */
  private static Map<String, Object> hardware() throws Exception {
    try (var in = Files.newInputStream(HARDWARE)) {
      return new YamlPropertySourceLoader().read(HARDWARE.toString(), in);
    }
  }

  private PipelineFile load(Path pipeline) throws Exception {
    PipelineParser parser = new PipelineParser(Set.of("cpu", "gpu-h100", "gpu-a100"),
        TabularSteps.all().stream().map(BuiltinStep::name).collect(Collectors.toSet()),
        InputRoots.of(home, List.of(EXAMPLE.toString())).relativeTo(pipeline.getParent()));
    return PipelineFile.load(pipeline, Map.of(), parser);
  }

  /** Start through the stack's API, as {@code trainyard run} does, and follow the run on Temporal. */
  private CompletableFuture<RunStatus> start(Path pipeline) throws Exception {
    return follow(RunExecution.start(stack, load(pipeline)));
  }

  private CompletableFuture<RunStatus> follow(RunStart.Started started) {
    WorkflowClient client = stack.bean(WorkflowClient.class);
    return CompletableFuture.supplyAsync(() -> new RunWatcher(client,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).follow(started.workflowId()));
  }

  private Job awaitJob(String step, int attempt) {
    return await().atMost(Duration.ofMinutes(3)).until(
        () -> cluster.kubelet().jobsCreated().stream()
            .filter(j -> step.equals(j.getMetadata().getLabels().get("trainyard.io/step")))
            .filter(j -> Integer.toString(attempt).equals(j.getMetadata().getLabels().get("trainyard.io/attempt")))
            .findFirst().orElse(null),
        j -> j != null);
  }

  private Pod awaitReplacement(Job job, Pod evicted) {
    return await().atMost(Duration.ofMinutes(1)).until(
        () -> cluster.kubelet().pods(job.getMetadata().getName()).stream()
            .filter(p -> !p.getMetadata().getName().equals(evicted.getMetadata().getName()))
            .filter(p -> "Running".equals(p.getStatus().getPhase()))
            .findFirst().orElse(null),
        p -> p != null);
  }

  private String log(Job job, int attempt) throws Exception {
    String run = job.getMetadata().getLabels().get("trainyard.io/run");
    Path log = home.resolve("logs").resolve(run).resolve("train").resolve("attempt-" + attempt + ".log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  private static StepStatus step(RunStatus status, String name) {
    return status.steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }
}
