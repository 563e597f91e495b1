package io.trainyard.cli;

import io.trainyard.run.RunInput;
import io.trainyard.run.RunState;
import io.trainyard.run.RunStatus;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code trainyard run}: validate a pipeline file and run it to its end on the embedded default. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Validate a pipeline file and run it to its end on the embedded default (or the running trainyard dev):",
      "registered and started through the local API as your user (audited), then followed on Temporal.",
      "Exit codes: 0 the run succeeded or rolled back automatically as designed; 1 it failed, was rejected or",
      "cancelled; 2 the pipeline or a parameter is invalid (nothing started); 3 Temporal, the registry or the API",
      "cannot be reached; 4 the API refused the local token (a dev verifying another secret)."
    },
    footer = {"", "Example:", "  trainyard run examples/breast-cancer/pipeline.yaml --param epochs=30 -o json"})
public class RunCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "PIPELINE.yaml", description = "The pipeline file.")
  Path pipeline;

  @Option(names = "--param", paramLabel = "NAME=VALUE", description = "Set a pipeline parameter (repeatable).")
  Map<String, String> params = new LinkedHashMap<>();

  @Mixin StackOptions options;

  @Override
  public Integer call() throws Exception {
    Optional<PipelineFile> file = RunExecution.load(pipeline, params, System.err);
    if (file.isEmpty()) {
      return Trainyard.INVALID_INPUT;
    }
    try (LocalStack local = RunExecution.stack(options, pipeline, System.err)) {
      RunStatus status = RunExecution.run(local, file.get(), System.err);
      RunReport.print(status, workflowId(status), options.output, System.out);
      return status.state() == RunState.SUCCEEDED || status.state() == RunState.ROLLED_BACK
          ? Trainyard.OK
          : Trainyard.RUN_DID_NOT_SUCCEED;
    }
  }

  private static String workflowId(RunStatus status) {
    return RunInput.workflowId(status.pipeline(), status.runId());
  }
}
