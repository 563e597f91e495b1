package io.trainyard.dataset;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A run of {@code pipeline} on a pushed dataset version. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DatasetStart(String pipeline, DatasetArrival arrival) {

  /** One run per pipeline and dataset version, however often the activity starting it is retried. */
  public String idempotencyKey() {
    return "dataset:" + arrival.dataset() + ":" + arrival.version();
  }
}
