package io.trainyard.cli.remote;

import picocli.CommandLine.Command;

/** {@code trainyard reject}: reject a run waiting at its gate. */
@Command(
    name = "reject",
    description = {"Reject a run waiting at its gate: production stays as it is. Prints the gate's answer.",
        "Exit code 4 when you started the run (four-eyes) or lack the role, 6 when it is not waiting at the gate."},
    footer = {"", "Example:", "  trainyard reject 3f9c2a7e1b04 --comment 'recall too low on the new cohort'"})
public class RejectCommand extends GateDecision {
  @Override
  String verb() {
    return "reject";
  }
}
