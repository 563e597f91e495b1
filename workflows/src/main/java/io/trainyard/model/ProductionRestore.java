package io.trainyard.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Put the version at {@code previous} ({@code to}) back at {@code production}, and the version
 * that leaves production ({@code from}) at {@code previous}, on behalf of {@code actor}. Both
 * versions are what the requester saw, so a restore never undoes a move it did not know about.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProductionRestore(String model, int from, int to, String runId, String actor, String reason) {}
