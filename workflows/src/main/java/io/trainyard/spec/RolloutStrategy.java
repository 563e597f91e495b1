package io.trainyard.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How traffic moves to a new model version. */
public enum RolloutStrategy {
  @JsonProperty("canary")
  CANARY,
  @JsonProperty("direct")
  DIRECT
}
