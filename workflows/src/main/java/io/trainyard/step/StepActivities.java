package io.trainyard.step;

import io.temporal.activity.ActivityInterface;

/** Runs pipeline steps under the step contract, on the executor the step's hardware class uses. */
@ActivityInterface(namePrefix = "Step.")
public interface StepActivities {

  /** Run one attempt of a step (or return its cached result); heartbeats while it runs. */
  StepResult execute(StepRequest request);
}
