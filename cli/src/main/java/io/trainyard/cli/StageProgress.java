package io.trainyard.cli;

import io.trainyard.rollout.RolloutPhase;
import io.trainyard.rollout.RolloutStatus;
import io.trainyard.run.RunStatus;
import io.trainyard.run.Stage;
import io.trainyard.run.StageStatus;
import io.trainyard.run.StepState;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The progress lines of a run as its status changes: one line per stage state change, what a
 * running stage waits for, the gate's approval notice, and the canary's steps. {@code trainyard run} feeds it from Temporal queries,
 * {@code trainyard runs watch} from the API's event stream.
 */
public final class StageProgress {
  private final Consumer<String> lines;
  private final Map<Stage, StepState> shown = new EnumMap<>(Stage.class);
  private final Map<Stage, String> notes = new EnumMap<>(Stage.class);
  private boolean approvalShown;
  private String lastRollout;

  public StageProgress(Consumer<String> lines) {
    this.lines = lines;
  }

  /** Print what changed in the stages and the gate since the last status. */
  public void status(RunStatus status) {
    for (StageStatus stage : status.stages()) {
      if (stage.state() != StepState.PENDING && shown.get(stage.stage()) != stage.state()) {
        shown.put(stage.stage(), stage.state());
        lines.accept(("  " + stageLine(stage)).stripTrailing());
      }
      // what a running stage waits for, such as the rollout of another run of the model
      boolean running = stage.state() == StepState.RUNNING && stage.detail() != null;
      if (running && !stage.detail().equals(notes.put(stage.stage(), stage.detail()))) {
        lines.accept(String.format("  %-9s %s", stage.stage().name().toLowerCase(), stage.detail()));
      }
    }
    if (status.pendingApproval() != null && !approvalShown) {
      approvalShown = true;
      lines.accept(String.format("  gate      waiting for %d approval(s) from role '%s'",
          status.pendingApproval().required(), status.pendingApproval().role()));
    }
  }

  /** Print the canary's share and step when it moved (only while it bakes or is analysed). */
  public void rollout(RolloutStatus rollout) {
    if (rollout.phase() != RolloutPhase.BAKING && rollout.phase() != RolloutPhase.ANALYSING || rollout.canaryPercent() == 0) {
      return;
    }
    String line = String.format("  rollout   %s, canary at %d%% (step %d of %d)",
        rollout.phase().name().toLowerCase().replace('_', ' '), rollout.canaryPercent(), rollout.step(), rollout.steps());
    if (!Objects.equals(line, lastRollout)) {
      lastRollout = line;
      lines.accept(line);
    }
  }

  /** One stage as a progress line: name, state, and once it ran, its duration, attempts and detail. */
  static String stageLine(StageStatus stage) {
    String line = String.format("%-9s %-10s", stage.stage().name().toLowerCase(), stage.state().name().toLowerCase());
    if (stage.state() != StepState.RUNNING) {
      line += String.format(" %s%s", RunReport.seconds(stage.durationMillis()),
          stage.attempts() > 1 ? ", " + stage.attempts() + " attempts" : "");
      if (stage.detail() != null) {
        line += "  " + stage.detail();
      }
    }
    return line;
  }
}
