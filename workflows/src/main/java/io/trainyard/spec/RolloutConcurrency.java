package io.trainyard.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a run reaching rollout does while another run of the same model holds the serving target. */
public enum RolloutConcurrency {
  /** Wait, in order of arrival, for the runs ahead to finish their rollouts. */
  @JsonProperty("queue")
  QUEUE,
  /** Roll back the rollout in progress and drop the runs waiting: the newest run goes next. */
  @JsonProperty("supersede")
  SUPERSEDE,
  /** End without rolling out: another run of the model is rolling out or waiting. */
  @JsonProperty("reject")
  REJECT
}
