package io.trainyard.gate;

import io.temporal.activity.ActivityInterface;

/**
 * Checks a candidate's metrics against the gate's rules. Rules are evaluated in an activity, not
 * in workflow code, so that the rule engine can change without breaking the replay of running
 * workflows: the result is recorded in history.
 */
@ActivityInterface(namePrefix = "Gate.")
public interface GateActivities {

  GateResult evaluate(GateEvaluation evaluation);
}
