package io.trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.trainyard.rollout.RolloutPhase;
import io.trainyard.rollout.RolloutStatus;
import io.trainyard.run.PendingApproval;
import io.trainyard.run.RunState;
import io.trainyard.run.RunStatus;
import io.trainyard.run.Stage;
import io.trainyard.run.StageStatus;
import io.trainyard.run.StepState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The progress lines {@code trainyard run} and {@code trainyard runs watch} share. */
class StageProgressTest {
  private final List<String> lines = new ArrayList<>();
  private final StageProgress progress = new StageProgress(lines::add);

  @Test
  void aLinePerStageChangeAndTheApprovalNoticeOnce() {
    progress.status(status(null, new StageStatus(Stage.PREPARE, StepState.RUNNING, 1, 0, 0, null)));
    progress.status(status(null, new StageStatus(Stage.PREPARE, StepState.RUNNING, 1, 0, 0, null)));
    progress.status(status(null, new StageStatus(Stage.PREPARE, StepState.SUCCEEDED, 3, 0, 2500, "cached")));
    PendingApproval gate = new PendingApproval(2, "approver", true, List.of(), 0);
    progress.status(status(gate, new StageStatus(Stage.PREPARE, StepState.SUCCEEDED, 3, 0, 2500, "cached")));
    progress.status(status(gate, new StageStatus(Stage.PREPARE, StepState.SUCCEEDED, 3, 0, 2500, "cached")));

    assertThat(lines).containsExactly(
        "  prepare   running",
        "  prepare   succeeded  2.5s, 3 attempts  cached",
        "  gate      waiting for 2 approval(s) from role 'approver'");
  }

  @Test
  void whomARunningStageWaitsForOnceEachTimeItChanges() {
    progress.status(status(null, new StageStatus(Stage.ROLLOUT, StepState.RUNNING, 0, 0, 0, null)));
    progress.status(status(null, new StageStatus(Stage.ROLLOUT, StepState.RUNNING, 0, 0, 0, "waiting for the rollout of run r7")));
    progress.status(status(null, new StageStatus(Stage.ROLLOUT, StepState.RUNNING, 0, 0, 0, "waiting for the rollout of run r7")));
    progress.status(status(null, new StageStatus(Stage.ROLLOUT, StepState.RUNNING, 0, 0, 0, "waiting for the rollout of run r5")));

    assertThat(lines).containsExactly(
        "  rollout   running",
        "  rollout   waiting for the rollout of run r7",
        "  rollout   waiting for the rollout of run r5");
  }

  @Test
  void theCanaryOnlyWhileItBakesOrIsAnalysedAndOnlyWhenItMoves() {
    progress.rollout(new RolloutStatus(RolloutPhase.STARTING, 0, 0, 2, List.of(), null, null));
    progress.rollout(new RolloutStatus(RolloutPhase.BAKING, 20, 1, 2, List.of(), null, null));
    progress.rollout(new RolloutStatus(RolloutPhase.BAKING, 20, 1, 2, List.of(), null, null));
    progress.rollout(new RolloutStatus(RolloutPhase.ANALYSING, 20, 1, 2, List.of(), null, null));
    progress.rollout(new RolloutStatus(RolloutPhase.PROMOTING, 100, 2, 2, List.of(), null, null));

    assertThat(lines).containsExactly(
        "  rollout   baking, canary at 20% (step 1 of 2)",
        "  rollout   analysing, canary at 20% (step 1 of 2)");
  }

  private static RunStatus status(PendingApproval approval, StageStatus... stages) {
    return new RunStatus("r1", "p", "1", "ana", 0, 0, Stage.PREPARE, RunState.RUNNING, List.of(stages), List.of(),
        null, null, approval, null, null, null, null);
  }
}
