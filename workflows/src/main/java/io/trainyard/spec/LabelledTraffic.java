package io.trainyard.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Labelled requests the rollout replays against the serving endpoint at each canary step, so that
 * online accuracy can be compared between canary and stable: a CSV artifact (a reference such as
 * {@code ${steps.prepare.outputs.holdout}}) and how many rows to send per step.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LabelledTraffic(String source, Integer requests) {
  public static final int DEFAULT_REQUESTS = 200;

  public LabelledTraffic {
    requests = requests == null ? DEFAULT_REQUESTS : requests;
  }
}
