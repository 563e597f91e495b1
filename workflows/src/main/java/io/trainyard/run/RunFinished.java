package io.trainyard.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A run reached its end: the final status as the workflow saw it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunFinished(RunStatus status, long finishedAtMillis) {}
