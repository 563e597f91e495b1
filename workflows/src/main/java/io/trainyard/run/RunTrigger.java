package io.trainyard.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * What started a run: a REST call ({@link #api()}), the CLI ({@link #cli()}), a Temporal Schedule
 * ({@link #schedule}: its id and the time the action was scheduled for) or a dataset version
 * ({@link #dataset}: name, version number, digest) or a reproduction of an earlier run ({@link
 * #reproduce}: the run it reproduces). The fields of other kinds are null. A trigger
 * without a kind reads as api, as a run input without a trigger does.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunTrigger(
    TriggerKind kind,
    String scheduleId,
    Instant scheduledAt,
    String dataset,
    Integer datasetVersion,
    String digest,
    String reproduces) {
  private static final String SHA256 = "sha256:";

  public RunTrigger {
    kind = kind == null ? TriggerKind.API : kind;
  }

  /** A REST call from a client other than the CLI. */
  public static RunTrigger api() {
    return new RunTrigger(TriggerKind.API, null, null, null, null, null, null);
  }

  /** The {@code trainyard} command. */
  public static RunTrigger cli() {
    return new RunTrigger(TriggerKind.CLI, null, null, null, null, null, null);
  }

  /** The action of schedule {@code scheduleId} scheduled for {@code scheduledAt}. */
  public static RunTrigger schedule(String scheduleId, Instant scheduledAt) {
    return new RunTrigger(TriggerKind.SCHEDULE, Objects.requireNonNull(scheduleId, "scheduleId"),
        Objects.requireNonNull(scheduledAt, "scheduledAt"), null, null, null, null);
  }

  /**
   * Version {@code version} of dataset {@code name}, whose data has sha256 {@code digest} (kept as
   * {@code sha256:<hex>}; a bare hex digest gets the prefix).
   */
  public static RunTrigger dataset(String name, int version, String digest) {
    Objects.requireNonNull(digest, "digest");
    return new RunTrigger(TriggerKind.DATASET, null, null, Objects.requireNonNull(name, "name"), version,
        digest.startsWith(SHA256) ? digest : SHA256 + digest, null);
  }

  /** A reproduction of run {@code runId}: the same recorded inputs, the step cache off, no rollout. */
  public static RunTrigger reproduce(String runId) {
    return new RunTrigger(TriggerKind.REPRODUCE, null, null, null, null, null, Objects.requireNonNull(runId, "runId"));
  }

  /**
   * One line for people: {@code api}, {@code cli}, {@code schedule trainyard-x at
   * 2026-12-07T03:00:00Z}, {@code dataset churn-events version 3 (3f9a1c2b7d4e)}, {@code reproduce run
   * 3f9c2a7e1b04}.
   */
  public String describe() {
    return switch (kind) {
      case API, CLI -> kind.value();
      case SCHEDULE -> "schedule " + scheduleId + " at " + scheduledAt;
      case DATASET -> "dataset " + dataset + " version " + datasetVersion + " (" + RunStory.shortDigest(digest) + ")";
      case REPRODUCE -> "reproduce run " + reproduces;
    };
  }
}
