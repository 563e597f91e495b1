package io.trainyard.step;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

/** The recorded step attempts. */
@JdbcRepository(dialect = Dialect.H2)
public interface StepAttemptRepository extends CrudRepository<StepAttemptRecord, Long> {

  Optional<StepAttemptRecord> findByRunIdAndStepAndAttempt(String runId, String step, int attempt);

  /** A run's attempts in the order they started. */
  List<StepAttemptRecord> findByRunIdOrderByIdAsc(String runId);
}
