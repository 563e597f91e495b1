package io.trainyard.bench;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.trainyard.artifact.TrainyardHome;
import io.trainyard.hardware.HardwareClass;
import io.trainyard.hardware.HardwareClasses;
import io.trainyard.kubernetes.ContainerRuntime;
import io.trainyard.kubernetes.JobNames;
import io.trainyard.kubernetes.KubernetesConfiguration;
import io.trainyard.kubernetes.KubernetesExecutor;
import io.trainyard.kubernetes.MockCluster;
import io.trainyard.run.Stage;
import io.trainyard.spec.StepSpec;
import io.trainyard.step.AttemptPaths;
import io.trainyard.step.ExecutionOutcome;
import io.trainyard.step.LocalProcessExecutor;
import io.trainyard.step.StepHarness;
import io.trainyard.step.StepLaunch;
import io.trainyard.step.StepRequest;
import io.trainyard.step.StepResult;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * What the Kubernetes executor adds to a step beyond its container's own runtime, against the local
 * executor running the same shell step, in one run. The cluster is fabric8's mock API server with
 * the kubelet emulator of the activities tests, whose containers are local processes; the
 * emulator's runtime is wrapped to time each process from start to exit, the executor's client
 * carries a probe noting when it created the Job, began following the pod's log and listed the pods
 * of the completed Job, and the step itself stamps its start and end into its output file.
 *
 * <p>Four sides, interleaved per round so that machine noise hits them alike: each executor through
 * the whole step activity ({@code StepActivities.execute} in Temporal's test activity environment:
 * journal, attempt directories, output stored content-addressed) and alone ({@code execute} of the
 * executor). Two step lengths ({@code sleep 1}, {@code sleep 0.2}): the overhead should not depend
 * on them. The executor is warmed up as a launcher warms it at start-up (watches started, client
 * ready); its first step is reported apart, then warm-up rounds, then the measured ones.
 *
 * <p>Run: {@code bench/run executor [steps]} (see docs/benchmarks.md).
 */
public final class ExecutorOverheadBench {
  private static final String NAMESPACE = "trainyard-bench";
  private static final int WARMUP = 3;
  private static final List<String> SLEEPS = List.of("1", "0.2");
  /** What StepActivitiesImpl derives from the harness's 1 s heartbeat timeout (a third of it). */
  private static final Duration HEARTBEAT = Duration.ofMillis(333);
  private static final HardwareClass CPU = new HardwareClass("cpu", "100m", null, "64Mi", null, null, null, 0, "nvidia.com/gpu",
      null, null, null, null, false, BigDecimal.ZERO);

  private ExecutorOverheadBench() {}

