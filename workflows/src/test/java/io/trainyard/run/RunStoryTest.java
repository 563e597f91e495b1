package io.trainyard.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;
import io.trainyard.artifact.ArtifactRef;
import io.trainyard.gate.GateResult;
import io.trainyard.gate.RuleResult;
import io.trainyard.model.ModelVersionRef;
import io.trainyard.spec.ApprovalPolicy;
import io.trainyard.spec.RolloutSpec;
import io.trainyard.spec.StepSpec;
import io.trainyard.step.StepResult;
import io.trainyard.step.StepTime;
import java.time.Instant;
import java.util.List;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The run's Web UI story, by value: what a person reads on the run's page. */
class RunStoryTest {
  private static final long T0 = Instant.parse("2026-12-02T21:18:46Z").toEpochMilli();
  private static final ApprovalPolicy TWO_APPROVERS = new ApprovalPolicy(2, "approver", true, "24h", null);
  private static final RunInput INPUT = new RunInput(
      "1a2b3c4d5e6f",
      TestPipelines.pipeline(TWO_APPROVERS, RolloutSpec.DIRECT_LOCAL),
      "sha256:3f9a1c2b7d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8",
      Map.of("seed", 1, "epochs", 20, "note", "a|b *c*"),
      "alice",
      "v0.1.0-12-gabc1234",
      RunTrigger.schedule("trainyard-demo", Instant.parse("2026-12-07T03:00:00Z")), null);

  @Test
  void staticSummaryNamesModelPipelineVersionAndRun() {
    assertThat(RunStory.summary(INPUT)).isEqualTo("clf · demo 3f9a1c2b7d4e · run 1a2b3c4d5e6f");
  }

  @Test
  void staticDetailsSayWhatTheRunWasStartedWithParametersSorted() {
    assertThat(RunStory.details(INPUT)).isEqualTo("""
        Run `1a2b3c4d5e6f` of pipeline `demo` (version \
        `sha256:3f9a1c2b7d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8`) trains model `clf`.

        - started by alice via schedule trainyard-demo at 2026-12-07T03:00:00Z
        - code version `v0.1.0-12-gabc1234`

        | parameter | value |
        | --- | --- |
        | epochs | 20 |
        | note | a\\|b \\*c\\* |
        | seed | 1 |
        """);
    assertThat(RunStory.details(new RunInput("r", INPUT.spec(), "v", Map.of(), "bob", "dev", null, null)))
        .contains("- started by bob via api\n")
        .doesNotContain("budget")
        .endsWith("No parameters.\n");
    assertThat(RunStory.details(new RunInput("r", INPUT.spec(), "v", Map.of(), "bob", "dev", null, new BigDecimal("2.50"))))
        .contains("- code version `dev`\n- budget `2.5`: the run stops when its spend crosses it\n\nNo parameters.\n");
  }

  @Test
  void currentDetailsWhileWaitingAtTheGateShowStagesStepsMetricsRulesAndWhoMayApprove() {
    RunProgress progress = new RunProgress(INPUT, T0);
    progress.enterStage(Stage.PREPARE, T0);
    progress.stepStarted("split", "cpu", T0);
    progress.stepSucceeded("split", result(1, Map.of()), T0 + 1_200);
    progress.endStage(Stage.PREPARE, StepState.SUCCEEDED, null, T0 + 1_200);
    progress.enterStage(Stage.TRAIN, T0 + 1_200);
    progress.stepStarted("train", "gpu-h100", T0 + 1_200);
    progress.stepMoved("train", "gpu-a100", 1, "no node for gpu-h100; trying hardware class 'gpu-a100'");
    progress.stepSucceeded("train", new StepResult(Map.of("out", new ArtifactRef("file:///store/x", "aa")), Map.of("loss", 0.123456),
        2, false, "gpu-a100", null, new StepTime(40, 2_500, 55_100, 120)), T0 + 61_200);
    progress.endStage(Stage.TRAIN, StepState.SUCCEEDED, null, T0 + 61_200);
    progress.enterStage(Stage.EVALUATE, T0 + 61_200);
    progress.stepStarted("evaluate", "cpu", T0 + 61_200);
    progress.stepSucceeded("evaluate", result(1, Map.of("accuracy", 0.9523809523809523)), T0 + 62_000);
    progress.endStage(Stage.EVALUATE, StepState.SUCCEEDED, null, T0 + 62_000);
    progress.setModel(new ModelVersionRef("clf", 2, null), null);
    progress.enterStage(Stage.GATE, T0 + 62_000);
    progress.setGate(new GateResult(true, List.of(new RuleResult("accuracy >= 0.9", true, "accuracy = 0.952"))));
    progress.setState(RunState.WAITING_APPROVAL);
    progress.setPendingApproval(new PendingApproval(2, "approver", true, List.of("bob"), T0 + 62_000 + 86_400_000));

    assertThat(RunStory.current(INPUT, progress.status(), null)).isEqualTo("""
        **WAITING_APPROVAL** · stage **gate**

        | stage | state | started | took | attempts | detail |
        | --- | --- | --- | --- | --- | --- |
        | prepare | succeeded | 2026-12-02T21:18:46Z | 1.2s | 1 |  |
        | train | succeeded | 2026-12-02T21:18:47Z | 1m | 2 |  |
        | evaluate | succeeded | 2026-12-02T21:19:47Z | 0.8s | 1 |  |
        | **gate** | running | 2026-12-02T21:19:48Z |  |  |  |
        | rollout | pending |  |  |  |  |

        | step | stage | state | attempts | on | took | queue | start-up | run | engine | error |
        | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
        | split | prepare | succeeded | 1 | cpu | 1.2s |  |  |  |  |  |
        | train | train | succeeded | 2 | gpu-a100 | 1m | 40ms | 2.5s | 55.1s | 120ms |  |
        | evaluate | evaluate | succeeded | 1 | cpu | 0.8s |  |  |  |  |  |

        **Metrics**

        | metric | value |
        | --- | --- |
        | accuracy | 0.9524 |
        | loss | 0.1235 |

        **Gate rules** passed

        | rule | result | detail |
        | --- | --- | --- |
        | accuracy \\>= 0.9 | held | accuracy = 0.952 |

        **Waiting for approval**: 1 of 2 approvals by role `approver`, four-eyes (alice, who started the run, \
        may not approve). Approved so far: bob. Deadline 2026-12-03T21:19:48Z, then the policy rejects.

        **Model** `clf:2`
        """);
  }

