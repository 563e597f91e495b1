package io.trainyard.cli;

import io.trainyard.step.BuiltinEntryPoint;
import io.trainyard.tabular.TabularSteps;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trainyard step --builtin NAME}: one builtin step in this process, from the step contract in
 * the environment; the command of a builtin step's Kubernetes pod. It opens no registry, connects
 * to no Temporal and serves no HTTP. With an {@code OTEL_TRACES_EXPORTER}, the step's process is a
 * span of its run's trace ({@link StepProcessSpan}).
 */
@Command(
    name = "step",
    mixinStandardHelpOptions = true,
    description = {
      "Run one builtin step in this process with the step contract from the",
      "environment: what the container of a builtin:NAME step runs. Reads",
      "TRAINYARD_RUN_ID, TRAINYARD_STEP, TRAINYARD_ATTEMPT, TRAINYARD_SEED,",
      "TRAINYARD_PARAMS (JSON), TRAINYARD_WITH (JSON), TRAINYARD_INPUT_<NAME>,",
      "TRAINYARD_OUTPUT_DIR and TRAINYARD_CHECKPOINT_DIR. Progress goes to stdout.",
      "Exit codes: 0 succeeded; 1 the step failed (stack trace on stderr); 2 unknown",
      "builtin or a missing or invalid contract variable."
    },
    footer = {
      "",
      "Example:",
      "  TRAINYARD_RUN_ID=r1 TRAINYARD_STEP=split TRAINYARD_ATTEMPT=1 TRAINYARD_SEED=7 \\",
      "  TRAINYARD_PARAMS='{}' TRAINYARD_WITH='{\"label\":\"diagnosis\"}' \\",
      "  TRAINYARD_INPUT_DATA=data.csv TRAINYARD_OUTPUT_DIR=out \\",
      "  TRAINYARD_CHECKPOINT_DIR=checkpoint trainyard step --builtin tabular-split"
    })
public class StepCommand implements Callable<Integer> {

  @Option(names = "--builtin", required = true, paramLabel = "NAME", description = "The builtin step to run: the NAME of run: builtin:NAME.")
  String builtin;

  @Override
  public Integer call() {
    Map<String, String> environment = System.getenv();
    try (StepProcessSpan span = StepProcessSpan.open(builtin, environment)) {
      int exitCode = new BuiltinEntryPoint(TabularSteps.all(), System.out, System.err).run(builtin, environment);
      span.exited(exitCode);
      return exitCode;
    }
  }
}
