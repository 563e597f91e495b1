package io.trainyard.run;

import io.trainyard.gate.GateActivities;
import io.trainyard.gate.GateEvaluation;
import io.trainyard.gate.GateResult;
import io.trainyard.gate.RuleResult;
import java.util.List;

/** A gate whose verdict the test sets. */
final class FakeGate implements GateActivities {
  volatile boolean pass = true;
  volatile GateEvaluation seen;

  @Override
  public GateResult evaluate(GateEvaluation evaluation) {
    seen = evaluation;
    return new GateResult(
        pass, evaluation.rules().stream().map(r -> new RuleResult(r, pass, "set by test")).toList());
  }
}