  public static void main(String[] args) throws Exception {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    Path root = Files.createTempDirectory("trainyard-executor-bench");
    TimedRuntime runtime = new TimedRuntime(ContainerRuntime.local());
    RequestProbe probe = new RequestProbe();
    try (MockCluster cluster = MockCluster.start(NAMESPACE, runtime);
        KubernetesClient client = new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(cluster.masterUrl()).withNamespace(NAMESPACE).build())
            .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("bench-probe", probe))
            .build();
        ServerLog server = new ServerLog(cluster)) {
      TrainyardHome kubeHome = TrainyardHome.at(root.resolve("kubernetes"));
      TrainyardHome localHome = TrainyardHome.at(root.resolve("local"));
      KubernetesConfiguration configuration = new KubernetesConfiguration(NAMESPACE, "registry.example/trainyard:0.1.0", null,
          kubeHome.root().toString(), 3600, Duration.ofMinutes(5), 5, Duration.ofSeconds(60));
      try (KubernetesExecutor kubernetes = new KubernetesExecutor(client, configuration, new HardwareClasses(List.of(CPU)), kubeHome)) {
        TimedExecutor kubeTimed = new TimedExecutor(kubernetes, KubernetesExecutor.NAME);
        TimedExecutor localTimed = new TimedExecutor(new LocalProcessExecutor(localHome), "local-timed");
        try (StepHarness kubeHarness = new StepHarness(kubeHome.root(), List.of(), kubeTimed);
            StepHarness localHarness = new StepHarness(localHome.root(), List.of(), localTimed)) {
          Bench bench = new Bench(runtime, probe, server, kubeHarness, kubeTimed, localHarness, localTimed);
          // a real cluster's controllers are warm; the emulator's first Job (cold code) is not Trainyard's
          warmEmulator(cluster);
          // what a launcher does at start-up (KubernetesWarmUp): the watches and the client get ready
          kubernetes.warmUp();
          // the step activity's own first run (Temporal's test environment, the journal) is not the executor's
          bench.local(true, "1");
          Sample first = bench.kubernetes(true, "1");
          for (int i = 0; i < WARMUP; i++) {
            bench.round();
          }
          bench.samples.clear();
          for (int i = 0; i < steps; i++) {
            bench.round();
          }
          report(first, bench.samples, steps);
        }
      }
    }
    // the mock web server leaves non-daemon timer threads behind, which would keep the JVM up
    System.exit(0);
  }

  /** One step as measured; times in milliseconds, NaN where a side has no such point. */
  record Sample(
      String side,
      String sleep,
      double wall,
      double execute,
      double process,
      double shell,
      double toCreate,
      double createToProcess,
      double runningWrittenToFollowed,
      double exitToCompleteWritten,
      double completeWrittenToSeen,
      double completeSeenToReturn) {

    /** The step's time beyond its container's process, start to exit (Kubernetes only). */
    double overProcess() {
      return wall - process;
    }

    /** The step's time beyond what the step's shell measured of itself (both sides). */
    double overShell() {
      return wall - shell;
    }

    /** What the step activity did around the executor (journal, directories, outputs). */
    double bookkeeping() {
      return wall - execute;
    }

    /** The emulated cluster's part: its Job controller, scheduler and kubelet, from create to start and exit to Complete. */
    double cluster() {
      return createToProcess + exitToCompleteWritten;
    }

    /** Trainyard's part of the overhead: all but the emulated cluster's (the watch's delivery of Complete included). */
    double trainyard() {
      return overProcess() - cluster();
    }
  }

  private static final class Bench {
    private final TimedRuntime runtime;
    private final RequestProbe probe;
    private final ServerLog server;
    private final StepHarness kubeHarness;
    private final TimedExecutor kubeTimed;
    private final StepHarness localHarness;
    private final TimedExecutor localTimed;
    final List<Sample> samples = new ArrayList<>();
    private int runs;

    Bench(TimedRuntime runtime, RequestProbe probe, ServerLog server, StepHarness kubeHarness, TimedExecutor kubeTimed,
        StepHarness localHarness, TimedExecutor localTimed) {
      this.runtime = runtime;
      this.probe = probe;
      this.server = server;
      this.kubeHarness = kubeHarness;
      this.kubeTimed = kubeTimed;
      this.localHarness = localHarness;
      this.localTimed = localTimed;
    }

    void round() throws IOException {
      for (String sleep : SLEEPS) {
        samples.add(kubernetes(true, sleep));
        samples.add(local(true, sleep));
        samples.add(kubernetes(false, sleep));
        samples.add(local(false, sleep));
      }
    }

    Sample kubernetes(boolean activity, String sleep) throws IOException {
      probe.clear();
      server.clear();
      runtime.started = -1;
      runtime.exited = -1;
      Timing timing = activity ? throughActivity(kubeHarness, kubeTimed, sleep) : alone(kubeTimed, kubeHarness.home, sleep);
      long began = kubeTimed.began;
      long created = probe.first(s -> "POST".equals(s.method()) && s.target().contains("/jobs"), began);
      long started = runtime.started;
      long exited = waitFor(() -> runtime.exited);
      long following = probe.first(s -> "GET".equals(s.method()) && s.target().contains("/log") && s.target().contains("follow=true"), began);
      long completeSeen = probe.first(s -> "GET".equals(s.method()) && s.target().contains("/pods?")
          && s.target().contains(JobNames.ATTEMPT_LABEL) && !s.target().contains("watch=true"), exited);
      long running = waitFor(server::running);
      long complete = waitFor(() -> server.jobWrite(exited));
      if (created < 0 || started < 0 || following < 0 || completeSeen < 0) {
        throw new IllegalStateException("a point of the Kubernetes step was not seen: create " + created + ", process " + started
            + ", log follow " + following + ", pods of the complete Job " + completeSeen);
      }
      return new Sample(activity ? "kubernetes, step activity" : "kubernetes, executor alone", sleep, timing.wall,
          ms(kubeTimed.returned - began), ms(exited - started), timing.shell, ms(created - began), ms(started - created),
          ms(following - running), ms(complete - exited), ms(completeSeen - complete), ms(kubeTimed.returned - completeSeen));
    }

    Sample local(boolean activity, String sleep) throws IOException {
      Timing timing = activity ? throughActivity(localHarness, localTimed, sleep) : alone(localTimed, localHarness.home, sleep);
      return new Sample(activity ? "local, step activity" : "local, executor alone", sleep, timing.wall,
          ms(localTimed.returned - localTimed.began), Double.NaN, timing.shell, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
          Double.NaN, Double.NaN);
    }

    /**
     * A point noted on another thread (the JVM's process reaper, the server log's drain): it happened
     * before the executor reacted to it, so it is there or about to be.
     */
    private static long waitFor(LongSupplier point) {
      for (int i = 0; i < 1000 && point.getAsLong() < 0; i++) {
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      long at = point.getAsLong();
      if (at < 0) {
        throw new IllegalStateException("a point of the Kubernetes step was not seen within a second");
      }
      return at;
    }

    private Timing throughActivity(StepHarness harness, TimedExecutor executor, String sleep) throws IOException {
      StepSpec spec = step(sleep);
      String run = "act-" + (runs++);
      long start = System.nanoTime();
      StepResult result = harness.activities.execute(new StepRequest(run, Stage.TRAIN, spec, null, null, null));
      long end = System.nanoTime();
      return new Timing(ms(end - start), shellMillis(harness.store.localPath(result.outputs().get("out"))));
    }

    private Timing alone(TimedExecutor executor, TrainyardHome home, String sleep) throws IOException {
      StepSpec spec = step(sleep);
      String run = "alone-" + (runs++);
      AttemptPaths paths = AttemptPaths.of(home, run, spec.name(), 1).prepare();
      StepLaunch launch = new StepLaunch(run, Stage.TRAIN, spec, spec.primaryHardware(), 1, Map.of(), Map.of(), Map.of(), paths,
          "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", HEARTBEAT, beat -> {}, null);
      long start = System.nanoTime();
      ExecutionOutcome outcome = executor.execute(launch);
      long end = System.nanoTime();
      if (outcome.exitCode() != 0) {
        throw new IllegalStateException("step " + run + " exited with " + outcome.exitCode());
      }
      Path outputs = outcome.outputDir() != null ? outcome.outputDir() : paths.outputDir();
      return new Timing(ms(end - start), shellMillis(outputs.resolve("out")));
    }
  }

  private record Timing(double wall, double shell) {}

  /** A shell step that sleeps and writes its own start and end (epoch nanoseconds) into its one output. */
  private static StepSpec step(String sleep) {
    String run = "s=$(date +%s%N); sleep " + sleep + "; e=$(date +%s%N); echo \"$s $e\" > \"$TRAINYARD_OUTPUT_DIR/out\"";
    return new StepSpec("sleep", run, null, List.of(), Map.of(), List.of("out"), List.of("cpu"), 0, "10m", "30s", false, Map.of(), Map.of());
  }

  private static double shellMillis(Path output) throws IOException {
    String[] stamps = Files.readString(output).strip().split(" ");
    return (Long.parseLong(stamps[1]) - Long.parseLong(stamps[0])) / 1e6;
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  /** Run one plain Job (not a step: the executor's informers ignore it) through the emulator, to its end. */
  private static void warmEmulator(MockCluster cluster) throws InterruptedException {
    Job job = new JobBuilder()
        .withNewMetadata().withName("emulator-warm-up").withNamespace(NAMESPACE).endMetadata()
        .withNewSpec().withBackoffLimit(0).withNewTemplate().withNewSpec().withRestartPolicy("Never")
        .addNewContainer().withName("step").withCommand("true").endContainer()
        .endSpec().endTemplate().endSpec().build();
    cluster.client().batch().v1().jobs().inNamespace(NAMESPACE).resource(job).create();
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < deadline) {
      Job seen = cluster.client().batch().v1().jobs().inNamespace(NAMESPACE).withName("emulator-warm-up").get();
      if (seen.getStatus() != null && seen.getStatus().getSucceeded() != null && seen.getStatus().getSucceeded() == 1) {
        cluster.client().batch().v1().jobs().inNamespace(NAMESPACE).withName("emulator-warm-up").delete();
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the emulator did not run its warm-up Job within a minute");
  }

  private static void report(Sample first, List<Sample> samples, int steps) {
    System.out.printf(Locale.ROOT, "%d measured steps per side and sleep, after %d warm-up rounds; milliseconds, median / p90%n%n",
        steps, WARMUP);
    System.out.println("| side | sleep | wall | container process | overhead beyond the process | overhead beyond the shell's own time |"
        + " of which emulated cluster | of which Trainyard | step activity bookkeeping |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    Map<String, List<Sample>> groups = new LinkedHashMap<>();
    for (Sample sample : samples) {
      groups.computeIfAbsent(sample.side() + " | " + sample.sleep() + " s", k -> new ArrayList<>()).add(sample);
    }
    groups.forEach((group, list) -> System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", group,
        stat(list, Sample::wall), stat(list, Sample::process), stat(list, Sample::overProcess), stat(list, Sample::overShell),
        stat(list, Sample::cluster), stat(list, Sample::trainyard), stat(list, Sample::bookkeeping)));

    System.out.println();
    System.out.println("Kubernetes breakdown (median / p90):");
    System.out.println("| side | sleep | execute → Job create sent | Job create sent → process start | pod Running written → log followed |"
        + " process exit → Job Complete written | Complete written → executor lists the pods | that list → execute returns |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    groups.forEach((group, list) -> {
      if (group.startsWith("kubernetes")) {
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", group, stat(list, Sample::toCreate),
            stat(list, Sample::createToProcess), stat(list, Sample::runningWrittenToFollowed), stat(list, Sample::exitToCompleteWritten),
            stat(list, Sample::completeWrittenToSeen), stat(list, Sample::completeSeenToReturn));
      }
    });

    System.out.println();
    System.out.printf(Locale.ROOT, "First Kubernetes step (step activity; after the launcher's warm-up), sleep %s s: wall %.0f,"
            + " process %.0f, overhead beyond the process %.0f (emulated cluster %.0f, Trainyard %.0f); execute → create %.0f,"
            + " create → process %.0f, Running written → log followed %.0f, exit → Complete written %.0f, Complete written → seen %.0f,"
            + " → return %.0f, bookkeeping %.0f%n",
        first.sleep(), first.wall(), first.process(), first.overProcess(), first.cluster(), first.trainyard(), first.toCreate(),
        first.createToProcess(), first.runningWrittenToFollowed(), first.exitToCompleteWritten(), first.completeWrittenToSeen(),
        first.completeSeenToReturn(), first.bookkeeping());

    System.out.println();
    System.out.println("Paired difference, Kubernetes minus local overhead beyond the shell's own time (same round and sleep), median / p90:");
    for (String sleep : SLEEPS) {
      for (String how : List.of("step activity", "executor alone")) {
        List<Sample> kube = samples.stream().filter(s -> s.sleep().equals(sleep) && s.side().equals("kubernetes, " + how)).toList();
        List<Sample> local = samples.stream().filter(s -> s.sleep().equals(sleep) && s.side().equals("local, " + how)).toList();
        List<Double> differences = new ArrayList<>();
        for (int i = 0; i < Math.min(kube.size(), local.size()); i++) {
          differences.add(kube.get(i).overShell() - local.get(i).overShell());
        }
        System.out.printf(Locale.ROOT, "  %s, sleep %s s: %.0f / %.0f%n", how, sleep, percentile(differences, 50),
            percentile(differences, 90));
      }
    }
  }

  private static String stat(List<Sample> samples, ToDoubleFunction<Sample> value) {
    List<Double> values = samples.stream().mapToDouble(value).boxed().toList();
    if (values.stream().allMatch(v -> v.isNaN())) {
      return "–";
    }
    return String.format(Locale.ROOT, "%.0f / %.0f", percentile(values, 50), percentile(values, 90));
  }

  /** Nearest-rank percentile. */
  private static double percentile(List<Double> values, int p) {
    List<Double> sorted = values.stream().sorted().toList();
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
