package io.trainyard.cost;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import io.trainyard.step.StepAttemptRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** What runs spent, read from the priced step attempts ({@code step_attempt.cost}) and their runs. */
@JdbcRepository(dialect = Dialect.H2)
public interface CostLedger extends GenericRepository<StepAttemptRecord, Long> {

  /** What a run's attempts cost so far (attempts still running count once they end). */
  @Query("SELECT COALESCE(SUM(cost), 0) FROM step_attempt WHERE run_id = :runId")
  BigDecimal spentByRun(String runId);

  /** What the runs of a model spent in attempts started in [{@code from}, {@code to}). */
  @Query("SELECT COALESCE(SUM(a.cost), 0) FROM step_attempt a JOIN run r ON r.run_id = a.run_id"
      + " WHERE r.model = :model AND a.started_at >= :from AND a.started_at < :to")
  BigDecimal spentByModel(String model, Instant from, Instant to);

  /** A run's priced attempts, in the order they started. */
  @Query("SELECT a.run_id, r.pipeline, r.model, r.team, a.stage, a.state, a.cached, a.started_at, a.running_millis,"
      + " a.preempted_millis, a.hourly_price, a.cost, a.saved FROM step_attempt a JOIN run r ON r.run_id = a.run_id"
      + " WHERE a.run_id = :runId ORDER BY a.started_at, a.id")
  List<CostLine> ofRun(String runId);

  /**
   * The attempts started in [{@code from}, {@code to}) of runs matching the filters ({@code null}
   * matches any; a run without a team matches only no filter).
   */
  @Query("SELECT a.run_id, r.pipeline, r.model, r.team, a.stage, a.state, a.cached, a.started_at, a.running_millis,"
      + " a.preempted_millis, a.hourly_price, a.cost, a.saved FROM step_attempt a JOIN run r ON r.run_id = a.run_id"
      + " WHERE a.started_at >= :from AND a.started_at < :to"
      + " AND (CAST(:model AS VARCHAR(253)) IS NULL OR r.model = :model)"
      + " AND (CAST(:pipeline AS VARCHAR(253)) IS NULL OR r.pipeline = :pipeline)"
      + " AND (CAST(:team AS VARCHAR(253)) IS NULL OR r.team = :team)"
      + " ORDER BY a.started_at, a.id")
  List<CostLine> between(Instant from, Instant to, @Nullable String model, @Nullable String pipeline, @Nullable String team);
}
