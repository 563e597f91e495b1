package io.trainyard.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What an approval gate decides when nobody decided before its timeout. */
public enum TimeoutAction {
  @JsonProperty("reject")
  REJECT,
  @JsonProperty("approve")
  APPROVE
}
