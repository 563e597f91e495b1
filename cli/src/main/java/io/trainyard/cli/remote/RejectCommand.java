package io.trainyard.cli.remote;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trainyard reject}: reject a run waiting at its gate. */
@Command(
    name = "reject",
    description = {"Reject a run waiting at its gate: production stays as it is. Prints the gate's answer.",
        "Exit code 4 when you started the run (four-eyes) or lack the role, 6 when it is not waiting at the gate."},
    footer = {"", "Example:", "  trainyard reject 3f9c2a7e1b04 --comment 'recall too low on the new cohort'"})
public class RejectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "RUN", description = "The run id.")
  String runId;

  @Option(names = "--comment", paramLabel = "TEXT", description = "Why, for the audit trail.")
  String comment;

  @Mixin RemoteOptions remote;

  @Override
  public Integer call() {
    return GateDecision.send(spec, remote, runId, "reject", comment);
  }
}
