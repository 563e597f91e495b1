package io.trainyard.rollout;

import io.temporal.activity.ActivityInterface;

/** What a rollout does to the serving target: route traffic, replay labelled traffic, analyse. */
@ActivityInterface(namePrefix = "Rollout.")
public interface RolloutActivities {

  /** Apply a traffic split and start a new measurement window. */
  void route(TrafficSplit split);

  /** Replay labelled traffic against the model's serving endpoint. */
  ReplayResult replay(TrafficReplay replay);

  /** Compare canary with stable over the current window, by the analysis rules. */
  AnalysisResult analyze(AnalysisRequest request);
}
