package io.trainyard.run;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** The recorded runs. */
@JdbcRepository(dialect = Dialect.H2)
public interface RunRepository extends CrudRepository<RunRecord, String> {

  /** Runs, newest first. */
  List<RunRecord> listOrderByStartedAtDesc(Pageable pageable);

  /** The newest {@code limit} runs. */
  default List<RunRecord> newest(int limit) {
    return listOrderByStartedAtDesc(Pageable.from(0, limit));
  }

  /** A pipeline's runs, newest first. */
  List<RunRecord> findByPipelineOrderByStartedAtDesc(String pipeline, Pageable pageable);

  /** Runs in any of these states (names of {@code RunState}). */
  List<RunRecord> findByStateIn(Collection<String> state);

  /** Record where a run stands now. */
  void update(@Id String runId, String state, String stage, @Nullable String message);

  /** Record a run's end. */
  void update(
      @Id String runId,
      String state,
      String stage,
      @Nullable String message,
      String metricsJson,
      @Nullable Integer modelVersion,
      @Nullable String alias,
      @Nullable Instant finishedAt);

  /**
   * Newest first (by start, then run id), after a keyset cursor ({@code afterStartedAt},
   * {@code afterRunId}: the last row of the previous page; a far-future instant and "" for the
   * first page), started in [{@code from}, {@code to}); {@code null} filters match any run. A row
   * without a trigger kind (written before runs recorded it) is an {@code api} run.
   */
  @Query(
      "SELECT * FROM run WHERE (CAST(:pipeline AS VARCHAR(253)) IS NULL OR pipeline = :pipeline)"
          + " AND (CAST(:model AS VARCHAR(253)) IS NULL OR model = :model)"
          + " AND (CAST(:state AS VARCHAR(32)) IS NULL OR state = :state)"
          + " AND (CAST(:stage AS VARCHAR(32)) IS NULL OR stage = :stage)"
          + " AND (CAST(:startedBy AS VARCHAR(253)) IS NULL OR started_by = :startedBy)"
          + " AND (CAST(:trigger AS VARCHAR(16)) IS NULL OR COALESCE(trigger_kind, 'api') = :trigger)"
          + " AND started_at >= :from AND started_at < :to"
          + " AND (started_at < :afterStartedAt OR (started_at = :afterStartedAt AND run_id < :afterRunId))"
          + " ORDER BY started_at DESC, run_id DESC LIMIT :limit")
  List<RunRecord> page(
      @Nullable String pipeline,
      @Nullable String model,
      @Nullable String state,
      @Nullable String stage,
      @Nullable String startedBy,
      @Nullable String trigger,
      Instant from,
      Instant to,
      Instant afterStartedAt,
      String afterRunId,
      int limit);
}
