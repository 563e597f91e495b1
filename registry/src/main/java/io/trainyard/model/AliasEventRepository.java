package io.trainyard.model;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;

/** The append-only history of alias moves. */
@JdbcRepository(dialect = Dialect.H2)
public interface AliasEventRepository extends GenericRepository<AliasEventRecord, Long> {

  AliasEventRecord save(AliasEventRecord event);

  /** A model's alias moves in the order they happened. */
  List<AliasEventRecord> findByModelOrderByIdAsc(String model);

  /** One alias's moves in the order they happened. */
  List<AliasEventRecord> findByModelAndAliasOrderByIdAsc(String model, String alias);
}
