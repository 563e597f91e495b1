package io.trainyard.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;

/**
 * What a schedule does when an action comes due while its previous scheduled run is still in flight:
 * Temporal's overlap policy, which counts only the schedule's own runs. Temporal's
 * {@code terminate-other} is left out: it would end the action's workflow, not its run, which
 * would go on unwatched (and a run is never ended without undoing its canary: {@code cancel-other}).
 */
public enum ScheduleOverlap {
  /** Do not start this action. */
  @JsonProperty("skip")
  SKIP(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP),
  /** Start it when the run in flight ends; of the actions due meanwhile, keep only the latest. */
  @JsonProperty("buffer-one")
  BUFFER_ONE(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE),
  /** Start every action due meanwhile, one after the other. */
  @JsonProperty("buffer-all")
  BUFFER_ALL(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ALL),
  /** Cancel the run in flight, then start this one when it has ended. */
  @JsonProperty("cancel-other")
  CANCEL_OTHER(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_CANCEL_OTHER),
  /** Start this one at once, whatever is in flight. */
  @JsonProperty("allow-all")
  ALLOW_ALL(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL);

  private final ScheduleOverlapPolicy temporal;

  ScheduleOverlap(ScheduleOverlapPolicy temporal) {
    this.temporal = temporal;
  }

  /** Temporal's policy of the same name, for the schedule's {@code ScheduleOptions}/{@code SchedulePolicy}. */
  public ScheduleOverlapPolicy toTemporal() {
    return temporal;
  }
}
