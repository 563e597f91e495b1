package io.trainyard.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * How a rollback goes: {@code live-rollout} (a run's rollout was undone; {@code run} says how it
 * ended) or {@code restore} (a restore run, {@code runId}, moves production from {@code from}
 * back to {@code to}).
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RollbackAnswer(
    String mode,
    String runId,
    // absent rather than null (NON_NULL): optional in the document, not nullable
    @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, nullable = false) @Nullable RolledBackRun run,
    @Nullable Integer from,
    @Nullable Integer to) {
  public static final String LIVE_ROLLOUT = "live-rollout";
  public static final String RESTORE = "restore";

  static RollbackAnswer liveRollout(String runId, RolledBackRun run) {
    return new RollbackAnswer(LIVE_ROLLOUT, runId, run, null, null);
  }

  static RollbackAnswer restore(String runId, int from, int to) {
    return new RollbackAnswer(RESTORE, runId, null, from, to);
  }
}
