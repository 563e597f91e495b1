package io.trainyard.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A stage's state, with the attempts of its steps added up and its wall-clock duration. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StageStatus(
    Stage stage, StepState state, int attempts, long startedAtMillis, long durationMillis, String detail) {

  /** A stage not reached yet. */
  public static StageStatus pending(Stage stage) {
    return new StageStatus(stage, StepState.PENDING, 0, 0, 0, null);
  }
}
