package io.trainyard.run;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A run entered a stage or changed state (names of {@code Stage} and {@code RunState}). */
@MappedEntity(value = "stage_transition", escape = false)
public record StageTransitionRecord(
    @Id @GeneratedValue @Nullable Long id,
    String runId,
    String stage,
    String state,
    @Nullable String detail,
    Instant occurredAt) {

  /** A transition not stored yet. */
  public static StageTransitionRecord of(
      String runId, String stage, String state, @Nullable String detail, Instant occurredAt) {
    return new StageTransitionRecord(null, runId, stage, state, detail, occurredAt);
  }
}