  @Test
  void currentDetailsPointToTheCanaryWhileItsChildRunsAndEndWithTheOutcome() {
    RunProgress progress = new RunProgress(INPUT, T0);
    progress.enterStage(Stage.ROLLOUT, T0);

    assertThat(RunStory.current(INPUT, progress.status(), "run-demo-1a2b3c4d5e6f-rollout"))
        .contains("**Rollout** in child workflow `run-demo-1a2b3c4d5e6f-rollout`: its details show the canary's"
            + " traffic and analyses.");

    progress.setModel(new ModelVersionRef("clf", 2, null), null);
    progress.setAlias("production");
    progress.endStage(Stage.ROLLOUT, StepState.SUCCEEDED, "direct rollout", T0 + 5_000);
    progress.finish(RunState.SUCCEEDED, "promoted to production: direct rollout", T0 + 5_000);
    assertThat(RunStory.current(INPUT, progress.status(), null))
        .startsWith("**SUCCEEDED** · stage **done** · promoted to production: direct rollout\n")
        .contains("| rollout | succeeded | 2026-12-02T21:18:46Z | 5s |  | direct rollout |")
        .endsWith("**Model** `clf:2` at `production`\n")
        .doesNotContain("child workflow");
  }

  @Test
  void optionsStartTheRunOnTheControlQueueOnceWithItsSearchAttributesAndStory() {
    WorkflowOptions options = RunWorkflowOptions.of(INPUT);

    assertThat(options.getWorkflowId()).isEqualTo("run-demo-1a2b3c4d5e6f");
    assertThat(options.getTaskQueue()).isEqualTo(TaskQueues.CONTROL);
    assertThat(options.getWorkflowIdReusePolicy())
        .isEqualTo(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE);
    assertThat(options.getTypedSearchAttributes().get(RunSearchAttributes.MODEL)).isEqualTo("clf");
    assertThat(options.getTypedSearchAttributes().get(RunSearchAttributes.PIPELINE)).isEqualTo("demo");
    assertThat(options.getTypedSearchAttributes().get(RunSearchAttributes.RUN_ID)).isEqualTo("1a2b3c4d5e6f");
    assertThat(options.getTypedSearchAttributes().get(RunSearchAttributes.STAGE)).isEqualTo("PREPARE");
    assertThat(options.getTypedSearchAttributes().get(RunSearchAttributes.TRIGGER)).isEqualTo("schedule");
    assertThat(options.getTypedSearchAttributes().size()).isEqualTo(RunSearchAttributes.all().size());
    assertThat(options.getStaticSummary()).isEqualTo(RunStory.summary(INPUT));
    assertThat(options.getStaticDetails()).isEqualTo(RunStory.details(INPUT));
  }

  @Test
  void aStepActivityIsSummarisedByStepAndClassAndWhereItsAttemptsStart() {
    StepSpec train = TestPipelines.step("train", Map.of(), List.of("model"), 2);

    assertThat(ActivityPolicies.forStep(train, "gpu-a100", 1).getSummary()).isEqualTo("train on gpu-a100");
    assertThat(ActivityPolicies.forStep(train, "gpu-a100", 3).getSummary()).isEqualTo("train on gpu-a100 (attempts from 3)");
    assertThat(ActivityPolicies.forStep(train, "gpu-a100", 3).getTaskQueue()).isEqualTo("trainyard-steps-gpu-a100");
    assertThat(ActivityPolicies.forStep(train, "gpu-a100").getSummary()).isNull();
  }

  @Test
  void markdownKeepsPeoplesTextAsWrittenOnOneLine() {
    assertThat(Markdown.text("*bold* | `x` <b>\n# h")).isEqualTo("\\*bold\\* \\| \\`x\\` \\<b\\> \\# h");
    assertThat(Markdown.code("a`b|c\nd")).isEqualTo("`a'b\\|c d`");
    assertThat(Markdown.number(0.95)).isEqualTo("0.95");
    assertThat(Markdown.number(1234567.0)).isEqualTo("1235000");
    assertThat(Markdown.number(Double.NaN)).isEqualTo("NaN");
    assertThat(Markdown.time(0)).isEmpty();
    assertThat(Markdown.duration(61_234)).isEqualTo("1m1.2s");
  }

  private static StepResult result(int attempt, Map<String, Double> metrics) {
    return new StepResult(Map.of("out", new ArtifactRef("file:///store/x", "aa")), metrics, attempt, false);
  }
}
