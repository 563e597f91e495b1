package io.trainyard.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a canary step decides when it baked for {@code maxBake} and the analysis still lacks data. */
public enum MaxBakeAction {
  /** Traffic returns to the stable version; the reason says the analysis had too few requests. */
  @JsonProperty("rollback")
  ROLLBACK,
  /** Count the step as passed and go on (to the next step, or to promotion after the last). */
  @JsonProperty("proceed")
  PROCEED
}
