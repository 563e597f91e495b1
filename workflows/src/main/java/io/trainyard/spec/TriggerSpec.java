package io.trainyard.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;

/**
 * A pipeline's subscription to a dataset ({@code triggers: [{dataset: NAME, debounce: 10m}]}): a
 * version pushed to the dataset starts a run, the newest of a burst within {@code debounce} of the
 * burst's first push; a digest a model of the pipeline was trained on already starts nothing.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TriggerSpec(String dataset, String debounce) {
  public static final String DEFAULT_DEBOUNCE = "10m";

  public TriggerSpec {
    debounce = debounce == null ? DEFAULT_DEBOUNCE : debounce;
  }

  /** How long after a burst's first push its run starts. */
  public Duration debounceDuration() {
    return Durations.parse(debounce);
  }
}
