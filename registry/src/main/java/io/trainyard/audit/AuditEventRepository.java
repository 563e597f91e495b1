package io.trainyard.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;

/** The append-only audit trail: rows are saved and read, never updated or deleted. */
@JdbcRepository(dialect = Dialect.H2)
public interface AuditEventRepository extends GenericRepository<AuditEventRecord, Long> {

  AuditEventRecord save(AuditEventRecord event);

  /**
   * Newest first, below an id cursor ({@code Long.MAX_VALUE} for the first page), within a time
   * range; the caller filters actor, action and target by passing {@code null} for "any".
   */
  @Query(
      "SELECT * FROM audit_event WHERE id < :beforeId"
          + " AND (CAST(:actor AS VARCHAR(253)) IS NULL OR actor = :actor)"
          + " AND (CAST(:action AS VARCHAR(64)) IS NULL OR action = :action)"
          + " AND (CAST(:target AS VARCHAR(512)) IS NULL OR target = :target)"
          + " AND occurred_at >= :from AND occurred_at < :to"
          + " ORDER BY id DESC LIMIT :limit")
  List<AuditEventRecord> page(
      long beforeId,
      @Nullable String actor,
      @Nullable String action,
      @Nullable String target,
      Instant from,
      Instant to,
      int limit);
}
