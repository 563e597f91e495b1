package io.trainyard.bench;

import io.micronaut.context.ApplicationContext;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import io.trainyard.run.ModelRunWorkflow;
import io.trainyard.run.RunInput;
import io.trainyard.run.RunState;
import io.trainyard.run.RunStatus;
import io.trainyard.run.TaskQueues;
import io.trainyard.spec.GateSpec;
import io.trainyard.spec.ModelSpec;
import io.trainyard.spec.PipelineMetadata;
import io.trainyard.spec.PipelineSpec;
import io.trainyard.spec.RolloutSpec;
import io.trainyard.spec.StepSpec;
import io.trainyard.temporal.TemporalConfiguration;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The engine's overhead per builtin step against bare Temporal SDK workflows on the same server, in
 * one run. Three sides run chains of {@code SMALL} and {@code LARGE} steps, interleaved: a bare
 * workflow whose activity writes a one-byte file (the whole cost of a Trainyard step, activity
 * bookkeeping included), a bare workflow calling Trainyard's own step activity (the orchestration
 * alone: both sides do the same activity work), and Trainyard's run workflow. The cost per step is
 * the slope between the two chain lengths, so per-run fixed costs (registry rows, gate, rollout)
 * cancel out.
 *
 * <p>Run: {@code bench/run [rounds]} (see docs/benchmarks.md).
 */
public final class EngineOverheadBench {
  private static final int SMALL = 5;
  private static final int LARGE = 25;
  private static final String BARE_QUEUE = "bench-bare";

