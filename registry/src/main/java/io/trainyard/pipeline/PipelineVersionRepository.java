package io.trainyard.pipeline;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

/** The stored pipeline versions. */
@JdbcRepository(dialect = Dialect.H2)
public interface PipelineVersionRepository extends CrudRepository<PipelineVersionRecord, Long> {

  Optional<PipelineVersionRecord> findByNameAndVersion(String name, String version);

  List<PipelineVersionRecord> findByNameOrderByCreatedAtDesc(String name);
}
