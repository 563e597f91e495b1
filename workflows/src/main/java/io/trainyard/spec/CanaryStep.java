package io.trainyard.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;

/** One canary step: the share of traffic (percent) the candidate gets, and how long it bakes. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CanaryStep(int traffic, String bake) {
  public CanaryStep {
    bake = bake == null ? "0s" : bake;
  }

  /** The bake time, waited on a durable timer. */
  public Duration bakeDuration() {
    return Durations.parse(bake);
  }
}
