package io.trainyard.run;

import io.trainyard.step.StepAttemptRecord;
import io.trainyard.step.StepAttemptRepository;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Ends, in the registry, the runs whose workflows the Temporal server no longer has (the embedded
 * server's database was deleted), so they show {@code ABANDONED} with the reason instead of
 * running for ever.
 */
@Singleton
public class AbandonedRuns {
  /** Why a run is ABANDONED: what its user reads. */
  public static final String LOST_WORKFLOW =
      "the Temporal server no longer has this run's workflow (its database was deleted)";

  private static final List<String> ACTIVE =
      Arrays.stream(RunState.values()).filter(s -> !s.isFinal()).map(RunState::name).toList();

  private final RunRepository runs;
  private final StageTransitionRepository transitions;
  private final StepAttemptRepository attempts;

  public AbandonedRuns(
      RunRepository runs, StageTransitionRepository transitions, StepAttemptRepository attempts) {
    this.runs = runs;
    this.transitions = transitions;
    this.attempts = attempts;
  }

  /**
   * Mark every running or waiting run as abandoned, and its step attempts still running as cancelled.
   *
   * @param reason the message the abandoned runs show
   * @return how many runs were marked
   */
  public int abandonInFlight(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("reason is required: say why the runs are abandoned");
    }
    int marked = 0;
    for (RunRecord run : runs.findByStateIn(ACTIVE)) {
      Instant now = Instant.now();
      runs.update(
          run.runId(), RunState.ABANDONED.name(), run.stage(), reason, run.metricsJson(),
          run.modelVersion(), run.alias(), now);
      transitions.save(StageTransitionRecord.of(run.runId(), run.stage(), RunState.ABANDONED.name(), reason, now));
      cancelRunningAttempts(run.runId(), reason, now);
      marked++;
    }
    return marked;
  }

  private void cancelRunningAttempts(String runId, String reason, Instant now) {
    for (StepAttemptRecord a : attempts.findByRunIdOrderByIdAsc(runId)) {
      if (StepState.RUNNING.name().equals(a.state())) {
        attempts.update(new StepAttemptRecord(
            a.id(), a.runId(), a.stage(), a.step(), a.attempt(), StepState.CANCELLED.name(),
            a.hardware(), a.executor(), a.logUri(), a.exitCode(), reason, a.metricsJson(),
            a.outputsJson(), a.cached(), a.startedAt(), now, a.runningMillis(), a.preemptedMillis(), a.hourlyPrice(),
            a.cost(), a.saved(), a.queueMillis(), a.startupMillis(), a.engineMillis(), a.builtin(), a.builtinVersion(),
            a.image(), a.imageDigest()));
      }
    }
  }
}
