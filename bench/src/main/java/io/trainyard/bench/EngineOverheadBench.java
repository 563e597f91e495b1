package io.trainyard.bench;

import io.micronaut.context.ApplicationContext;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import io.trainyard.run.ModelRunWorkflow;
import io.trainyard.run.RunInput;
import io.trainyard.run.RunTrigger;
import io.trainyard.run.RunState;
import io.trainyard.run.RunStatus;
import io.trainyard.run.RunSearchAttributes;
import io.trainyard.run.RunWorkflowOptions;
import io.trainyard.spec.GateSpec;
import io.trainyard.spec.ModelSpec;
import io.trainyard.spec.PipelineMetadata;
import io.trainyard.spec.PipelineSpec;
import io.trainyard.spec.RolloutSpec;
import io.trainyard.spec.StepSpec;
import io.trainyard.temporal.devserver.DevServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The engine's overhead per builtin step against bare Temporal SDK workflows on the same server, in
 * one run. Three sides run chains of {@code SMALL} and {@code LARGE} steps, interleaved: a bare
 * workflow whose activity writes a one-byte file (the whole cost of a Trainyard step, activity
 * bookkeeping included), a bare workflow calling Trainyard's own step activity (the orchestration
 * alone: both sides do the same activity work), and Trainyard's run workflow. The cost per step is
 * the slope between the two chain lengths of one round, so per-run fixed costs (registry rows, gate,
 * rollout) cancel out; ratios are taken per round (the sides of a round share the machine's mood)
 * and reported as the median with the quartiles over the rounds.
 *
 * <p>Run: {@code bench/run [rounds]} (see docs/benchmarks.md).
 */
public final class EngineOverheadBench {
  private static final int SMALL = 5;
  private static final int LARGE = 25;
  private static final String BARE_QUEUE = "bench-bare";

  private EngineOverheadBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    Path home = Files.createTempDirectory("trainyard-bench");
    try (DevServer server = BenchTemporal.start(home);
        ApplicationContext context =
            ApplicationContext.run(
                Map.of(
                    "trainyard.home", home.toString(),
                    "trainyard.temporal.target", server.target(),
                    "trainyard.worker.hardware", "cpu"))) {
      WorkflowClient client = context.getBean(WorkflowClient.class);
      WorkerFactory bare = WorkerFactory.newInstance(client);
      bare.newWorker(BARE_QUEUE)
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
    private final List<String> largeBare = new ArrayList<>();
    private final List<String> largeBareStep = new ArrayList<>();
    private final List<String> largeEngine = new ArrayList<>();
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
      largeBare.add(lastBare);
      bareStepLarge.add(bareStep(LARGE));
      largeBareStep.add(lastBareStep);
      engineLarge.add(engine(LARGE));
      largeEngine.add(lastEngine);
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
      RunInput input = new RunInput("bench" + (runs++), chain(steps), "bench", Map.of(), "bench", "bench", RunTrigger.api(), null);
      lastEngine = input.workflowId();
      ModelRunWorkflow wf = client.newWorkflowStub(ModelRunWorkflow.class, RunWorkflowOptions.of(input));
      long start = System.nanoTime();
      RunStatus status = wf.run(input);
      double millis = (System.nanoTime() - start) / 1e6;
      if (status.state() != RunState.SUCCEEDED) {
        throw new IllegalStateException("bench run did not succeed: " + status.message());
      }
      return millis;
    }

    void report(int rounds) {
      List<Double> bareStep = slopes(bareSmall, bareLarge);
      List<Double> bareStepActivity = slopes(bareStepSmall, bareStepLarge);
      List<Double> engineStep = slopes(engineSmall, engineLarge);
      System.out.printf(Locale.ROOT,
          "rounds=%d chains=%d,%d (per step: the slope between the two chains of one round; median [p25, p75] over the rounds)%n"
              + "bare temporal, file activity:     %s -> %s ms per activity%n"
              + "bare temporal, trainyard step:    %s -> %s ms per step%n"
              + "trainyard run workflow:           %s -> %s ms per builtin step%n"
              + "engine overhead ratio (trainyard run workflow / bare temporal workflow running the same step activity; target <= 1.10): %s%n"
              + "all-in ratio (trainyard per step / bare temporal per file-writing activity: adds the step activity's attempt row,"
              + " attempt directories and content-addressed output): %s%n",
          rounds, SMALL, LARGE,
          medians(bareSmall, bareLarge), Stats.spread(bareStep, "%.2f"),
          medians(bareStepSmall, bareStepLarge), Stats.spread(bareStepActivity, "%.2f"),
          medians(engineSmall, engineLarge), Stats.spread(engineStep, "%.2f"),
          Stats.spread(ratios(engineStep, bareStepActivity), "%.3f"),
          Stats.spread(ratios(engineStep, bareStep), "%.3f"));
      System.out.println("history of the " + LARGE + "-step runs:");
      System.out.println("  bare:      " + HistoryBreakdown.of(client, largeBare, "Bare."));
      System.out.println("  bare step: " + HistoryBreakdown.of(client, largeBareStep, "Step."));
      System.out.println("  trainyard: " + HistoryBreakdown.of(client, largeEngine, "Step."));
    }

    /** Per round: the cost of one more step, from that round's two chains (run back to back). */
    private static List<Double> slopes(List<Double> small, List<Double> large) {
      List<Double> slopes = new ArrayList<>();
      for (int i = 0; i < small.size(); i++) {
        slopes.add((large.get(i) - small.get(i)) / (LARGE - SMALL));
      }
      return slopes;
    }

    private static List<Double> ratios(List<Double> numerators, List<Double> denominators) {
      List<Double> ratios = new ArrayList<>();
      for (int i = 0; i < numerators.size(); i++) {
        ratios.add(numerators.get(i) / denominators.get(i));
      }
      return ratios;
    }

    private static String medians(List<Double> small, List<Double> large) {
      return String.format(Locale.ROOT, "%d steps %.1f ms, %d steps %.1f ms (medians)", SMALL, Stats.quantile(small, 0.5), LARGE, Stats.quantile(large, 0.5));
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
        List.of(), train, List.of(), GateSpec.NONE, RolloutSpec.DIRECT_LOCAL, null, null, null);
  }
}
