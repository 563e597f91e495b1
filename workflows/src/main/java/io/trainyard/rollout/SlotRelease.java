package io.trainyard.rollout;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The workflow {@code workflowId} gives the rollout slot back, or leaves the queue for it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SlotRelease(String workflowId) {}
