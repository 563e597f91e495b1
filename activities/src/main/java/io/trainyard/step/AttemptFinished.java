package io.trainyard.step;

import io.trainyard.artifact.ArtifactRef;
import io.trainyard.run.StepState;
import java.util.Map;

/**
 * A step attempt ended: its state, exit code (processes), error, metrics, stored outputs, what it cost,
 * where its time went, and what ran it ({@code runtime}: {@link StepRuntime#NONE} when nothing ran).
 */
public record AttemptFinished(
    String runId,
    String step,
    int attempt,
    StepState state,
    Integer exitCode,
    String error,
    Map<String, Double> metrics,
    Map<String, ArtifactRef> outputs,
    boolean cached,
    long atMillis,
    AttemptCost cost,
    StepTime time,
    StepRuntime runtime) {
  public AttemptFinished {
    runtime = runtime == null ? StepRuntime.NONE : runtime;
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
  }
}
