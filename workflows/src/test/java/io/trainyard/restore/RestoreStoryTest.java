package io.trainyard.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowOptions;
import io.trainyard.model.ModelVersionRef;
import io.trainyard.run.RunSearchAttributes;
import io.trainyard.run.TaskQueues;
import org.junit.jupiter.api.Test;

/** The restore run's Web UI story and start options, by value. */
class RestoreStoryTest {
  private static final RestoreInput INPUT = new RestoreInput("9f8e7d6c5b4a", "churn", 2, 1, "olivia", "v2 misbehaves");

  @Test
  void optionsCarryTheModelTheIdAndTheStory() {
    WorkflowOptions options = RestoreWorkflowOptions.of(INPUT);

    assertThat(options.getWorkflowId()).isEqualTo("restore-churn-9f8e7d6c5b4a");
    assertThat(options.getTaskQueue()).isEqualTo(TaskQueues.CONTROL);
    assertThat(options.getTypedSearchAttributes().get(RunSearchAttributes.MODEL)).isEqualTo("churn");
    assertThat(options.getTypedSearchAttributes().get(RunSearchAttributes.RUN_ID)).isEqualTo("9f8e7d6c5b4a");
    assertThat(options.getTypedSearchAttributes().containsKey(RunSearchAttributes.STAGE)).isFalse();
    assertThat(options.getStaticSummary()).isEqualTo("restore churn:1 to production (was churn:2) · restore 9f8e7d6c5b4a");
    assertThat(options.getStaticDetails()).isEqualTo("""
        Restore `9f8e7d6c5b4a` moves production of model `churn` from version 2 back to version 1 (the version at \
        `previous`), then routes serving to it.

        - asked by olivia
        - reason: v2 misbehaves
        """);
  }

  @Test
  void currentDetailsFollowTheRestore() {
    assertThat(RestoreStory.waiting("waiting for the rollout of run a1")).isEqualTo("**WAITING** · waiting for the rollout of run a1\n");
    assertThat(RestoreStory.restoring(INPUT))
        .isEqualTo("**RESTORING** · production moves from `churn:2` to `churn:1`, then serving follows\n");
    assertThat(RestoreStory.done(new RestoreResult("9f8e7d6c5b4a", new ModelVersionRef("churn", 1, null), 2, 0)))
        .isEqualTo("**DONE** · production serves `churn:1`; version 2 is at `previous`\n");
  }
}
