package io.trainyard.schedule;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The run a scheduled action started: its id and its workflow's. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StartedRun(String runId, String workflowId) {}
