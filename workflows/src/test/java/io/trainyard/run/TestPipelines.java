package io.trainyard.run;

import io.trainyard.spec.AnalysisSpec;
import io.trainyard.spec.ApprovalPolicy;
import io.trainyard.spec.CanaryStep;
import io.trainyard.spec.GateSpec;
import io.trainyard.spec.LabelledTraffic;
import io.trainyard.spec.ModelSpec;
import io.trainyard.spec.PipelineMetadata;
import io.trainyard.spec.PipelineSpec;
import io.trainyard.spec.RollbackPolicy;
import io.trainyard.spec.RolloutConcurrency;
import io.trainyard.spec.RolloutSpec;
import io.trainyard.spec.RolloutStrategy;
import io.trainyard.spec.RolloutTarget;
import io.trainyard.spec.StepSpec;
import java.util.List;
import java.util.Map;

/** Pipelines for orchestration tests, built as records (the parser has tests of its own). */
final class TestPipelines {
  static final String MODEL = "clf";

  private TestPipelines() {}

  static StepSpec step(String name, Map<String, String> inputs, List<String> outputs, int retries) {
    return new StepSpec(name, "builtin:" + name, null, null, inputs, outputs, null, retries, "10m", "10s", false, null, null);
  }

  static PipelineSpec pipeline(ApprovalPolicy approval, RolloutSpec rollout) {
    return new PipelineSpec(
        PipelineSpec.API_VERSION,
        PipelineSpec.KIND,
        new PipelineMetadata("demo", null, null),
        new ModelSpec(MODEL, "${steps.train.outputs.model}"),
        Map.of(),
        List.of(step("split", Map.of("data", "file:///data.csv"), List.of("train", "holdout"), 0)),
        List.of(step("train", Map.of("train", "${steps.split.outputs.train}"), List.of("model"), 2)),
        List.of(step("evaluate", Map.of("model", "${steps.train.outputs.model}"), List.of(), 0)),
        new GateSpec(List.of("accuracy >= 0.9"), approval),
        rollout,
        null,
        null, null);
  }

  /** The same pipeline with another train step. */
  static PipelineSpec withTrain(PipelineSpec spec, StepSpec train) {
    return new PipelineSpec(spec.apiVersion(), spec.kind(), spec.metadata(), spec.model(), spec.parameters(),
        spec.prepare(), List.of(train), spec.evaluate(), spec.gate(), spec.rollout(), spec.schedule(), spec.triggers(), spec.budget());
  }

  static RolloutSpec canary(String bake) {
    return canary(bake, RolloutConcurrency.QUEUE);
  }

  static RolloutSpec canary(String bake, RolloutConcurrency concurrency) {
    return new RolloutSpec(
        RolloutTarget.LOCAL,
        RolloutStrategy.CANARY,
        List.of(new CanaryStep(20, bake), new CanaryStep(50, bake)),
        new LabelledTraffic("${steps.split.outputs.holdout}", 10),
        new AnalysisSpec(5, List.of("canary.accuracy >= stable.accuracy - 0.05")),
        new RollbackPolicy(true),
        concurrency);
  }

  static RunInput input(String runId, PipelineSpec spec) {
    return new RunInput(runId, spec, "sha256:test", Map.of("seed", 1), "alice", "test", RunTrigger.api(), null);
  }
}
