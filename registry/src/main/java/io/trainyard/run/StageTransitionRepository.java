package io.trainyard.run;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;

/** The stage transitions of runs. */
@JdbcRepository(dialect = Dialect.H2)
public interface StageTransitionRepository extends CrudRepository<StageTransitionRecord, Long> {

  /** A run's transitions in the order they were recorded. */
  List<StageTransitionRecord> findByRunIdOrderByIdAsc(String runId);

  /** Whether this exact transition is recorded already (a retried write finds it). */
  boolean existsByRunIdAndStageAndStateAndOccurredAt(
      String runId, String stage, String state, Instant occurredAt);
}
