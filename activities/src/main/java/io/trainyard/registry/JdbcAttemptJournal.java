package io.trainyard.registry;

import io.micronaut.data.exceptions.DataAccessException;
import io.trainyard.cost.CostLedger;
import io.trainyard.run.StepState;
import io.trainyard.step.AttemptCost;
import io.trainyard.step.AttemptFinished;
import io.trainyard.step.AttemptJournal;
import io.trainyard.step.AttemptStarted;
import io.trainyard.step.StepTime;
import io.trainyard.step.StepAttemptRecord;
import io.trainyard.step.StepAttemptRepository;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.Instant;

/** The attempt journal kept in the registry's {@code step_attempt} table, one row per attempt. */
@Singleton
public class JdbcAttemptJournal implements AttemptJournal {

  private final StepAttemptRepository attempts;
  private final CostLedger ledger;

  public JdbcAttemptJournal(StepAttemptRepository attempts, CostLedger ledger) {
    this.attempts = attempts;
    this.ledger = ledger;
  }

  @Override
  public BigDecimal spent(String runId) {
    return ledger.spentByRun(runId);
  }

  @Override
  public void started(AttemptStarted attempt) {
    write(new StepAttemptRecord(
        null, attempt.runId(), attempt.stage().name(), attempt.step(), attempt.attempt(),
        StepState.RUNNING.name(), attempt.hardware(), attempt.executor(), attempt.logUri(), null,
        null, "{}", "{}", false, Instant.ofEpochMilli(attempt.atMillis()), null,
        null, null, attempt.hourlyPrice(), null, null, null, null, null, null, null, null, null));
  }

  /** One row with the attempt's start and end (an attempt that ended before its start was written). */
  @Override
  public void recorded(AttemptStarted start, AttemptFinished end) {
    write(new StepAttemptRecord(
        null, start.runId(), start.stage().name(), start.step(), start.attempt(), end.state().name(),
        start.hardware(), start.executor(), start.logUri(), end.exitCode(), end.error(),
        JsonColumns.write(end.metrics()), JsonColumns.write(end.outputs()), end.cached(),
        Instant.ofEpochMilli(start.atMillis()), Instant.ofEpochMilli(end.atMillis()),
        end.cost().runningMillis(), end.cost().preemptedMillis(), start.hourlyPrice(), end.cost().cost(),
        end.cost().saved(), queued(end.time()), startup(end.time()), engine(end.time()), end.runtime().builtin(),
        end.runtime().builtinVersion(), end.runtime().image(), end.runtime().imageDigest()));
  }

  private void write(StepAttemptRecord row) {
    try {
      attempts.save(row);
    } catch (DataAccessException e) {
      if (!UniqueViolation.causedBy(e)) {
        throw e;
      }
      // An activity retried with the same attempt number (a worker that died before Temporal
      // counted the attempt) starts the row over instead of adding a second one.
      var existing = attempts.findByRunIdAndStepAndAttempt(row.runId(), row.step(), row.attempt());
      attempts.update(withId(row, existing.orElseThrow(() -> e).id()));
    }
  }

  @Override
  public void finished(AttemptFinished attempt) {
    AttemptCost cost = attempt.cost();
    long changed = attempts.updateByRunIdAndStepAndAttempt(
        attempt.runId(), attempt.step(), attempt.attempt(), attempt.state().name(), attempt.exitCode(),
        attempt.error(), JsonColumns.write(attempt.metrics()), JsonColumns.write(attempt.outputs()),
        attempt.cached(), Instant.ofEpochMilli(attempt.atMillis()), cost.runningMillis(), cost.preemptedMillis(),
        cost.cost(), cost.saved(), queued(attempt.time()), startup(attempt.time()), engine(attempt.time()),
        attempt.runtime().builtin(), attempt.runtime().builtinVersion(), attempt.runtime().image(),
        attempt.runtime().imageDigest());
    if (changed == 0) {
      throw new IllegalStateException(
          "attempt " + attempt.attempt() + " of step '" + attempt.step() + "' in run '"
              + attempt.runId() + "' finished without being started");
    }
  }

  private static StepAttemptRecord withId(StepAttemptRecord row, Long id) {
    return new StepAttemptRecord(
        id, row.runId(), row.stage(), row.step(), row.attempt(), row.state(), row.hardware(),
        row.executor(), row.logUri(), row.exitCode(), row.error(), row.metricsJson(),
        row.outputsJson(), row.cached(), row.startedAt(), row.finishedAt(), row.runningMillis(),
        row.preemptedMillis(), row.hourlyPrice(), row.cost(), row.saved(), row.queueMillis(), row.startupMillis(),
        row.engineMillis(), row.builtin(), row.builtinVersion(), row.image(), row.imageDigest());
  }

  private static Long queued(StepTime time) {
    return time == null ? null : time.queueMillis();
  }

  private static Long startup(StepTime time) {
    return time == null ? null : time.startupMillis();
  }

  private static Long engine(StepTime time) {
    return time == null ? null : time.engineMillis();
  }
}
