package io.trainyard.step;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The details of a step heartbeat: which attempt, its process (0 for builtins), how long and how much log so far. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StepProgress(String step, int attempt, long pid, long elapsedMillis, long logBytes) {}
