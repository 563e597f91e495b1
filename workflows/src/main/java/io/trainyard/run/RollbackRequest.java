package io.trainyard.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Someone asks for a live rollout to be rolled back. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RollbackRequest(String user, String reason) {}
