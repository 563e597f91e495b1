package io.trainyard.model;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

/** The current aliases of models. */
@JdbcRepository(dialect = Dialect.H2)
public interface ModelAliasRepository extends CrudRepository<ModelAliasRecord, Long> {

  Optional<ModelAliasRecord> findByModelAndAlias(String model, String alias);

  List<ModelAliasRecord> findByModelOrderByAliasAsc(String model);
}
