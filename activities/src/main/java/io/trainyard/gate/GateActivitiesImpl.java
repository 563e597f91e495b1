package io.trainyard.gate;

import io.trainyard.rule.GateJudge;
import jakarta.inject.Singleton;

/** Judges a candidate at the gate with {@link GateJudge}; pure, so it runs on any worker. */
@Singleton
public class GateActivitiesImpl implements GateActivities {

  @Override
  public GateResult evaluate(GateEvaluation evaluation) {
    return GateJudge.judge(evaluation.rules(), evaluation.metrics(), evaluation.production());
  }
}
