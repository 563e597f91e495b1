package io.trainyard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.trainyard.model.ModelVersionRef;
import io.trainyard.model.ProductionModel;
import io.trainyard.registry.RegistryActivities;
import io.trainyard.run.RunInput;
import io.trainyard.run.RunState;
import io.trainyard.run.RunStatus;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code trainyard demo}: the bundled breast-cancer example end to end. With {@code --bad-model}
 * the candidate carries a training/serving skew that offline evaluation cannot see; the canary
 * analysis must catch it and roll back, leaving the earlier version in production.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Train, evaluate, gate and roll out the bundled example (UCI breast cancer, Tribuo).",
      "--bad-model ships a model with a training/serving skew: the canary must roll it back automatically.",
      "Exit code 0 when the demo ends as designed."
    },
    footer = {"", "Examples:", "  trainyard demo", "  trainyard demo --bad-model -o json"})
public class DemoCommand implements Callable<Integer> {
  static final String BAD_PARAM = "serving_scaling";
  static final String BAD_VALUE = "none";

  @Option(names = "--bad-model", description = "Roll out a skewed model and watch the canary roll it back.")
  boolean badModel;

  @Mixin StackOptions options;

  @Override
  public Integer call() throws Exception {
    Path pipeline = examples().resolve("breast-cancer").resolve("pipeline.yaml");
    Optional<PipelineFile> good = RunExecution.load(pipeline, Map.of(), System.err);
    Optional<PipelineFile> bad = RunExecution.load(pipeline, Map.of(BAD_PARAM, BAD_VALUE), System.err);
    if (good.isEmpty() || bad.isEmpty()) {
      return Trainyard.INVALID_INPUT;
    }
    PrintStream err = System.err;
    try (LocalStack local = RunExecution.stack(options, pipeline, err)) {
      RegistryActivities registry = local.bean(RegistryActivities.class);
      String model = good.get().spec().model().name();
      List<RunStatus> runs = new ArrayList<>();
      if (badModel && !registry.production(model).exists()) {
        err.println("trainyard: no version of " + model + " in production yet: training a good one first");
        RunStatus first = RunExecution.run(local, good.get(), err);
        runs.add(first);
        if (first.state() != RunState.SUCCEEDED) {
          return report(runs, registry.production(model), Trainyard.RUN_DID_NOT_SUCCEED);
        }
      }
      ProductionModel before = registry.production(model);
      RunStatus last = RunExecution.run(local, badModel ? bad.get() : good.get(), err);
      runs.add(last);
      ProductionModel after = registry.production(model);
      boolean asDesigned =
          badModel
              ? last.state() == RunState.ROLLED_BACK && sameVersion(before.version(), after.version())
              : last.state() == RunState.SUCCEEDED && sameVersion(last.model(), after.version());
      if (badModel && asDesigned) {
        err.println("trainyard: the canary caught the skewed model and rolled it back; production still serves "
            + after.version().label());
      }
      return report(runs, after, asDesigned ? Trainyard.OK : Trainyard.RUN_DID_NOT_SUCCEED);
    }
  }

  private int report(List<RunStatus> runs, ProductionModel production, int exitCode) throws Exception {
    if ("json".equals(options.output)) {
      List<RunReport.RunSummary> summaries =
          runs.stream().map(r -> new RunReport.RunSummary(RunInput.workflowId(r.pipeline(), r.runId()), r)).toList();
      System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(new DemoSummary(summaries, production.version())));
    } else {
      runs.forEach(r -> RunReport.print(r, RunInput.workflowId(r.pipeline(), r.runId()), options.output, System.out));
      System.out.println();
      System.out.println("Production  " + (production.exists() ? production.version().label() : "(none)"));
    }
    return exitCode;
  }

  private static boolean sameVersion(ModelVersionRef a, ModelVersionRef b) {
    return a != null && b != null && a.model().equals(b.model()) && a.version() == b.version();
  }

  static Path examples() {
    String configured = System.getenv("TRAINYARD_EXAMPLES");
    return Path.of(configured == null || configured.isBlank() ? "examples" : configured);
  }

  /** The JSON document of {@code demo -o json}: every run it made and what serves production at the end. */
  record DemoSummary(List<RunReport.RunSummary> runs, ModelVersionRef production) {}
}
