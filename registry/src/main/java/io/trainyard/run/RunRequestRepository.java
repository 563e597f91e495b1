package io.trainyard.run;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.Optional;

/** The runs started through the API, by run id and by (caller, idempotency key). */
@JdbcRepository(dialect = Dialect.H2)
public interface RunRequestRepository extends CrudRepository<RunRequestRecord, String> {

  Optional<RunRequestRecord> findByStartedByAndIdempotencyKey(String startedBy, String idempotencyKey);

  long countByStartedByAndIdempotencyKey(String startedBy, String idempotencyKey);
}
