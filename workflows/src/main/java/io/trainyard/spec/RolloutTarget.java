package io.trainyard.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a model is served. */
public enum RolloutTarget {
  @JsonProperty("local")
  LOCAL,
  @JsonProperty("kubernetes")
  KUBERNETES
}
