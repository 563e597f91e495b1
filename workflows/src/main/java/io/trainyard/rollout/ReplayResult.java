package io.trainyard.rollout;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** How many replayed requests were sent and how many failed. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReplayResult(int sent, int failed) {}
