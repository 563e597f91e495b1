package io.trainyard.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A run entered a stage or changed state; {@code gate} is set when it starts waiting for approvals. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StageChange(String runId, Stage stage, RunState state, String detail, long atMillis, GateOpened gate) {

  public StageChange(String runId, Stage stage, RunState state, String detail, long atMillis) {
    this(runId, stage, state, detail, atMillis, null);
  }
}
