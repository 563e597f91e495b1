package io.trainyard.api.dataset;

import io.micronaut.serde.annotation.Serdeable;

/**
 * What a push did for a pipeline subscribed to the dataset: {@code queued} (its trigger will start
 * a run on the newest version of the burst) or {@code skipped} (a model of the pipeline was trained
 * on this digest already), and why.
 */
@Serdeable
public record TriggerOutcome(String pipeline, String outcome, String detail) {
  static final String QUEUED = "queued";
  static final String SKIPPED = "skipped";
}
