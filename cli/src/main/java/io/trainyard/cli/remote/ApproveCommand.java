package io.trainyard.cli.remote;

import picocli.CommandLine.Command;

/** {@code trainyard approve}: approve a run waiting at its gate. */
@Command(
    name = "approve",
    description = {"Approve a run waiting at its gate; prints the gate's answer (waiting for more, or approved).",
        "Exit code 4 when you started the run (four-eyes) or lack the role, 6 when it is not waiting at the gate."},
    footer = {"", "Example:", "  trainyard approve 3f9c2a7e1b04 --comment 'holdout AUC checked'"})
public class ApproveCommand extends GateDecision {
  @Override
  String verb() {
    return "approve";
  }
}
