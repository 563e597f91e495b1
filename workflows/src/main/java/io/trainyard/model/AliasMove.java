package io.trainyard.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Point an alias at a version (or take it away with {@code version == 0}). Moving {@code
 * production} also moves {@code previous} to the version it leaves.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AliasMove(String model, String alias, int version, String runId, String reason) {}
