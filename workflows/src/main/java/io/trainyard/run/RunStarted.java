package io.trainyard.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A run began: recorded with its pipeline version (the spec is stored once per digest). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunStarted(String workflowId, RunInput input, long startedAtMillis) {}
