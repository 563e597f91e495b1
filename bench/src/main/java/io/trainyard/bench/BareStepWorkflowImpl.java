package io.trainyard.bench;

import io.temporal.workflow.Workflow;
import io.trainyard.artifact.ArtifactRef;
import io.trainyard.run.ActivityPolicies;
import io.trainyard.run.Stage;
import io.trainyard.spec.StepSpec;
import io.trainyard.step.StepActivities;
import io.trainyard.step.StepRequest;
import io.trainyard.step.StepResult;
import java.util.List;
import java.util.Map;

/** Runs the chain's steps one after another, each reading the previous one's output. */
public class BareStepWorkflowImpl implements BareStepWorkflow {

  @Override
  public int run(String runId, List<StepSpec> chain) {
    ArtifactRef previous = null;
    for (StepSpec step : chain) {
      StepActivities activities = Workflow.newActivityStub(StepActivities.class, ActivityPolicies.forStep(step));
      Map<String, ArtifactRef> inputs = previous == null ? Map.of() : Map.of("in", previous);
      StepResult result = activities.execute(new StepRequest(runId, Stage.TRAIN, step, inputs, Map.of(), Map.of()));
      previous = result.outputs().get("out");
    }
    return chain.size();
  }
}
