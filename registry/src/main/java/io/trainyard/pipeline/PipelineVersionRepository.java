package io.trainyard.pipeline;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

/** The stored pipeline versions. */
@JdbcRepository(dialect = Dialect.H2)
public interface PipelineVersionRepository extends CrudRepository<PipelineVersionRecord, Long> {

  Optional<PipelineVersionRecord> findByNameAndVersion(String name, String version);

  Optional<PipelineVersionRecord> findByNameAndNumber(String name, int number);

  List<PipelineVersionRecord> findByNameOrderByCreatedAtDesc(String name);

  /** A pipeline's versions, first to last. */
  List<PipelineVersionRecord> findByNameOrderByNumberAsc(String name);

  /** A pipeline's highest version number. */
  Optional<Integer> findMaxNumberByName(String name);

  /** The latest version of every pipeline, by name. */
  @Query("SELECT * FROM pipeline_version p WHERE number ="
      + " (SELECT MAX(number) FROM pipeline_version q WHERE q.name = p.name) ORDER BY name")
  List<PipelineVersionRecord> findLatestOfEach();
}
