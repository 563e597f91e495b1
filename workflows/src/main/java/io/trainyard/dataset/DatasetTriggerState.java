package io.trainyard.dataset;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A pipeline's dataset trigger as it continues as new: the pipeline, the newest arrival not yet
 * started (or null) and when its burst's run is due (epoch milliseconds, or null).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DatasetTriggerState(String pipeline, DatasetArrival pending, Long dueMillis) {

  /** The trigger's workflow id for a pipeline: {@code datasets-<pipeline>}. */
  public static String workflowId(String pipeline) {
    return "datasets-" + pipeline;
  }
}