  private EngineOverheadBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    Path home = Files.createTempDirectory("trainyard-bench");
    int port = freePort();
    // the embedded default unless TRAINYARD_TEMPORAL_STICKY_SCHEDULE_TO_START says otherwise (0s: sticky off)
    try (TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true);
        ApplicationContext context =
            ApplicationContext.run(
                Map.of(
                    "trainyard.home", home.toString(),
                    "trainyard.temporal.target", "127.0.0.1:" + port,
                    "trainyard.worker.hardware", "cpu"))) {
      WorkflowClient client = context.getBean(WorkflowClient.class);
      WorkerFactory bare = WorkerFactory.newInstance(client);
      // the same worker options on both sides (TRAINYARD_TEMPORAL_STICKY_SCHEDULE_TO_START switches both)
      Duration sticky = context.getBean(TemporalConfiguration.class).getStickyScheduleToStart();
      System.out.println("sticky schedule-to-start: " + sticky + (sticky.isZero() ? " (sticky execution off)" : " (sticky execution on: the default)"));
      bare.newWorker(BARE_QUEUE, WorkerOptions.newBuilder().setStickyQueueScheduleToStartTimeout(sticky).build())
          .registerWorkflowImplementationTypes(BareWorkflowImpl.class, BareStepWorkflowImpl.class);
      bare.getWorker(BARE_QUEUE).registerActivitiesImplementations(new BareActivitiesImpl(Files.createDirectories(home.resolve("bare"))));
      bare.start();

      Sides warmup = new Sides(client);
      for (int i = 0; i < 2; i++) {
        warmup.round();
      }
      Sides measured = new Sides(client);
      for (int i = 0; i < rounds; i++) {
        measured.round();
      }
      bare.shutdown();
      measured.report(rounds);
    }
  }

  /** Both sides measured in alternation, so that machine noise hits them alike. */
  private static final class Sides {
    private final WorkflowClient client;
    private final List<Double> bareSmall = new ArrayList<>();
    private final List<Double> bareLarge = new ArrayList<>();
    private final List<Double> bareStepSmall = new ArrayList<>();
    private final List<Double> bareStepLarge = new ArrayList<>();
    private final List<Double> engineSmall = new ArrayList<>();
    private final List<Double> engineLarge = new ArrayList<>();
    private int runs;
    private String lastBare;
    private String lastBareStep;
    private String lastEngine;

    Sides(WorkflowClient client) {
      this.client = client;
    }

    void round() {
      bareSmall.add(bare(SMALL));
      bareStepSmall.add(bareStep(SMALL));
      engineSmall.add(engine(SMALL));
      bareLarge.add(bare(LARGE));
      bareStepLarge.add(bareStep(LARGE));
      engineLarge.add(engine(LARGE));
    }

    private double bareStep(int steps) {
      lastBareStep = "bare-step-" + (runs++);
      BareStepWorkflow wf =
          client.newWorkflowStub(
              BareStepWorkflow.class,
              WorkflowOptions.newBuilder().setTaskQueue(BARE_QUEUE).setWorkflowId(lastBareStep).build());
      long start = System.nanoTime();
      wf.run(lastBareStep, chain(steps).train());
      return (System.nanoTime() - start) / 1e6;
    }

    private double bare(int steps) {
      lastBare = "bare-" + (runs++);
      BareWorkflow wf =
          client.newWorkflowStub(
              BareWorkflow.class,
              WorkflowOptions.newBuilder().setTaskQueue(BARE_QUEUE).setWorkflowId(lastBare).build());
      long start = System.nanoTime();
      wf.run(steps);
      return (System.nanoTime() - start) / 1e6;
    }

    private double engine(int steps) {
      RunInput input = new RunInput("bench" + (runs++), chain(steps), "bench", Map.of(), "bench", "bench");
      lastEngine = input.workflowId();
      ModelRunWorkflow wf =
          client.newWorkflowStub(
              ModelRunWorkflow.class,
              WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CONTROL).setWorkflowId(input.workflowId()).build());
      long start = System.nanoTime();
      RunStatus status = wf.run(input);
      double millis = (System.nanoTime() - start) / 1e6;
      if (status.state() != RunState.SUCCEEDED) {
        throw new IllegalStateException("bench run did not succeed: " + status.message());
      }
      return millis;
    }

    void report(int rounds) {
      double bareStep = slope(bareSmall, bareLarge);
      double bareStepActivity = slope(bareStepSmall, bareStepLarge);
      double engineStep = slope(engineSmall, engineLarge);
      System.out.printf(Locale.ROOT,
          "rounds=%d chains=%d,%d%n"
              + "bare temporal, file activity:     %s -> %.2f ms per activity%n"
              + "bare temporal, trainyard step:    %s -> %.2f ms per step%n"
              + "trainyard run workflow:           %s -> %.2f ms per builtin step%n"
              + "orchestration ratio (trainyard / bare with the same step activity): %.2f%n"
              + "overhead ratio (trainyard per step / bare per file activity): %.2f%n",
          rounds, SMALL, LARGE,
          medians(bareSmall, bareLarge), bareStep,
          medians(bareStepSmall, bareStepLarge), bareStepActivity,
          medians(engineSmall, engineLarge), engineStep,
          engineStep / bareStepActivity,
          engineStep / bareStep);
      System.out.println("bare, last run:      " + HistoryBreakdown.of(client, lastBare, "Bare."));
      System.out.println("bare step, last run: " + HistoryBreakdown.of(client, lastBareStep, "Step."));
      System.out.println("trainyard, last run: " + HistoryBreakdown.of(client, lastEngine, "Step."));
    }

    private static double slope(List<Double> small, List<Double> large) {
      return (median(large) - median(small)) / (LARGE - SMALL);
    }

    private static String medians(List<Double> small, List<Double> large) {
      return String.format(Locale.ROOT, "%d steps %.1f ms, %d steps %.1f ms (medians)", SMALL, median(small), LARGE, median(large));
    }
  }

  /** A pipeline whose train stage is a chain of {@code steps} touch steps, each reading the previous one's output. */
  static PipelineSpec chain(int steps) {
    List<StepSpec> train = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      Map<String, String> inputs = i == 0 ? Map.of() : Map.of("in", "${steps.s" + (i - 1) + ".outputs.out}");
      train.add(new StepSpec("s" + i, "builtin:touch", null, null, inputs, List.of("out"), List.of("cpu"), 0, "1m", "30s", false, null, null));
    }
    return new PipelineSpec(
        PipelineSpec.API_VERSION, PipelineSpec.KIND, new PipelineMetadata("bench", null, null),
        new ModelSpec("bench-model", "${steps.s" + (steps - 1) + ".outputs.out}"), Map.of(),
        List.of(), train, List.of(), GateSpec.NONE, RolloutSpec.DIRECT_LOCAL);
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    return sorted.length % 2 == 1
        ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
