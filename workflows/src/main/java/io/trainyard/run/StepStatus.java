package io.trainyard.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.trainyard.artifact.ArtifactRef;
import io.trainyard.step.StepTime;
import java.util.Map;

/**
 * A step's state, attempts, timing, outputs and error as the run sees it, the hardware class it
 * runs or ran on (the step's first class until a fallback moves it; null before it starts), and
 * where the time of its succeeded attempt went ({@code time}, null otherwise).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StepStatus(
    String name,
    Stage stage,
    StepState state,
    int attempts,
    long startedAtMillis,
    long durationMillis,
    boolean cached,
    Map<String, ArtifactRef> outputs,
    Map<String, Double> metrics,
    String error,
    String hardware,
    StepTime time) {

  public StepStatus {
    outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
  }

  /** A step not started yet. */
  public static StepStatus pending(String name, Stage stage) {
    return new StepStatus(name, stage, StepState.PENDING, 0, 0, 0, false, null, null, null, null, null);
  }
}
