package io.trainyard.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.trainyard.run.RunStatus;

/** A run whose live rollout was rolled back, as it ended: its state, stage, message and candidate version. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RolledBackRun(
    String runId, String state, String stage, @Nullable String message, @Nullable Integer modelVersion) {

  static RolledBackRun of(String runId, RunStatus status) {
    return new RolledBackRun(
        runId,
        status.state().name(),
        status.stage().name(),
        status.message(),
        status.model() == null ? null : status.model().version());
  }
}
