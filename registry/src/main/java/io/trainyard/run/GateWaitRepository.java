package io.trainyard.run;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;

/** The gates runs wait at, and the page of runs still waiting there. */
@JdbcRepository(dialect = Dialect.H2)
public interface GateWaitRepository extends CrudRepository<GateWaitRecord, String> {

  /**
   * Runs still waiting for approvals (their run's state is {@code WAITING_APPROVAL} and the policy
   * is not met yet), longest waiting first (by wait start, then run id), after a keyset cursor
   * ({@code afterWaitingSince}, {@code afterRunId}: the last row of the previous page; the epoch
   * and "" for the first page).
   */
  @Query(
      "SELECT g.* FROM gate_wait g JOIN run r ON r.run_id = g.run_id"
          + " WHERE r.state = 'WAITING_APPROVAL' AND g.approvals < g.required"
          + " AND (g.waiting_since > :afterWaitingSince"
          + " OR (g.waiting_since = :afterWaitingSince AND g.run_id > :afterRunId))"
          + " ORDER BY g.waiting_since, g.run_id LIMIT :limit")
  List<GateWaitRecord> waiting(Instant afterWaitingSince, String afterRunId, int limit);

  /**
   * Move the approvals so far forward to {@code approvals} (never back: answers of concurrent
   * decisions may arrive out of order); the number of rows changed.
   */
  @Query(
      "UPDATE gate_wait SET approvals = :approvals, approved_by_json = :approvedByJson"
          + " WHERE run_id = :runId AND approvals < :approvals")
  int approved(@Id String runId, int approvals, String approvedByJson);
}
