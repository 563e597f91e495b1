package io.trainyard.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A run entered a stage or changed state. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StageChange(String runId, Stage stage, RunState state, String detail, long atMillis) {}
